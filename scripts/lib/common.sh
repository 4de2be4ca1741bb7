# shellcheck shell=bash
# Shared helpers for scripts/directories.sh: paths, logging, PID files, readiness polling.
# Sourced, not executed. Expects REPO_ROOT to be set by the caller.

: "${REPO_ROOT:?REPO_ROOT must be set before sourcing common.sh}"

# Addresses, DNs and dev passwords (overridable from the environment).
# shellcheck source=../dev.env
source "$REPO_ROOT/scripts/dev.env"

DEV_DIR="$LDAPSYNC_DEV_DIR"
SECRETS_DIR="$DEV_DIR/secrets"
# (Used by slapd.sh and samba.sh.)
# shellcheck disable=SC2034
# Address the servers listen on. 127.0.0.1 natively; 0.0.0.0 inside containers.
LISTEN_HOST="${LDAPSYNC_LISTEN_HOST:-127.0.0.1}"
# Seconds to wait for a server to answer a base search.
START_TIMEOUT="${LDAPSYNC_START_TIMEOUT:-30}"
# shellcheck disable=SC2034
# The system interpreter has python3-ldap and the samba bindings (a pyenv python may not).
SYSTEM_PYTHON="${LDAPSYNC_SYSTEM_PYTHON:-/usr/bin/python3}"

# libldap must not pick up /etc/ldap/ldap.conf or ~/.ldaprc while we poll.
export LDAPNOINIT=1

log()  { printf '%s\n' "$*"; }
warn() { printf 'directories: %s\n' "$*" >&2; }
die()  { printf 'directories: error: %s\n' "$*" >&2; exit 1; }

# write_secret NAME VALUE: a 0600 file holding exactly VALUE (no newline), for `ldap* -y FILE`.
# Prints the path. The value travels through printf (a builtin), never through argv of a program.
write_secret() {
    local name="$1" value="$2" path
    path="$SECRETS_DIR/$name.pw"
    mkdir -p "$SECRETS_DIR"
    chmod 700 "$SECRETS_DIR"
    ( umask 077; printf '%s' "$value" > "$path.tmp" )
    mv -f "$path.tmp" "$path"
    printf '%s\n' "$path"
}

# Password files for every account the scripts (and people poking around) bind with.
write_all_secrets() {
    write_secret source-admin   "$LDAPSYNC_SOURCE_ADMIN_PASSWORD" >/dev/null
    write_secret source-svc     "$LDAPSYNC_SOURCE_SVC_PASSWORD" >/dev/null
    write_secret source-lock    "$LDAPSYNC_SOURCE_LOCK_PASSWORD" >/dev/null
    write_secret source-user    "$LDAPSYNC_SOURCE_USER_PASSWORD" >/dev/null
    write_secret target-admin   "$LDAPSYNC_TARGET_ADMIN_PASSWORD" >/dev/null
    write_secret target-svc     "$LDAPSYNC_TARGET_SVC_PASSWORD" >/dev/null
    write_secret samba-admin    "$LDAPSYNC_SAMBA_ADMIN_PASSWORD" >/dev/null
    write_secret samba-svc      "$LDAPSYNC_SAMBA_SVC_PASSWORD" >/dev/null
    write_secret samba-test     "$LDAPSYNC_SAMBA_TEST_PASSWORD" >/dev/null
    write_secret postgres       "$LDAPSYNC_POSTGRES_PASSWORD" >/dev/null
}

# pid_alive PIDFILE EXPECT: true if PIDFILE names a live process whose command line contains
# EXPECT (guards against a recycled PID that now belongs to a stranger).
pid_alive() {
    local pidfile="$1" expect="$2" pid
    [[ -s "$pidfile" ]] || return 1
    pid="$(tr -dc '0-9' < "$pidfile")"
    [[ -n "$pid" ]] || return 1
    [[ -r "/proc/$pid/cmdline" ]] || return 1
    tr '\0' ' ' < "/proc/$pid/cmdline" | grep -qF -- "$expect"
}

pid_of() { tr -dc '0-9' < "$1"; }

# stop_pid PIDFILE EXPECT NAME: TERM the process, wait up to 15 s, then KILL. Removes PIDFILE.
stop_pid() {
    local pidfile="$1" expect="$2" name="$3" pid i
    if ! pid_alive "$pidfile" "$expect"; then
        rm -f "$pidfile"
        log "$name: not running"
        return 0
    fi
    pid="$(pid_of "$pidfile")"
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < 150; i++)); do
        [[ -d "/proc/$pid" ]] || break
        # A zombie child of ours counts as gone.
        if [[ "$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null)" == Z ]]; then break; fi
        sleep 0.1
    done
    if [[ -d "/proc/$pid" ]] && [[ "$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null)" != Z ]]; then
        warn "$name: pid $pid did not exit after 15 s, sending KILL"
        kill -KILL "$pid" 2>/dev/null || true
        sleep 0.2
    fi
    rm -f "$pidfile"
    log "$name: stopped (pid $pid)"
}

# port_busy PORT: true if something listens on LISTEN_HOST:PORT (or on the wildcard address).
port_busy() {
    local port="$1"
    ss -Hltn 2>/dev/null | awk '{print $4}' | grep -Eq "(^|[^0-9])(127\.0\.0\.1|0\.0\.0\.0|\*|\[::\]|\[::1\]):$port\$"
}

# wait_ready NAME LOGFILE PIDFILE EXPECT -- CMD...: poll CMD (a base search) until it succeeds,
# the process dies, or START_TIMEOUT passes. On failure prints the last log lines and returns 1.
wait_ready() {
    local name="$1" logfile="$2" pidfile="$3" expect="$4"
    shift 5
    local start=$SECONDS out=""
    while true; do
        if out="$("$@" 2>&1)"; then
            return 0
        fi
        # Samba writes its pid file a moment after it forks: allow 3 s before judging.
        if ! pid_alive "$pidfile" "$expect" && (( SECONDS - start >= 3 )); then
            warn "$name: server process is not running"
            break
        fi
        if (( SECONDS - start >= START_TIMEOUT )); then
            warn "$name: no answer to a base search after ${START_TIMEOUT}s"
            break
        fi
        sleep 0.05
    done
    warn "$name: last probe output: $out"
    warn "$name: last lines of $logfile:"
    tail -n 40 "$logfile" >&2 2>/dev/null || true
    return 1
}

# uri_port URI DEFAULT: the port of ldap[s]://host[:port][/...].
uri_port() {
    local rest="${1#*://}"
    rest="${rest%%/*}"
    if [[ "$rest" =~ :([0-9]+)$ ]]; then
        printf '%s\n' "${BASH_REMATCH[1]}"
    else
        printf '%s\n' "$2"
    fi
}

# elapsed T0: seconds since T0 (an $EPOCHREALTIME value), two decimals.
elapsed() {
    awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.2f", b - a }'
}

# stamp_of FILES...: a short hash over the contents of files plus extra words on stdin.
stamp_of() {
    { cat "$@"; cat; } | sha256sum | cut -c1-16
}
