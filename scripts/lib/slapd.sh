# shellcheck shell=bash
# OpenLDAP test directories (source, target): build cn=config + data offline with slapadd,
# start/stop/status. Sourced by scripts/directories.sh after common.sh and certs.sh.
#
# State of directory NAME under $DEV_DIR/NAME:
#   slapd.d/  cn=config        data/  mdb files        slapd.pid  slapd.log  stamp
#
# slapd runs in the foreground (-d) in the background of our shell, so everything it says goes
# to slapd.log (there is no syslog here); it writes its own pid file.

# slapd_vars NAME: set S_* variables for one of the two OpenLDAP directories.
slapd_vars() {
    S_NAME="$1"
    S_DIR="$DEV_DIR/$1"
    S_CONF="$S_DIR/slapd.d"
    S_DB="$S_DIR/data"
    S_PID="$S_DIR/slapd.pid"
    S_LOG="$S_DIR/slapd.log"
    S_STAMP="$S_DIR/stamp"
    case "$1" in
        source)
            S_URI="$LDAPSYNC_SOURCE_URI"
            S_LDAPS_URI="$LDAPSYNC_SOURCE_LDAPS_URI"
            S_SUFFIX="$LDAPSYNC_SOURCE_BASE"
            S_ROOTDN="$LDAPSYNC_SOURCE_ADMIN_DN"
            S_ADMIN_SECRET="source-admin"
            S_SVCDN="$LDAPSYNC_SOURCE_SVC_DN"
            S_SEED="$REPO_ROOT/ldif/source.ldif"
            # Service-account passwords come from the environment (the seed has the defaults).
            S_PASSWORDS=(LDAPSYNC_SOURCE_SVC_DN=LDAPSYNC_SOURCE_SVC_PASSWORD
                         LDAPSYNC_SOURCE_LOCK_DN=LDAPSYNC_SOURCE_LOCK_PASSWORD)
            ;;
        target)
            S_URI="$LDAPSYNC_TARGET_URI"
            S_LDAPS_URI="$LDAPSYNC_TARGET_LDAPS_URI"
            S_SUFFIX="$LDAPSYNC_TARGET_BASE"
            S_ROOTDN="$LDAPSYNC_TARGET_ADMIN_DN"
            S_ADMIN_SECRET="target-admin"
            S_SVCDN="$LDAPSYNC_TARGET_SVC_DN"
            S_SEED="$REPO_ROOT/ldif/target.ldif"
            S_PASSWORDS=(LDAPSYNC_TARGET_SVC_DN=LDAPSYNC_TARGET_SVC_PASSWORD)
            ;;
        # Benchmark instances (scripts/bench/run.sh; never part of `all`). Same config template.
        # bench-source: the source's suffix and accounts, seeded with a generated LDIF that
        #   already carries the service account's password hash (loaded as is: no rewrite pass).
        # bench-target: the target's suffix and seed.  bench-consumer: the source's suffix,
        #   seeded with its base entry only, for an OpenLDAP syncrepl consumer.
        bench-source|bench-consumer)
            S_SUFFIX="$LDAPSYNC_SOURCE_BASE"
            S_ROOTDN="$LDAPSYNC_SOURCE_ADMIN_DN"
            S_ADMIN_SECRET="source-admin"
            S_SVCDN="$LDAPSYNC_SOURCE_SVC_DN"
            S_PASSWORDS=()
            if [[ "$1" == bench-source ]]; then
                S_URI="${LDAPSYNC_BENCH_SOURCE_URI:-ldap://127.0.0.1:5389}"
                S_LDAPS_URI="${LDAPSYNC_BENCH_SOURCE_LDAPS_URI:-ldaps://127.0.0.1:5636}"
                S_SEED="${LDAPSYNC_BENCH_SOURCE_SEED:-$DEV_DIR/bench-ldif/source.ldif}"
            else
                S_URI="${LDAPSYNC_BENCH_CONSUMER_URI:-ldap://127.0.0.1:5391}"
                S_LDAPS_URI="${LDAPSYNC_BENCH_CONSUMER_LDAPS_URI:-ldaps://127.0.0.1:5638}"
                S_SEED="${LDAPSYNC_BENCH_CONSUMER_SEED:-$DEV_DIR/bench-ldif/consumer.ldif}"
            fi
            ;;
        bench-target)
            S_URI="${LDAPSYNC_BENCH_TARGET_URI:-ldap://127.0.0.1:5390}"
            S_LDAPS_URI="${LDAPSYNC_BENCH_TARGET_LDAPS_URI:-ldaps://127.0.0.1:5637}"
            S_SUFFIX="$LDAPSYNC_TARGET_BASE"
            S_ROOTDN="$LDAPSYNC_TARGET_ADMIN_DN"
            S_ADMIN_SECRET="target-admin"
            S_SVCDN="$LDAPSYNC_TARGET_SVC_DN"
            S_SEED="$REPO_ROOT/ldif/target.ldif"
            S_PASSWORDS=(LDAPSYNC_TARGET_SVC_DN=LDAPSYNC_TARGET_SVC_PASSWORD)
            ;;
        *) die "unknown OpenLDAP directory: $1" ;;
    esac
    # The server listens on the ports of the URIs the tests use.
    S_PORT="$(uri_port "$S_URI" 389)"
    S_TLS_PORT="$(uri_port "$S_LDAPS_URI" 636)"
    # Probe over 127.0.0.1 even when listening on 0.0.0.0 (containers).
    S_PROBE_URI="ldap://127.0.0.1:$S_PORT"
    S_LOGLEVEL="${LDAPSYNC_SLAPD_LOGLEVEL:-none}"
}

# The identity of a built state: inputs that, when changed, require a rebuild.
slapd_stamp() {
    {
        printf '%s\n' "$S_NAME" "$S_DIR" "$S_SUFFIX" "$S_ROOTDN" "$S_SVCDN" "$S_LOGLEVEL"
        printf '%s\n' "${S_PASSWORDS[@]}"
        local pair var
        for pair in "${S_PASSWORDS[@]}"; do
            var="${pair%%=*}"; printf '%s\n' "${!var}"
            var="${pair##*=}"; printf '%s\n' "${!var}"
        done
        cat "$SECRETS_DIR/$S_ADMIN_SECRET.pw"; echo
        slapd -VV 2>&1 | head -n 1 || true
    } | stamp_of "$S_SEED" "$REPO_ROOT/scripts/lib/slapd-config.ldif.in" \
                 "$REPO_ROOT/scripts/lib/slapd.sh" "$REPO_ROOT/scripts/gen-ldif.py"
}

slapd_probe() {
    ldapsearch -x -o nettimeout=2 -H "$S_PROBE_URI" -D "$S_ROOTDN" -y "$SECRETS_DIR/$S_ADMIN_SECRET.pw" \
        -b "$S_SUFFIX" -s base -LLL dn
}

slapd_running() { pid_alive "$S_PID" "$S_CONF"; }

# slapd_build: wipe and recreate cn=config and the database from the template and seed.
slapd_build() {
    local t schemas="" s rootpw
    rm -rf "$S_CONF" "$S_DB"
    mkdir -p "$S_CONF" "$S_DB"
    chmod 700 "$S_DIR"
    # slappasswd reads the password from the 0600 file (-T), not from argv.
    rootpw="$(slappasswd -h '{SSHA}' -T "$SECRETS_DIR/$S_ADMIN_SECRET.pw")"
    for s in core cosine nis inetorgperson; do
        schemas+="$(cat "/etc/ldap/schema/$s.ldif")"$'\n\n'
    done
    t="$(cat "$REPO_ROOT/scripts/lib/slapd-config.ldif.in")"
    # Quoted replacements: bash 5.2 would otherwise expand '&' in them.
    t="${t//@SCHEMAS@/"$schemas"}"
    t="${t//@PIDFILE@/"$S_PID"}"
    t="${t//@ARGSFILE@/"$S_DIR/slapd.args"}"
    t="${t//@LOGLEVEL@/"$S_LOGLEVEL"}"
    t="${t//@CAFILE@/"$DEV_DIR/ca/ca.pem"}"
    t="${t//@CERTFILE@/"$DEV_DIR/ca/server.pem"}"
    t="${t//@KEYFILE@/"$DEV_DIR/ca/server.key"}"
    t="${t//@DBDIR@/"$S_DB"}"
    t="${t//@SUFFIX@/"$S_SUFFIX"}"
    t="${t//@ROOTDN@/"$S_ROOTDN"}"
    t="${t//@ROOTPW@/"$rootpw"}"
    t="${t//@SVCDN@/"$S_SVCDN"}"
    # The map's largest size (sparse on tmpfs): 4 GiB, more for `make bench-large`.
    t="${t//@MAXSIZE@/"${LDAPSYNC_SLAPD_MAXSIZE:-4294967296}"}"
    ( umask 077; printf '%s\n' "$t" > "$S_DIR/config.ldif" )
    if ! slapadd -n0 -F "$S_CONF" -l "$S_DIR/config.ldif" > "$S_DIR/slapadd.log" 2>&1; then
        cat "$S_DIR/slapadd.log" >&2
        die "$S_NAME: slapadd of cn=config failed (see $S_DIR/config.ldif)"
    fi
    rm -f "$S_DIR/config.ldif"
    # A seed without passwords to set (the benchmark's) is loaded as is; the load's duration
    # goes to load.seconds for the benchmark report.
    local seed="$S_DIR/seed.ldif" t0
    if ((${#S_PASSWORDS[@]} == 0)); then
        seed="$S_SEED"
    elif ! "$SYSTEM_PYTHON" "$REPO_ROOT/scripts/gen-ldif.py" set-passwords "${S_PASSWORDS[@]}" \
            < "$S_SEED" > "$S_DIR/seed.ldif" 2>> "$S_DIR/slapadd.log"; then
        cat "$S_DIR/slapadd.log" >&2
        die "$S_NAME: slapadd of $S_SEED failed"
    fi
    t0=$EPOCHREALTIME
    if ! slapadd -n1 -F "$S_CONF" -q -l "$seed" >> "$S_DIR/slapadd.log" 2>&1; then
        cat "$S_DIR/slapadd.log" >&2
        die "$S_NAME: slapadd of $S_SEED failed"
    fi
    elapsed "$t0" > "$S_DIR/load.seconds"
    rm -f "$S_DIR/seed.ldif"
    slapd_stamp > "$S_STAMP"
}

# slapd_prepare: make sure certificates, secrets and a state matching the current seed exist.
slapd_prepare() {
    if [[ -d "$S_CONF" && -d "$S_DB" && -s "$S_STAMP" ]]; then
        if [[ "$(cat "$S_STAMP")" == "$(slapd_stamp)" ]]; then
            return 0
        fi
        log "$S_NAME: seed, config or passwords changed since the state was built: rebuilding"
    fi
    slapd_build
}

slapd_start() {
    slapd_vars "$1"
    if slapd_running; then
        if slapd_probe >/dev/null 2>&1; then
            log "$S_NAME: already running (pid $(pid_of "$S_PID")) $S_URI $S_LDAPS_URI"
            if [[ "$(cat "$S_STAMP" 2>/dev/null)" != "$(slapd_stamp)" ]]; then
                warn "$S_NAME: it runs an older seed/config/password set: scripts/directories.sh reset $S_NAME"
            fi
            return 0
        fi
        wait_ready "$S_NAME" "$S_LOG" "$S_PID" "$S_CONF" -- slapd_probe || return 1
        log "$S_NAME: running (pid $(pid_of "$S_PID")) $S_URI $S_LDAPS_URI"
        return 0
    fi
    rm -f "$S_PID"
    local port
    for port in "$S_PORT" "$S_TLS_PORT"; do
        if port_busy "$port"; then
            warn "$S_NAME: port $port is already in use by another process:"
            ss -Hltnp 2>/dev/null | grep ":$port " >&2 || true
            return 1
        fi
    done
    local t0=$EPOCHREALTIME
    slapd_prepare
    # -d keeps slapd in the foreground: its output goes to slapd.log; setsid detaches it from
    # our terminal and process group so Ctrl-C on a later command does not reach it.
    setsid slapd -d "$S_LOGLEVEL" -F "$S_CONF" \
        -h "ldap://$LISTEN_HOST:$S_PORT/ ldaps://$LISTEN_HOST:$S_TLS_PORT/" \
        > "$S_LOG" 2>&1 < /dev/null 9>&- &
    # slapd writes the same pid there itself; writing it now lets wait_ready notice at once
    # when slapd exits early (port taken, bad config).
    echo $! > "$S_PID"
    disown $! 2>/dev/null || true
    if ! wait_ready "$S_NAME" "$S_LOG" "$S_PID" "$S_CONF" -- slapd_probe; then
        return 1
    fi
    log "$S_NAME: ready in $(elapsed "$t0") s (pid $(pid_of "$S_PID")) $S_URI $S_LDAPS_URI"
}

slapd_stop() {
    slapd_vars "$1"
    stop_pid "$S_PID" "$S_CONF" "$S_NAME"
}

slapd_status() {
    slapd_vars "$1"
    if slapd_running; then
        if slapd_probe >/dev/null 2>&1; then
            log "$S_NAME: running (pid $(pid_of "$S_PID")) $S_URI $S_LDAPS_URI"
            return 0
        fi
        log "$S_NAME: process $(pid_of "$S_PID") alive but not answering $S_URI"
        return 1
    fi
    log "$S_NAME: stopped $S_URI"
    return 1
}

slapd_reset() {
    slapd_stop "$1"
    slapd_vars "$1"
    rm -rf "$S_DIR"
    slapd_start "$1"
}

# slapd_run NAME: foreground (containers): prepare state, then exec slapd in this process.
slapd_run() {
    slapd_vars "$1"
    if slapd_running; then
        die "$S_NAME: already running (pid $(pid_of "$S_PID")): stop it first"
    fi
    slapd_prepare
    log "$S_NAME: serving $S_SUFFIX on ldap://$LISTEN_HOST:$S_PORT/ ldaps://$LISTEN_HOST:$S_TLS_PORT/"
    exec slapd -d "$S_LOGLEVEL" -F "$S_CONF" \
        -h "ldap://$LISTEN_HOST:$S_PORT/ ldaps://$LISTEN_HOST:$S_TLS_PORT/"
}
