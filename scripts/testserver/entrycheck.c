/*
 * The libldap calls ldapsync's LDAPClient makes to decode search entries
 * (Sources/LDAPClient/MessageDecoding.swift: ldap_get_entry_controls, ldap_get_dn_ber, then
 * ldap_get_attribute_ber until it fails or returns no name), on every entry of one paged
 * search, with every return code printed, so selftest.sh can show what ldapsync's decoder gets
 * from each misbehaving server. Not part of ldapsync; selftest.sh compiles it into a temp dir:
 *
 *   cc -o entrycheck entrycheck.c -lldap -llber
 *   entrycheck URI [timeout-seconds]
 *
 * Prints, per message:
 *   ENTRY controls_rc=<rc> [controls=<oid>/<critical|->,...] dn_rc=<rc> dn=<dn>
 *         attrs=<name>:<count>,... end_rc=<rc> (<text>)
 *   DONE parse_rc=<rc> code=<code> (<text>) diagnostic=<...> controls=<oid>/<critical|->,...
 * (criticality as libldap reports it: ldctl_iscritical).
 * and on a failed ldap_result: RESULT_ERROR rc=<rc> ld_errno=<errno> (<text>).
 */
#define LDAP_DEPRECATED 0
#include <ldap.h>
#include <lber.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int ld_errno(LDAP *ld) {
    int code = 0;
    ldap_get_option(ld, LDAP_OPT_RESULT_CODE, &code);
    return code;
}

static void print_entry(LDAP *ld, LDAPMessage *message) {
    LDAPControl **controls = NULL;
    int controls_rc = ldap_get_entry_controls(ld, message, &controls);
    BerElement *ber = NULL;
    struct berval dn = {0, NULL};
    int dn_rc = ldap_get_dn_ber(ld, message, &ber, &dn);
    printf("ENTRY controls_rc=%d", controls_rc);
    for (int i = 0; controls && controls[i]; i++) {
        printf("%s%s/%s", i ? "," : " controls=", controls[i]->ldctl_oid, controls[i]->ldctl_iscritical ? "critical" : "-");
    }
    if (controls) ldap_controls_free(controls);
    printf(" dn_rc=%d dn=%.*s attrs=", dn_rc, dn.bv_val ? (int)dn.bv_len : 6, dn.bv_val ? dn.bv_val : "(none)");
    if (dn_rc != LDAP_SUCCESS) {
        printf(" (ldapsync: \"an entry in the answer has no readable DN\")\n");
        if (ber) ber_free(ber, 0);
        return;
    }
    struct berval name = {0, NULL};
    struct berval *values = NULL;
    int rc;
    const char *separator = "";
    while ((rc = ldap_get_attribute_ber(ld, message, ber, &name, &values)) == LDAP_SUCCESS && name.bv_val != NULL) {
        int count = 0;
        if (values) {
            while (values[count].bv_val) count++;
            ber_memfree(values);
            values = NULL;
        }
        printf("%s%.*s:%d", separator, (int)name.bv_len, name.bv_val, count);
        separator = ",";
    }
    printf(" end_rc=%d (%s)\n", rc, rc == LDAP_SUCCESS ? "end of attributes" : ldap_err2string(rc));
    if (ber) ber_free(ber, 0);
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: %s URI [timeout-seconds]\n", argv[0]);
        return 2;
    }
    int seconds = argc > 2 ? atoi(argv[2]) : 5;
    setenv("LDAPNOINIT", "1", 1);
    LDAP *ld = NULL;
    int rc = ldap_initialize(&ld, argv[1]);
    if (rc != LDAP_SUCCESS) { printf("INIT rc=%d (%s)\n", rc, ldap_err2string(rc)); return 1; }
    int version = LDAP_VERSION3;
    ldap_set_option(ld, LDAP_OPT_PROTOCOL_VERSION, &version);
    struct berval password = {6, "secret"};
    rc = ldap_sasl_bind_s(ld, "cn=tester,dc=fake,dc=test", LDAP_SASL_SIMPLE, &password, NULL, NULL, NULL);
    if (rc != LDAP_SUCCESS) { printf("BIND rc=%d (%s)\n", rc, ldap_err2string(rc)); return 1; }
    struct berval cookie = {0, NULL};
    int entries = 0;
    for (;;) {
        LDAPControl *paging = NULL;
        ldap_create_page_control(ld, 1000, &cookie, 1, &paging);
        LDAPControl *server_controls[] = {paging, NULL};
        int message_id = 0;
        rc = ldap_search_ext(ld, "dc=fake,dc=test", LDAP_SCOPE_SUBTREE, "(objectClass=*)", NULL, 0,
                             server_controls, NULL, NULL, 0, &message_id);
        ldap_control_free(paging);
        if (rc != LDAP_SUCCESS) { printf("SEARCH rc=%d (%s)\n", rc, ldap_err2string(rc)); return 1; }
        if (cookie.bv_val) { ber_memfree(cookie.bv_val); cookie.bv_val = NULL; cookie.bv_len = 0; }
        for (;;) {
            LDAPMessage *message = NULL;
            struct timeval timeout = {seconds, 0};
            rc = ldap_result(ld, message_id, LDAP_MSG_ONE, &timeout, &message);
            if (rc <= 0) {
                printf("RESULT_ERROR rc=%d ld_errno=%d (%s) after %d entries\n", rc, ld_errno(ld),
                       rc == 0 ? "timeout" : ldap_err2string(ld_errno(ld)), entries);
                fflush(stdout);
                return 1;
            }
            if (rc == LDAP_RES_SEARCH_ENTRY) {
                entries++;
                print_entry(ld, message);
                ldap_msgfree(message);
                continue;
            }
            if (rc != LDAP_RES_SEARCH_RESULT) { ldap_msgfree(message); continue; }
            int code = 0;
            char *matched = NULL, *text = NULL;
            LDAPControl **controls = NULL;
            int parse_rc = ldap_parse_result(ld, message, &code, &matched, &text, NULL, &controls, 1);
            printf("DONE parse_rc=%d code=%d (%s) diagnostic=%s controls=", parse_rc, code, ldap_err2string(code), text ? text : "");
            for (int i = 0; controls && controls[i]; i++) {
                printf("%s%s/%s", i ? "," : "", controls[i]->ldctl_oid, controls[i]->ldctl_iscritical ? "critical" : "-");
            }
            printf("\n");
            if (controls) {
                ber_int_t estimate = 0;
                LDAPControl *page = ldap_control_find(LDAP_CONTROL_PAGEDRESULTS, controls, NULL);
                if (page) ldap_parse_pageresponse_control(ld, page, &estimate, &cookie);
                ldap_controls_free(controls);
            }
            if (matched) ldap_memfree(matched);
            if (text) ldap_memfree(text);
            break;
        }
        if (cookie.bv_len == 0) break;
    }
    printf("TOTAL entries=%d\n", entries);
    ldap_unbind_ext_s(ld, NULL, NULL);
    return 0;
}
