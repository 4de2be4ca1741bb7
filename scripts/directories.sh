#!/usr/bin/env bash
# Throwaway real directories for ldapsync's tests, demo and benchmarks.
#
#   scripts/directories.sh start|stop|status|reset [source|target|samba|postgres|all]   (default: all)
#   scripts/directories.sh run source|target|samba|postgres  foreground, for containers (exec)
#   scripts/directories.sh certs                       only create the throwaway CA + certs
#
#   source  OpenLDAP dc=contoso,dc=com    ldap://127.0.0.1:3389  ldaps://127.0.0.1:3636
#   target  OpenLDAP dc=cloud,dc=example  ldap://127.0.0.1:4389  ldaps://127.0.0.1:4636
#   samba   Samba AD DC CONTOSO.COM       ldap://127.0.0.1:389   ldaps://127.0.0.1:636 (root)
#   postgres  PostgreSQL (the PostgreSQL store's tests)  127.0.0.1:55432, TLS, role ldapsync
#   bench-source|bench-target|bench-consumer: benchmark slapds on 5389-5391 (scripts/bench/run.sh
#           starts them with its own LDAPSYNC_DEV_DIR on tmpfs; never included in `all`)
#
# Addresses and dev credentials: scripts/dev.env. State: $LDAPSYNC_DEV_DIR (default .dev/).
# start   idempotent: a running, answering directory is left alone; otherwise builds what is
#         missing (seed data, certificates) and waits until each answers a base search.
# stop    kills the PID from the directory's pid file and waits until it is gone.
# reset   stop + wipe that directory's state + start from the seed (undoes lockouts).
# Exit status is non-zero if any requested directory failed.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export REPO_ROOT
# shellcheck source=lib/common.sh
source "$REPO_ROOT/scripts/lib/common.sh"
# shellcheck source=lib/certs.sh
source "$REPO_ROOT/scripts/lib/certs.sh"
# shellcheck source=lib/slapd.sh
source "$REPO_ROOT/scripts/lib/slapd.sh"
# shellcheck source=lib/samba.sh
source "$REPO_ROOT/scripts/lib/samba.sh"
# shellcheck source=lib/postgres.sh
source "$REPO_ROOT/scripts/lib/postgres.sh"

usage() {
    sed -n '2,19p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
    exit "${1:-2}"
}

prepare_common() {
    mkdir -p "$DEV_DIR"
    write_all_secrets
    ensure_certs
}

dispatch() {
    local action="$1" name="$2"
    case "$name" in
        source|target|bench-source|bench-target|bench-consumer) "slapd_$action" "$name" ;;
        samba) "samba_$action" ;;
        postgres) "postgres_$action" ;;
    esac
}

main() {
    local action="${1:-}" which="${2:-all}"
    case "$action" in
        start|stop|status|reset|run|certs) ;;
        -h|--help|help) usage 0 ;;
        *) usage ;;
    esac
    [[ $# -le 2 ]] || usage

    if [[ "$action" == certs ]]; then
        mkdir -p "$DEV_DIR"
        ensure_certs
        return 0
    fi

    local names
    case "$which" in
        all) names=(source target samba postgres) ;;
        source|target|samba|postgres|bench-source|bench-target|bench-consumer) names=("$which") ;;
        *) usage ;;
    esac

    if [[ "$action" == run ]]; then
        [[ "$which" != all ]] || die "run takes one directory: source, target or samba"
        prepare_common
        dispatch run "$which"   # execs the server
        return 1
    fi

    local t0=$EPOCHREALTIME
    mkdir -p "$DEV_DIR"
    if [[ "$action" != status ]]; then
        # One start/stop/reset at a time (parallel test runners may all call start).
        # Servers are started with fd 9 closed so that they do not keep holding the lock.
        exec 9> "$DEV_DIR/.lock"
        if ! flock -w 300 9; then
            die "another scripts/directories.sh is still running (lock $DEV_DIR/.lock)"
        fi
    fi
    case "$action" in
        start|reset) prepare_common ;;
        status|stop) write_all_secrets ;;
    esac

    local name failed=()
    for name in "${names[@]}"; do
        # A failing directory must not stop the others: collect, report, exit non-zero at the end.
        # (A subshell outside any `if`, so that errexit stays in force inside it.)
        set +e
        ( set -e; dispatch "$action" "$name" )
        local rc=$?
        set -e
        ((rc == 0)) || failed+=("$name")
    done
    if [[ "$action" == start || "$action" == reset ]]; then
        log "directories: ${action} done in $(elapsed "$t0") s"
    fi
    if ((${#failed[@]})); then
        case "$action" in
            status) warn "not running: ${failed[*]}" ;;
            *) warn "$action failed: ${failed[*]}" ;;
        esac
        return 1
    fi
}

main "$@"
