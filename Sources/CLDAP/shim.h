// What Swift cannot import from libldap directly: pointer-cast macros (LDAP_OPT_ON/OFF,
// LDAP_SASL_SIMPLE) and a few option setters with typed arguments.
#ifndef LDAPSYNC_CLDAP_SHIM_H
#define LDAPSYNC_CLDAP_SHIM_H

#define LDAP_DEPRECATED 0
#include <ldap.h>
#include <lber.h>
#include <sys/time.h>
#include <stdlib.h>
#include <signal.h>

/// Sets an int-valued option on a handle.
static inline int cldap_set_int(LDAP *ld, int option, int value) {
    return ldap_set_option(ld, option, &value);
}

/// Sets an on/off option (LDAP_OPT_ON / LDAP_OPT_OFF are pointer casts Swift cannot see).
static inline int cldap_set_flag(LDAP *ld, int option, int on) {
    return ldap_set_option(ld, option, on ? LDAP_OPT_ON : LDAP_OPT_OFF);
}

/// Sets a string-valued option (copied by libldap).
static inline int cldap_set_string(LDAP *ld, int option, const char *value) {
    return ldap_set_option(ld, option, value);
}

/// Sets a timeval option from milliseconds.
static inline int cldap_set_timeout_ms(LDAP *ld, int option, long milliseconds) {
    struct timeval tv;
    tv.tv_sec = milliseconds / 1000;
    tv.tv_usec = (milliseconds % 1000) * 1000;
    return ldap_set_option(ld, option, &tv);
}

/// Reads the handle's last result code.
static inline int cldap_result_code(LDAP *ld) {
    int code = 0;
    ldap_get_option(ld, LDAP_OPT_RESULT_CODE, &code);
    return code;
}

/// Reads (and takes ownership of) the handle's diagnostic message; free with ldap_memfree.
static inline char *cldap_diagnostic_message(LDAP *ld) {
    char *message = NULL;
    ldap_get_option(ld, LDAP_OPT_DIAGNOSTIC_MESSAGE, &message);
    return message;
}

/// Starts a simple bind (LDAP_SASL_SIMPLE is a pointer cast Swift cannot see).
static inline int cldap_simple_bind(LDAP *ld, const char *dn, struct berval *password,
                                    LDAPControl **serverControls, int *msgid) {
    return ldap_sasl_bind(ld, dn, LDAP_SASL_SIMPLE, password, serverControls, NULL, msgid);
}

/// Waits for a result with a timeout in milliseconds (negative waits forever).
static inline int cldap_result(LDAP *ld, int msgid, int all, long milliseconds, LDAPMessage **result) {
    if (milliseconds < 0) {
        return ldap_result(ld, msgid, all, NULL, result);
    }
    struct timeval tv;
    tv.tv_sec = milliseconds / 1000;
    tv.tv_usec = (milliseconds % 1000) * 1000;
    return ldap_result(ld, msgid, all, &tv, result);
}

/// Tells libldap not to read ldap.conf, ~/.ldaprc or LDAP* variables, and ignores SIGPIPE:
/// libldap writes to sockets without MSG_NOSIGNAL, so a server that goes away mid-write would
/// otherwise kill the whole process instead of failing the operation with "server down".
static inline void cldap_disable_environment(void) {
    setenv("LDAPNOINIT", "1", 1);
    signal(SIGPIPE, SIG_IGN);
}

#endif
