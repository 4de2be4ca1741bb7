# shellcheck shell=bash
# Part 1: reading the whole directory. LDAPClient (ldapsync-bench read) against
# `ldapsearch -E pr=1000/noprompt`, at BENCH_SMALL_USERS and BENCH_USERS, so that peak memory
# can be seen to stay flat as N grows. Targets: time <= 2x ldapsearch, peak RSS <= 100 MB.

# ldapsearch_dump [OUT]: the peer: every entry, all attributes, as the service account.
ldapsearch_dump() {
    ldapsearch -x -LLL -H "$BENCH_SOURCE_URI" -D "$LDAPSYNC_SOURCE_SVC_DN" -y "$SECRETS/source-svc.pw" \
        -b "$LDAPSYNC_SOURCE_BASE" -E pr=1000/noprompt > "${1:-/dev/null}"
}

# client_read: LDAPClient's paged read; prints its JSON line.
client_read() {
    "$BENCH_TOOL" read --uri "$BENCH_SOURCE_URI" --bind-dn "$LDAPSYNC_SOURCE_SVC_DN" \
        --password-file "$SECRETS/source-svc.pw" --base "$LDAPSYNC_SOURCE_BASE" --page-size 1000
}

# json_get JSON KEY: one field of a flat JSON object.
json_get() { "$SYSTEM_PYTHON" -c 'import json,sys; print(json.loads(sys.argv[1])[sys.argv[2]])' "$1" "$2"; }

# load_source USERS GROUPS: generate the tree, slapadd it into a fresh bench-source, start it.
# Sets SOURCE_LDIF, SOURCE_ENTRIES, LOAD_SECONDS.
load_source() {
    SOURCE_LDIF="$LDIF_DIR/source-$1.ldif"
    say "generating $1 users + $2 groups into $SOURCE_LDIF"
    make_source_ldif "$1" "$2" "$SOURCE_LDIF"
    SOURCE_ENTRIES="$(ldif_count "$SOURCE_LDIF")"
    LDAPSYNC_BENCH_SOURCE_SEED="$SOURCE_LDIF" dirs reset bench-source
    LOAD_SECONDS="$(cat "$BENCH_DIR/bench-source/load.seconds")"
    say "bench-source: $SOURCE_ENTRIES entries loaded with slapadd in $LOAD_SECONDS s"
}

# read_case USERS GROUPS: one size. Rows: slapadd load, ldapsearch vs LDAPClient read.
read_case() {
    local users="$1" groups="$2" i json seen
    load_source "$users" "$groups"
    local n="$SOURCE_ENTRIES" label
    label="$(printf "%'d" "$n") entries"
    row "slapadd load, $label" "slapadd -q" "$LOAD_SECONDS" "" "" s "" "" "" "offline load into tmpfs"

    # Warm-up (not timed): fills slapd's caches, and checks both readers see every entry.
    ldapsearch_dump "$WORK_DIR/dump.ldif"
    seen="$(grep -c '^dn:' "$WORK_DIR/dump.ldif")"; rm -f "$WORK_DIR/dump.ldif"
    [[ "$seen" == "$n" ]] || die "ldapsearch saw $seen entries, the LDIF has $n"
    json="$(client_read)"
    [[ "$(json_get "$json" entries)" == "$n" ]] || die "ldapsync-bench read saw: $json (expected $n entries)"

    local peer=() ours=() rss=()
    for ((i = 1; i <= BENCH_RUNS; i++)); do
        peer+=("$(timed ldapsearch_dump)")
        local t0=$EPOCHREALTIME
        json="$(client_read)"
        ours+=("$(since "$t0")")
        rss+=("$(json_get "$json" peakRSSMB)")
        say "read $label run $i: ldapsearch ${peer[-1]} s, LDAPClient ${ours[-1]} s, peak RSS ${rss[-1]} MB"
    done
    local rss_max
    rss_max="$(printf '%s\n' "${rss[@]}" | sort -g | tail -n 1)"
    row "read all, $label" "LDAPClient paged read" "$(median "${ours[@]}")" \
        "ldapsearch -E pr=1000" "$(median "${peer[@]}")" s 2 "$rss_max" 100 \
        "values $(json_get "$json" values), bytes $(json_get "$json" bytes)"
    READ_RSS_MB["$users"]="$rss_max"
    READ_PEER_SECONDS="$(median "${peer[@]}")"
}

# part_read: both sizes, then the flatness row (peak RSS at N vs at N/10; target <= 1.25x).
part_read() {
    declare -gA READ_RSS_MB=()
    read_case "$BENCH_SMALL_USERS" "$BENCH_SMALL_GROUPS"
    read_case "$BENCH_USERS" "$BENCH_GROUPS"
    row "read peak RSS growth, ${BENCH_SMALL_USERS} -> ${BENCH_USERS} users (${BENCH_SMALL_GROUPS}/${BENCH_GROUPS} groups)" \
        "peak RSS at ${BENCH_USERS}" "${READ_RSS_MB[$BENCH_USERS]}" \
        "peak RSS at ${BENCH_SMALL_USERS}" "${READ_RSS_MB[$BENCH_SMALL_USERS]}" MB 1.25 "" "" \
        "flat: memory must not follow N"
}
