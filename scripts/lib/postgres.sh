# shellcheck shell=bash
# A throwaway PostgreSQL cluster for the PostgreSQL store's tests, demo and benchmarks:
# $DEV_DIR/postgres (data, socket, log; see PG_DIR), 127.0.0.1:$LDAPSYNC_POSTGRES_PORT, TLS with the
# throwaway CA's server certificate, the role $LDAPSYNC_POSTGRES_USER (password from
# $SECRETS_DIR/postgres.pw, scram-sha-256, may create databases: the tests make one each) and
# its database. Sourced by scripts/directories.sh; expects common.sh and certs.sh.
#
# PostgreSQL will not run as root: as root the server runs as the `postgres` system user (the
# Debian package creates it). Durability is off (fsync, synchronous_commit): a test cluster.

PG_BIN="${LDAPSYNC_POSTGRES_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)}"
PG_DIR="$DEV_DIR/postgres"
# As root the server runs as `postgres`, which must reach its data folder: a checkout under a
# private home (/root is 0700) keeps the cluster in /var/tmp instead, one per checkout.
if ((EUID == 0)) && ! runuser -u postgres -- test -x "$(dirname "$DEV_DIR")" 2>/dev/null; then
    PG_DIR="/var/tmp/ldapsync-postgres-$(printf '%s' "$DEV_DIR" | sha256sum | cut -c1-12)"
fi

# as_pg CMD...: run as the cluster's owner.
as_pg() {
    if ((EUID == 0)); then
        (cd / && runuser -u postgres -- "$@")
    else
        "$@"
    fi
}

postgres_ready() {
    "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$LDAPSYNC_POSTGRES_PORT" -d postgres
}

postgres_init() {
    [[ -x "$PG_BIN/initdb" ]] || die "postgres: no PostgreSQL server binaries under /usr/lib/postgresql (scripts/install-deps.sh)"
    rm -rf "$PG_DIR"
    mkdir -p "$PG_DIR/data" "$PG_DIR/run"
    chmod 755 "$PG_DIR"
    ((EUID != 0)) || chown -R postgres:postgres "$PG_DIR"
    chmod 700 "$PG_DIR/data"
    as_pg "$PG_BIN/initdb" -D "$PG_DIR/data" -A peer -U postgres -E UTF8 --locale=C.UTF-8 >"$PG_DIR/initdb.log" 2>&1 \
        || { tail -n 20 "$PG_DIR/initdb.log" >&2; die "postgres: initdb failed"; }
    cp "$DEV_DIR/ca/server.pem" "$PG_DIR/data/server.crt"
    cp "$DEV_DIR/ca/server.key" "$PG_DIR/data/server.key"
    ((EUID != 0)) || chown postgres:postgres "$PG_DIR/data/server.crt" "$PG_DIR/data/server.key"
    chmod 600 "$PG_DIR/data/server.key"
    cat >>"$PG_DIR/data/postgresql.conf" <<EOF
listen_addresses = '$LISTEN_HOST'
port = $LDAPSYNC_POSTGRES_PORT
unix_socket_directories = '$PG_DIR/run'
ssl = on
ssl_cert_file = 'server.crt'
ssl_key_file = 'server.key'
password_encryption = scram-sha-256
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 600
shared_buffers = 256MB
logging_collector = off
EOF
    cat >"$PG_DIR/data/pg_hba.conf" <<EOF
local all postgres peer
hostssl all all 127.0.0.1/32 scram-sha-256
host all all 127.0.0.1/32 scram-sha-256
EOF
    # In a container (LDAPSYNC_LISTEN_HOST=0.0.0.0) the tests come from another host: TLS only.
    if [[ "$LISTEN_HOST" != 127.0.0.1 ]]; then
        echo "hostssl all all 0.0.0.0/0 scram-sha-256" >>"$PG_DIR/data/pg_hba.conf"
    fi
}

postgres_start() {
    if [[ -s "$PG_DIR/data/postmaster.pid" ]] && postgres_ready; then
        log "postgres: already running on 127.0.0.1:$LDAPSYNC_POSTGRES_PORT"
        return 0
    fi
    port_busy "$LDAPSYNC_POSTGRES_PORT" && die "postgres: port $LDAPSYNC_POSTGRES_PORT is taken by another process"
    [[ -s "$PG_DIR/data/PG_VERSION" ]] || postgres_init
    as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t "$START_TIMEOUT" start 9>&- >/dev/null \
        || { tail -n 30 "$PG_DIR/server.log" >&2; die "postgres: did not start"; }
    postgres_ensure_role
    log "postgres: running on 127.0.0.1:$LDAPSYNC_POSTGRES_PORT (TLS), role $LDAPSYNC_POSTGRES_USER"
}

# The role and its database; its password goes to psql on stdin, never in argv.
postgres_ensure_role() {
    local password
    password="$(cat "$(write_secret postgres "$LDAPSYNC_POSTGRES_PASSWORD")")"
    printf "SELECT 'CREATE ROLE %s LOGIN CREATEDB' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '%s') \\gexec\nALTER ROLE %s PASSWORD '%s';\nSELECT 'CREATE DATABASE %s OWNER %s' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '%s') \\gexec\n" \
        "$LDAPSYNC_POSTGRES_USER" "$LDAPSYNC_POSTGRES_USER" "$LDAPSYNC_POSTGRES_USER" "${password//\'/\'\'}" \
        "$LDAPSYNC_POSTGRES_DATABASE" "$LDAPSYNC_POSTGRES_USER" "$LDAPSYNC_POSTGRES_DATABASE" \
        | as_pg "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$PG_DIR/run" -p "$LDAPSYNC_POSTGRES_PORT" -d postgres -f - >/dev/null \
        || die "postgres: could not create the role $LDAPSYNC_POSTGRES_USER"
}

postgres_stop() {
    if [[ ! -s "$PG_DIR/data/postmaster.pid" ]]; then
        log "postgres: not running"
        return 0
    fi
    as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast -w -t 30 stop >/dev/null 2>&1 || true
    log "postgres: stopped"
}

postgres_status() {
    if postgres_ready; then
        log "postgres: running on 127.0.0.1:$LDAPSYNC_POSTGRES_PORT"
    else
        log "postgres: not running"
        return 1
    fi
}

postgres_reset() {
    postgres_stop
    rm -rf "$PG_DIR"
    postgres_start
}

postgres_run() {
    # Started once to create the role, then the server in the foreground.
    postgres_start
    as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast -w stop >/dev/null
    cd /
    exec runuser -u postgres -- "$PG_BIN/postgres" -D "$PG_DIR/data"
}
