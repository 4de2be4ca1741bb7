# shellcheck shell=bash
# Part 2 peers, against the BENCH_USERS source loaded by part_read (or by load_source):
#   ldapadd of the same entries into an empty target (the naive export),
#   four ldapadd processes at once (the most the target takes over LDAP),
#   an OpenLDAP syncrepl consumer replicating the whole tree (C-native end to end),
#   a python-ldap script paging everything into SQLite (what an admin would write).
# Each: median of BENCH_RUNS. Sets PEER_LDAPADD, PEER_LDAPADD_PARALLEL, PEER_SYNCREPL,
# PEER_PYTHON (seconds).

# --- ldapadd into an empty target ---------------------------------------------------------------
ldapadd_target() {
    ldapadd -x -H "$BENCH_TARGET_URI" -D "$LDAPSYNC_TARGET_SVC_DN" -y "$SECRETS/target-svc.pw" \
        -f "$TARGET_LDIF"
}

peer_ldapadd() {
    TARGET_LDIF="$LDIF_DIR/target-$BENCH_USERS.ldif"
    make_target_ldif "$BENCH_USERS" "$BENCH_GROUPS" "$TARGET_LDIF"
    local n i runs=() before after
    n="$(ldif_count "$TARGET_LDIF")"
    for ((i = 1; i <= BENCH_RUNS; i++)); do
        dirs reset bench-target
        before="$(ldap_count "$BENCH_TARGET_URI" "$LDAPSYNC_TARGET_ADMIN_DN" target-admin "$LDAPSYNC_TARGET_BASE")"
        runs+=("$(timed ldapadd_target)")
        after="$(ldap_count "$BENCH_TARGET_URI" "$LDAPSYNC_TARGET_ADMIN_DN" target-admin "$LDAPSYNC_TARGET_BASE")"
        ((after - before == n)) || die "ldapadd: the target grew by $((after - before)) entries, not $n"
        say "ldapadd of $n entries run $i: ${runs[-1]} s"
    done
    PEER_LDAPADD="$(median "${runs[@]}")"
    row "peer: ldapadd $(printf "%'d" "$n") entries into an empty target" "" "" "ldapadd" "$PEER_LDAPADD" s
    peer_ldapadd_parallel "$n"
    dirs stop bench-target
}

# --- four ldapadd at once: the most the target takes over LDAP ---------------------------------
# The same entries in four parts (the containers first, alone), four ldapadd processes at once:
# what slapd accepts over the protocol when the client costs nothing, to compare with the
# syncrepl consumer, which writes inside slapd. Sets PEER_LDAPADD_PARALLEL.
peer_ldapadd_parallel() {
    local n="$1" dir="$LDIF_DIR/parallel" i part runs=() before after t0
    rm -rf "$dir"; mkdir -p "$dir"
    awk -v RS= -v ORS='\n\n' -v dir="$dir" \
        '/^dn: ou=/ && ++heads <= 2 { print > (dir "/containers.ldif"); next }
         { print > (dir "/part" (NR % 4) ".ldif") }' "$TARGET_LDIF"
    for ((i = 1; i <= BENCH_RUNS; i++)); do
        dirs reset bench-target
        before="$(ldap_count "$BENCH_TARGET_URI" "$LDAPSYNC_TARGET_ADMIN_DN" target-admin "$LDAPSYNC_TARGET_BASE")"
        t0=$EPOCHREALTIME
        TARGET_LDIF="$dir/containers.ldif" ldapadd_target > /dev/null
        for part in "$dir"/part*.ldif; do
            TARGET_LDIF="$part" ldapadd_target > /dev/null &
        done
        wait
        runs+=("$(since "$t0")")
        after="$(ldap_count "$BENCH_TARGET_URI" "$LDAPSYNC_TARGET_ADMIN_DN" target-admin "$LDAPSYNC_TARGET_BASE")"
        ((after - before == n)) || die "4 parallel ldapadd: the target grew by $((after - before)) entries, not $n"
        say "4 parallel ldapadd of $n entries run $i: ${runs[-1]} s"
    done
    PEER_LDAPADD_PARALLEL="$(median "${runs[@]}")"
    row "peer: 4 parallel ldapadd, same entries" "" "" "4 x ldapadd" "$PEER_LDAPADD_PARALLEL" s
}

# --- OpenLDAP syncrepl consumer -----------------------------------------------------------------
# The consumer's cn=config takes the syncrepl stanza over LDAP (cn=admin,cn=config has the data
# rootDN's password). The stanza carries the service account's password: it goes through
# ldapmodify's stdin, never argv.
start_syncrepl() {
    local password
    password="$(cat "$SECRETS/source-svc.pw")"
    printf '%s\n' \
        "dn: olcDatabase={1}mdb,cn=config" "changetype: modify" "add: olcSyncrepl" \
        "olcSyncrepl: rid=001 provider=$BENCH_SOURCE_URI bindmethod=simple binddn=\"$LDAPSYNC_SOURCE_SVC_DN\" credentials=\"$password\" searchbase=\"$LDAPSYNC_SOURCE_BASE\" type=refreshOnly interval=00:01:00:00 retry=\"1 30\" timeout=10" \
        | ldapmodify -x -H "$BENCH_CONSUMER_URI" -D cn=admin,cn=config -y "$SECRETS/source-admin.pw" > /dev/null
}

consumer_has() {
    ldapsearch -x -LLL -H "$BENCH_CONSUMER_URI" -D "$LDAPSYNC_SOURCE_ADMIN_DN" -y "$SECRETS/source-admin.pw" \
        -s base -b "$1" 1.1 > /dev/null 2>&1
}

# syncrepl_once EXPECTED LAST_DN: seconds from configuring the consumer until it holds every
# entry. Entries arrive in the provider's entry-ID order (slapadd's), so the last DN of the LDIF
# comes last: poll it cheaply, then confirm with a full count (polling the count if short).
syncrepl_once() {
    local expected="$1" last="$2" t0 done_at count deadline=$((SECONDS + BENCH_SYNCREPL_TIMEOUT))
    dirs reset bench-consumer
    t0=$EPOCHREALTIME
    start_syncrepl
    until consumer_has "$last"; do
        ((SECONDS < deadline)) || die "syncrepl: $last did not arrive within $BENCH_SYNCREPL_TIMEOUT s (see $BENCH_DIR/bench-consumer/slapd.log with LDAPSYNC_SLAPD_LOGLEVEL=sync)"
        sleep 0.1
    done
    done_at="$(since "$t0")"
    count="$(ldap_count "$BENCH_CONSUMER_URI" "$LDAPSYNC_SOURCE_ADMIN_DN" source-admin "$LDAPSYNC_SOURCE_BASE")"
    while ((count < expected)); do
        ((SECONDS < deadline)) || die "syncrepl: the consumer has $count of $expected entries"
        sleep 0.5
        count="$(ldap_count "$BENCH_CONSUMER_URI" "$LDAPSYNC_SOURCE_ADMIN_DN" source-admin "$LDAPSYNC_SOURCE_BASE")"
        done_at="$(since "$t0")"
    done
    ((count == expected)) || die "syncrepl: the consumer has $count entries, the source $expected"
    printf '%s\n' "$done_at"
}

peer_syncrepl() {
    local ldif="$LDIF_DIR/source-$BENCH_USERS.ldif" expected last i runs=()
    make_consumer_ldif "$LDIF_DIR/consumer.ldif"
    expected="$(ldif_count "$ldif")"
    last="$(ldif_last_dn "$ldif")"
    for ((i = 1; i <= BENCH_RUNS; i++)); do
        runs+=("$(syncrepl_once "$expected" "$last")")
        say "syncrepl consumer of $expected entries run $i: ${runs[-1]} s"
    done
    dirs stop bench-consumer
    PEER_SYNCREPL="$(median "${runs[@]}")"
    row "peer: syncrepl consumer, $(printf "%'d" "$expected") entries" "" "" \
        "slapd syncrepl (refreshOnly)" "$PEER_SYNCREPL" s
    # The floor of any LDAP export against the consumer: the initial-cycle target (1.25x)
    # is out of reach for every client whose writes go over the protocol when this is above it.
    row "LDAP write floor vs syncrepl" "4 parallel ldapadd" "$PEER_LDAPADD_PARALLEL" \
        "syncrepl consumer" "$PEER_SYNCREPL" s "" "" "" "no client-side work at all"
}

# --- python-ldap into SQLite --------------------------------------------------------------------
peer_python() {
    local ldif="$LDIF_DIR/source-$BENCH_USERS.ldif" expected i runs=() db="$WORK_DIR/python-import.sqlite" out
    expected="$(ldif_count "$ldif")"
    for ((i = 1; i <= BENCH_RUNS; i++)); do
        rm -f "$db"
        local t0=$EPOCHREALTIME
        out="$("$SYSTEM_PYTHON" "$BENCH_LIB/python_import.py" --uri "$BENCH_SOURCE_URI" \
            --bind-dn "$LDAPSYNC_SOURCE_SVC_DN" --password-file "$SECRETS/source-svc.pw" \
            --base "$LDAPSYNC_SOURCE_BASE" --db "$db")"
        runs+=("$(since "$t0")")
        [[ "$(json_get "$out" entries)" == "$expected" ]] || die "python-ldap import: $out (expected $expected)"
        say "python-ldap import into SQLite run $i: ${runs[-1]} s"
    done
    rm -f "$db"
    PEER_PYTHON="$(median "${runs[@]}")"
    row "peer: python-ldap paged import into SQLite" "python-ldap" "$PEER_PYTHON" \
        "ldapsearch -E pr=1000" "$READ_PEER_SECONDS" s "" "" "" "design doc: about 5.5x"
}

part_peers() {
    [[ " $BENCH_PEERS " != *" python "* ]] || peer_python
    [[ " $BENCH_PEERS " != *" ldapadd "* ]] || peer_ldapadd
    [[ " $BENCH_PEERS " != *" syncrepl "* ]] || peer_syncrepl
}
