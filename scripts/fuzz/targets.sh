# shellcheck shell=bash
# The fuzz targets, and what each is built from. Sourced by build.sh, run.sh and smoke.sh.
# Each target's harness is Fuzz/<name>/*.swift plus Fuzz/Support/*.swift; its seeds are in
# Fuzz/<name>/corpus and the crashes it found (kept as regression inputs) in
# Fuzz/<name>/regressions.

FUZZ_TARGETS=(ber controls attribute-range dn filter schema x509 expression configuration ldif)

# The SwiftPM modules (object files) a target links, in dependency order.
fuzz_modules() {
    case "$1" in
    dn | configuration | ldif) echo "LDAPProtocol RuleLanguage Logging CYaml Yams SyncEngine" ;;
    expression) echo "LDAPProtocol RuleLanguage" ;;
    *) echo "LDAPProtocol" ;;
    esac
}

# Sources compiled into the harness itself: internal types of a module that links libldap.
fuzz_extra_sources() {
    case "$1" in
    x509) echo "Sources/LDAPClient/X509Certificate.swift Sources/LDAPClient/X509Certificate+PEM.swift Sources/LDAPClient/CertificateTime.swift" ;;
    ldif) echo "" ;;
    *) echo "" ;;
    esac
}
