# shellcheck shell=bash
# Samba AD DC test directory (CONTOSO.COM): provision, seed, start/stop/status.
# Sourced by scripts/directories.sh after common.sh and certs.sh.
#
# State under $DEV_DIR:
#   samba/            the live DC: etc/smb.conf, private/ (sam.ldb), run/samba.pid, log/
#   samba-pristine/   the same tree right after provisioning + seeding, never started: `start`
#                     (when samba/ is missing) and `reset samba` copy it instead of provisioning
#                     again (provisioning ~3 s, a copy ~0.05 s). The paths inside smb.conf point
#                     at samba/, so the copy is usable as is.
#
# Samba's LDAP ports are hard-coded (389, 636, 3268, 3269) and it also binds the KDC (88, 464):
# it must run as root. It is never given a password in argv: provisioning picks a random
# Administrator password (in the provision log, replaced right after) and
# scripts/lib/samba-seed.py sets every password from the environment.

samba_vars() {
    B_DIR="$DEV_DIR/samba"
    B_PRISTINE="$DEV_DIR/samba-pristine"
    B_CONF="$B_DIR/etc/smb.conf"
    B_PID="$B_DIR/run/samba.pid"
    B_LOG="$B_DIR/log/samba.log"
    B_STAMP="$B_DIR/stamp"
    B_BASE="$LDAPSYNC_SAMBA_BASE"
    B_PROBE_URI="ldap://127.0.0.1:389"
    B_PORTS=(389 636 3268 3269 88 464)
}

samba_stamp() {
    {
        printf '%s\n' "$B_DIR" "$LISTEN_HOST" "$LDAPSYNC_SAMBA_REALM" "$LDAPSYNC_SAMBA_DOMAIN" \
            "$LDAPSYNC_SAMBA_ADMIN_PASSWORD" "$LDAPSYNC_SAMBA_SVC_PASSWORD" "$LDAPSYNC_SAMBA_TEST_PASSWORD"
        samba --version 2>&1 || true
    } | stamp_of "$REPO_ROOT/scripts/lib/samba.sh" "$REPO_ROOT/scripts/lib/samba-seed.py"
}

samba_probe() {
    ldapsearch -x -o nettimeout=2 -H "$B_PROBE_URI" -D "$LDAPSYNC_SAMBA_ADMIN_DN" \
        -y "$SECRETS_DIR/samba-admin.pw" -b "$B_BASE" -s base -LLL dn
}

samba_running() { pid_alive "$B_PID" "samba"; }

samba_require_root() {
    if [[ $EUID -ne 0 ]]; then
        warn "samba: needs root (its LDAP ports 389/636 are hard-coded)"
        return 1
    fi
    if ! command -v samba >/dev/null || ! command -v samba-tool >/dev/null; then
        warn "samba: samba / samba-tool not installed (run scripts/install-deps.sh)"
        return 1
    fi
}

# samba_build: provision + configure + seed into $B_DIR (stopped), then save a pristine copy.
samba_build() {
    local t0=$EPOCHREALTIME realm_lc
    realm_lc="$(printf '%s' "$LDAPSYNC_SAMBA_REALM" | tr '[:upper:]' '[:lower:]')"
    rm -rf "$B_DIR" "$B_PRISTINE"
    mkdir -p "$B_DIR/log" "$B_DIR/run"
    chmod 700 "$B_DIR"
    # -s /dev/null: do not absorb /etc/samba/smb.conf. ldb:nosync halves provisioning time here.
    # No --adminpass: a random one is generated (and replaced by samba-seed.py).
    if ! samba-tool domain provision -s /dev/null --targetdir="$B_DIR" \
            --realm="$LDAPSYNC_SAMBA_REALM" --domain="$LDAPSYNC_SAMBA_DOMAIN" --server-role=dc \
            --use-rfc2307 --dns-backend=NONE --host-name=dc1 --host-ip=127.0.0.1 \
            --option="ldb:nosync = true" > "$B_DIR/log/provision.log" 2>&1; then
        tail -n 30 "$B_DIR/log/provision.log" >&2
        die "samba: provisioning failed (log: $B_DIR/log/provision.log)"
    fi
    # Our [global] settings go first; the provisioned "server services" line is dropped.
    local listen
    if [[ "$LISTEN_HOST" == 0.0.0.0 ]]; then
        listen=$'\tbind interfaces only = no'
    else
        listen=$'\tinterfaces = '"$LISTEN_HOST"$'\n\tbind interfaces only = yes'
    fi
    cat > "$B_DIR/etc/ldapsync-global.conf" <<EOF
	# --- ldapsync test settings (scripts/lib/samba.sh) ---
	# LDAP + Kerberos only: simple binds, password changes (unicodePwd), DirSync and the
	# RID pool all work without the rpc/smb/dns/drepl services.
	server services = ldap, kdc
$listen
	disable netbios = yes
	pid directory = $B_DIR/run
	log file = $B_DIR/log/samba.log
	max log size = 10000
	# Every write, as JSON, in its own file (tests compare it with export previews).
	log level = 1 dsdb_json_audit:5@$B_DIR/log/dsdb-audit.json
	tls enabled = yes
	tls keyfile = $DEV_DIR/ca/server.key
	tls certfile = $DEV_DIR/ca/server.pem
	tls cafile = $DEV_DIR/ca/ca.pem
	# Simple binds over plain ldap:// (default would answer "Transport encryption required").
	ldap server require strong auth = no
	# The previous password must stop working at once after a change (default: 60 minutes).
	old password allowed period = 0
	# Throwaway data: skip fsync.
	ldb:nosync = true
	# --- end of ldapsync test settings ---
EOF
    sed -i -e '/^[[:space:]]*server services[[:space:]]*=/d' \
           -e "/^\[global\]/r $B_DIR/etc/ldapsync-global.conf" "$B_CONF"
    rm -f "$B_DIR/etc/ldapsync-global.conf"
    # Provisioning also wrote private/krb5.conf for the realm (KRB5_CONFIG=... for GSSAPI).
    if ! "$SYSTEM_PYTHON" "$REPO_ROOT/scripts/lib/samba-seed.py" "$B_CONF" > "$B_DIR/log/seed.log" 2>&1; then
        cat "$B_DIR/log/seed.log" >&2
        die "samba: seeding failed (log: $B_DIR/log/seed.log)"
    fi
    samba_stamp > "$B_STAMP"
    rm -rf "$B_PRISTINE.tmp"
    cp -a "$B_DIR" "$B_PRISTINE.tmp"
    mv "$B_PRISTINE.tmp" "$B_PRISTINE"
    log "samba: provisioned and seeded $LDAPSYNC_SAMBA_REALM ($realm_lc) in $(elapsed "$t0") s"
}

# samba_prepare: a stopped live tree matching the current inputs, from the pristine copy if any.
samba_prepare() {
    local want
    want="$(samba_stamp)"
    if [[ -s "$B_STAMP" && -s "$B_CONF" ]]; then
        [[ "$(cat "$B_STAMP")" == "$want" ]] && return 0
        log "samba: settings or seed changed since it was provisioned: provisioning again"
        rm -rf "$B_DIR" "$B_PRISTINE"
    fi
    if [[ -s "$B_PRISTINE/stamp" && "$(cat "$B_PRISTINE/stamp")" == "$want" ]]; then
        rm -rf "$B_DIR"
        cp -a "$B_PRISTINE" "$B_DIR"
        return 0
    fi
    samba_build
}

samba_start() {
    samba_vars
    samba_require_root || return 1
    if samba_running; then
        if samba_probe >/dev/null 2>&1; then
            log "samba: already running (pid $(pid_of "$B_PID")) $LDAPSYNC_SAMBA_URI $LDAPSYNC_SAMBA_LDAPS_URI"
            if [[ "$(cat "$B_STAMP" 2>/dev/null)" != "$(samba_stamp)" ]]; then
                warn "samba: it runs an older seed/settings/password set: scripts/directories.sh reset samba"
            fi
            return 0
        fi
        wait_ready samba "$B_LOG" "$B_PID" samba -- samba_probe || return 1
        log "samba: running (pid $(pid_of "$B_PID")) $LDAPSYNC_SAMBA_URI $LDAPSYNC_SAMBA_LDAPS_URI"
        return 0
    fi
    local port
    for port in "${B_PORTS[@]}"; do
        if port_busy "$port"; then
            warn "samba: port $port is already in use by another process:"
            ss -Hltnp 2>/dev/null | grep ":$port " >&2 || true
            return 1
        fi
    done
    local t0=$EPOCHREALTIME
    samba_prepare
    rm -f "$B_PID"
    # -D: daemonize (writes run/samba.pid); -M single: one process for every service.
    if ! samba -s "$B_CONF" -D -M single > "$B_DIR/log/samba.stdout" 2>&1 < /dev/null 9>&-; then
        cat "$B_DIR/log/samba.stdout" >&2
        warn "samba: failed to start"
        tail -n 40 "$B_LOG" >&2 2>/dev/null || true
        return 1
    fi
    wait_ready samba "$B_LOG" "$B_PID" samba -- samba_probe || return 1
    log "samba: ready in $(elapsed "$t0") s (pid $(pid_of "$B_PID")) $LDAPSYNC_SAMBA_URI $LDAPSYNC_SAMBA_LDAPS_URI"
}

samba_stop() {
    samba_vars
    stop_pid "$B_PID" "samba" samba
}

samba_status() {
    samba_vars
    if samba_running; then
        if samba_probe >/dev/null 2>&1; then
            log "samba: running (pid $(pid_of "$B_PID")) $LDAPSYNC_SAMBA_URI $LDAPSYNC_SAMBA_LDAPS_URI"
            return 0
        fi
        log "samba: process $(pid_of "$B_PID") alive but not answering $LDAPSYNC_SAMBA_URI"
        return 1
    fi
    log "samba: stopped $LDAPSYNC_SAMBA_URI"
    return 1
}

# samba_reset: back to the pristine seed (undoes lockouts and every change tests made).
samba_reset() {
    samba_stop
    samba_vars
    rm -rf "$B_DIR"
    samba_start
}

# samba_run: foreground (containers). -i: interactive, logs to stdout, no daemonizing.
samba_run() {
    samba_vars
    samba_require_root || exit 1
    if samba_running; then
        die "samba: already running (pid $(pid_of "$B_PID")): stop it first"
    fi
    samba_prepare
    log "samba: serving $LDAPSYNC_SAMBA_REALM ($B_BASE) on ports 389/636"
    exec samba -s "$B_CONF" -i -M single
}
