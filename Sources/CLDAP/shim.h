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
#include <malloc.h>

/// Gives the memory malloc holds free (in every thread's arena) back to the system.
static inline void cldap_release_freed_memory(void) {
    malloc_trim(0);
}

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

/// Copies the peer's certificate (DER) of the handle's TLS session into `der`; 0 on success.
/// Free `der->bv_val` with ldap_memfree.
static inline int cldap_peer_certificate(LDAP *ld, struct berval *der) {
    der->bv_len = 0;
    der->bv_val = NULL;
    int rc = ldap_get_option(ld, LDAP_OPT_X_TLS_PEERCERT, der);
    return rc == LDAP_OPT_SUCCESS && der->bv_val != NULL ? 0 : -1;
}

/// libldap 2.5 bounds a TLS handshake by LDAP_OPT_NETWORK_TIMEOUT only when LDAP_OPT_CONNECT_ASYNC
/// is on and the socket is non-blocking; otherwise it retries the non-blocking handshake without
/// polling: 100% CPU forever against a server that accepts and never answers. Turning the option
/// on before connecting would also make the TCP connect asynchronous, and libldap would then
/// stop at a host's first address instead of trying the next. So it is turned on here, by a
/// connection callback, once TCP is up and before any TLS.
static inline int cldap_bound_handshake_on_connect(LDAP *ld, Sockbuf *sb, LDAPURLDesc *srv,
                                                   struct sockaddr *addr, struct ldap_conncb *ctx) {
    (void)srv; (void)addr; (void)ctx;
    if (ber_sockbuf_ctrl(sb, LBER_SB_OPT_SET_NONBLOCK, (void *)1) != 1) return -1;
    return ldap_set_option(ld, LDAP_OPT_CONNECT_ASYNC, LDAP_OPT_ON) == LDAP_OPT_SUCCESS ? 0 : -1;
}

/// The matching teardown callback: nothing to undo.
static inline void cldap_bound_handshake_on_close(LDAP *ld, Sockbuf *sb, struct ldap_conncb *ctx) {
    (void)ld; (void)sb; (void)ctx;
}

/// Makes every TLS handshake on the handle time out after LDAP_OPT_NETWORK_TIMEOUT (see above).
static inline int cldap_bound_tls_handshake(LDAP *ld) {
    static struct ldap_conncb callbacks = {
        cldap_bound_handshake_on_connect, cldap_bound_handshake_on_close, NULL
    };
    return ldap_set_option(ld, LDAP_OPT_CONNECT_CB, &callbacks);
}

/// Caps the size of one message libldap reads from the server (a message larger than this
/// fails the connection instead of being read into memory whole). Call once connected.
static inline int cldap_set_max_incoming(LDAP *ld, ber_len_t max) {
    Sockbuf *sb = NULL;
    if (ldap_get_option(ld, LDAP_OPT_SOCKBUF, &sb) != LDAP_OPT_SUCCESS || sb == NULL) return -1;
    return ber_sockbuf_ctrl(sb, LBER_SB_OPT_SET_MAX_INCOMING, &max) == 1 ? 0 : -1;
}

#endif
