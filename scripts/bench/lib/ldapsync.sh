# shellcheck shell=bash
# Part 2, the ldapsync side: full import, initial cycle (its export starts beside its sync),
# delta cycle after 1% changes, the export alone, peak memory. Skipped ("not available yet") until .build/release/ldapsync has the
# commands. Targets (the performance issue): full import <= 2x ldapsearch; export <= 1.0x
# ldapadd; initial cycle <= 1.15x four ldapadd at once; delta cycle <= 3% of the initial; peak RSS
# <= 300 MB; a full sync with ten expression flows and a DN template <= 1.3x the built-in rules'.
# (The syncrepl consumer is measured beside them; it writes inside slapd and is no target.)

LS_DIR="$WORK_DIR/ldapsync"
LS_CONFIG="$LS_DIR/config.yaml"

ls_cli() { "$LDAPSYNC_BIN" --config "$LS_CONFIG" "$@"; }

# ldapsync_available: the binary exists (built now unless BENCH_BUILD_LDAPSYNC=0) and knows
# every command the benchmark uses.
ldapsync_available() {
    if [[ "$BENCH_BUILD_LDAPSYNC" == 1 ]]; then
        say "building ldapsync (release)"
        (cd "$REPO_ROOT" && swift build -c release --product ldapsync >&2) || { say "ldapsync does not build"; return 1; }
    fi
    [[ -x "$LDAPSYNC_BIN" ]] || { say "no $LDAPSYNC_BIN"; return 1; }
    local cmd
    for cmd in "init" "connector set-password" "run" "cycle" "runs"; do
        # shellcheck disable=SC2086  # the command words split on purpose
        "$LDAPSYNC_BIN" $cmd --help > /dev/null 2>&1 || { say "ldapsync has no '$cmd' command"; return 1; }
    done
}

# target_connector_yaml: the bench target's entry of `connectors:` (every bench configuration's).
target_connector_yaml() {
    cat <<YAML
  - name: bench-target
    flavor: openldap
    role: target
    uri: $BENCH_TARGET_URI
    tls: none
    bindDN: $LDAPSYNC_TARGET_SVC_DN
    baseDN: $LDAPSYNC_TARGET_BASE
YAML
}

# write_config [RULES_YAML]: the bench configuration, with a rules: section when given.
write_config() {
    mkdir -p "$LS_DIR"
    cat > "$LS_CONFIG" <<YAML
# ldapsync benchmark configuration (written by scripts/bench/lib/ldapsync.sh)
state: $LS_DIR/state
deletionThreshold: 500
${1:-}
connectors:
  - name: bench-source
    flavor: openldap
    role: source
    uri: $BENCH_SOURCE_URI
    tls: none
    bindDN: $LDAPSYNC_SOURCE_SVC_DN
    baseDN: $LDAPSYNC_SOURCE_BASE
    containers: [ou=people, ou=groups]
$(target_connector_yaml)
YAML
}

# fresh_state: an empty state with both connectors' passwords (through stdin).
fresh_state() {
    rm -rf "$LS_DIR/state"
    ls_cli init >&2
    ls_cli connector set-password bench-source --password-stdin < "$SECRETS/source-svc.pw" >&2
    ls_cli connector set-password bench-target --password-stdin < "$SECRETS/target-svc.pw" >&2
}

# measured NAME CMD...: run CMD (a program, not a function) under measure.py; sets M_SECONDS
# and M_RSS_MB (peak RSS, as `/usr/bin/time -f %M` would report it).
measured() {
    local out="$LS_DIR/$1.measure.json"
    shift
    "$SYSTEM_PYTHON" "$BENCH_LIB/measure.py" --out "$out" -- "$@" >&2 || die "failed: $*"
    M_SECONDS="$(json_get "$(cat "$out")" seconds)"
    M_RSS_MB="$(awk -v k="$(json_get "$(cat "$out")" maxRSSKB)" 'BEGIN { printf "%.1f", k / 1024 }')"
}

max_of() { printf '%s\n' "$@" | sort -g | tail -n 1; }

# ls_full_import: each run beside its peer: `ldapsearch` of the same tree just before it, so
# that both are timed at the machine's pace of that minute (the read part's `ldapsearch` runs
# minutes earlier; this machine's pace swings by a quarter within a quarter hour).
ls_full_import() {
    local i runs=() rss=() peer=()
    for ((i = 1; i <= BENCH_RUNS; i++)); do
        fresh_state
        peer+=("$(timed ldapsearch_dump)")
        measured full-import "$LDAPSYNC_BIN" --config "$LS_CONFIG" run bench-source full-import
        runs+=("$M_SECONDS"); rss+=("$M_RSS_MB")
        say "ldapsync full import run $i: $M_SECONDS s (ldapsearch just before: ${peer[-1]} s), peak RSS $M_RSS_MB MB"
    done
    LS_IMPORT="$(median "${runs[@]}")"
    row "full import" "ldapsync run full-import" "$LS_IMPORT" "ldapsearch -E pr=1000" \
        "$(median "${peer[@]}")" s 2 "$(max_of "${rss[@]}")" 300 "ldapsearch timed before each run"
    row "full import vs python-ldap" "ldapsync run full-import" "$LS_IMPORT" "python-ldap -> SQLite" \
        "$PEER_PYTHON" s
}

ls_initial_cycle() {
    local i runs=() exports=() rss=() in_target expected
    # What the target should hold after it: its seed, ou=people, ou=groups, every user and group.
    expected=$(($(ldif_count "$REPO_ROOT/ldif/target.ldif") + 2 + BENCH_USERS + BENCH_GROUPS))
    for ((i = 1; i <= BENCH_RUNS; i++)); do
        dirs reset bench-target
        fresh_state
        measured initial-cycle "$LDAPSYNC_BIN" --config "$LS_CONFIG" cycle --initial
        runs+=("$M_SECONDS"); rss+=("$M_RSS_MB")
        exports+=("$(ls_cli runs --json | "$SYSTEM_PYTHON" "$BENCH_LIB/runs_duration.py" bench-target export)")
        in_target="$(ldap_count "$BENCH_TARGET_URI" "$LDAPSYNC_TARGET_ADMIN_DN" target-admin "$LDAPSYNC_TARGET_BASE")"
        say "ldapsync initial cycle run $i: $M_SECONDS s (export ${exports[-1]} s), peak RSS $M_RSS_MB MB, target holds $in_target of $expected entries"
    done
    LS_INITIAL="$(median "${runs[@]}")"
    # The target: what any LDAP client can reach (four ldapadd at once), not slapd's own
    # syncrepl consumer, which writes inside the server (that target is retired).
    row "initial cycle (import+sync+export)" "ldapsync cycle --initial" "$LS_INITIAL" \
        "4 x ldapadd" "$PEER_LDAPADD_PARALLEL" s 1.15 "$(max_of "${rss[@]}")" 300 \
        "target holds $in_target of $expected entries; syncrepl consumer $PEER_SYNCREPL s"
    local bytes objects
    bytes="$(du -sb "$LS_DIR/state" | cut -f1)"
    objects=$((BENCH_USERS + BENCH_GROUPS))
    row "state on disk after the initial cycle" "ldapsync state (SQLite)" "$((bytes / objects))" "" "" "B/object" "" "" "" \
        "$((bytes / 1048576)) MiB for $(printf "%'d" "$objects") objects (connector spaces of both sides, metaverse, run history)"
    # The cycle's export starts beside its sync (from the sync's first commits to after its
    # end): its run's length is reported, the export's own pace is `ls_export_alone`'s.
    row "export run of the initial cycle (beside the sync)" "ldapsync export run" "$(median "${exports[@]}")" \
        "" "" s "" "" "" "starts with the full sync; see the export alone"
}

# ls_export_alone: the export by itself against ldapadd: a fresh state imported and synced run
# by run (no cycle, so nothing overlaps), then one export run of every object, timed.
ls_export_alone() {
    local i exports=() rss=()
    for ((i = 1; i <= BENCH_RUNS; i++)); do
        dirs reset bench-target
        fresh_state
        ls_cli run bench-source full-import > /dev/null
        ls_cli run bench-target full-import > /dev/null
        ls_cli run bench-source full-sync > /dev/null
        ls_cli run bench-target full-sync > /dev/null
        measured export "$LDAPSYNC_BIN" --config "$LS_CONFIG" run bench-target export
        exports+=("$M_SECONDS"); rss+=("$M_RSS_MB")
        say "ldapsync export alone run $i: $M_SECONDS s, peak RSS $M_RSS_MB MB"
    done
    row "export alone (4 connections)" "ldapsync run export" "$(median "${exports[@]}")" \
        "ldapadd" "$PEER_LDAPADD" s 1.0 "$(max_of "${rss[@]}")" 300
}

# ls_delta_cycles: the state of the last initial cycle; each round changes 1% of the source, and
# the cycle is timed once both directories have settled (see `settle`).
ls_delta_cycles() {
    local r runs=() rss=()
    for r in $(seq 1 "$BENCH_RUNS"); do
        ((r <= 3)) || break
        "$SYSTEM_PYTHON" "$BENCH_LIB/changes.py" --round "$r" --users "$BENCH_USERS" \
            --groups "$BENCH_GROUPS" --base "$LDAPSYNC_SOURCE_BASE" > "$LS_DIR/changes-$r.ldif"
        ldapmodify -x -H "$BENCH_SOURCE_URI" -D "$LDAPSYNC_SOURCE_SVC_DN" -y "$SECRETS/source-svc.pw" \
            -f "$LS_DIR/changes-$r.ldif" > /dev/null
        settle bench-source bench-target
        measured delta-cycle "$LDAPSYNC_BIN" --config "$LS_CONFIG" cycle
        runs+=("$M_SECONDS"); rss+=("$M_RSS_MB")
        say "ldapsync delta cycle round $r: $M_SECONDS s, peak RSS $M_RSS_MB MB"
    done
    LS_DELTA="$(median "${runs[@]}")"
    row "delta cycle, 1% changed" "ldapsync cycle" "$LS_DELTA" \
        "ldapsync initial cycle" "$LS_INITIAL" s 0.03 "$(max_of "${rss[@]}")" 300
}

# ls_postgres_cycles: the initial cycle and delta cycles (change rounds 4-6) with the state in
# PostgreSQL: the throwaway cluster on the same tmpfs, over loopback without TLS (as the bench's
# LDAP), a schema of its own per run. Target: initial cycle <= 1.3x SQLite's, peak RSS <= 300 MB.
ls_postgres_cycles() {
    # Its own port beside the bench slapds (5389-5391): the test cluster may be running.
    export LDAPSYNC_POSTGRES_PORT=5392
    dirs start postgres
    local i r runs=() rss=() deltas=() delta_rss=() in_target expected store_yaml
    expected=$(($(ldif_count "$REPO_ROOT/ldif/target.ldif") + 2 + BENCH_USERS + BENCH_GROUPS))
    for ((i = 1; i <= BENCH_RUNS; i++)); do
        store_yaml="store: { postgres: { url: \"postgres://127.0.0.1:$LDAPSYNC_POSTGRES_PORT/$LDAPSYNC_POSTGRES_DATABASE\", user: $LDAPSYNC_POSTGRES_USER, passwordFile: \"$SECRETS/postgres.pw\", tls: none, schema: bench_${i}_$RANDOM } }"
        write_config "$store_yaml"
        dirs reset bench-target
        fresh_state
        measured pg-initial-cycle "$LDAPSYNC_BIN" --config "$LS_CONFIG" cycle --initial
        runs+=("$M_SECONDS"); rss+=("$M_RSS_MB")
        in_target="$(ldap_count "$BENCH_TARGET_URI" "$LDAPSYNC_TARGET_ADMIN_DN" target-admin "$LDAPSYNC_TARGET_BASE")"
        say "ldapsync initial cycle on PostgreSQL run $i: $M_SECONDS s, peak RSS $M_RSS_MB MB, target holds $in_target entries"
    done
    for r in 4 5 6; do
        ((r - 3 <= BENCH_RUNS)) || break
        "$SYSTEM_PYTHON" "$BENCH_LIB/changes.py" --round "$r" --users "$BENCH_USERS" \
            --groups "$BENCH_GROUPS" --base "$LDAPSYNC_SOURCE_BASE" > "$LS_DIR/changes-$r.ldif"
        ldapmodify -c -x -H "$BENCH_SOURCE_URI" -D "$LDAPSYNC_SOURCE_SVC_DN" -y "$SECRETS/source-svc.pw" \
            -f "$LS_DIR/changes-$r.ldif" > /dev/null || true
        settle bench-source bench-target
        measured pg-delta-cycle "$LDAPSYNC_BIN" --config "$LS_CONFIG" cycle
        deltas+=("$M_SECONDS"); delta_rss+=("$M_RSS_MB")
        say "ldapsync delta cycle on PostgreSQL round $r: $M_SECONDS s, peak RSS $M_RSS_MB MB"
    done
    local bytes
    bytes="$( (du -sb "$BENCH_DIR/postgres/data" 2>/dev/null || echo 0) | cut -f1)"
    row "initial cycle, state in PostgreSQL" "ldapsync cycle --initial (PostgreSQL)" "$(median "${runs[@]}")" \
        "ldapsync cycle --initial (SQLite)" "$LS_INITIAL" s 1.3 "$(max_of "${rss[@]}")" 300 \
        "target holds $in_target of $expected entries; cluster on disk $((bytes / 1048576)) MiB (all runs' schemas)"
    row "delta cycle, 1% changed, PostgreSQL" "ldapsync cycle (PostgreSQL)" "$(median "${deltas[@]}")" \
        "ldapsync cycle (SQLite)" "${LS_DELTA:-}" s "" "$(max_of "${delta_rss[@]}")" 300
    write_config
    dirs stop postgres
}

# Ten expression flows and a DN template for people (the built-in rules for the rest).
EXPRESSION_RULES=$(cat <<'YAML'
rules:
  - name: people out
    connector: bench-target
    direction: outbound
    objectType: person
    join: [uid]
    dn: '"uid=" & EscapeDNComponent(ItemOrNull(uid, 1)) & ",ou=people," & baseDN'
    flows:
      uid: uid
      cn: cn
      sn: sn
      givenName: 'Coalesce(givenName, Word(ItemOrNull(cn, 1), 1, " "))'
      displayName: 'Coalesce(displayName, givenName & " " & sn)'
      mail: 'LCase(Coalesce(mail, uid & "@cloud.example"))'
      title: 'IIF(IsPresent(title), PCase(title), Null)'
      telephoneNumber: 'Replace(telephoneNumber, "-", " ")'
      employeeNumber: 'CStr(CNum(Coalesce(employeeNumber, "0")) + 1)'
      description: 'Left(Coalesce(description, "synced by ldapsync"), 64)'
YAML
)

# ls_rules_sync: a full sync of the imported 100k with the built-in rules and with
# EXPRESSION_RULES, each from the same imported state (copied back before every run).
ls_rules_sync() {
    local i builtin=() rules=() rss=()
    write_config
    fresh_state
    ls_cli run bench-source full-import > /dev/null
    rm -rf "$LS_DIR/imported" && cp -a "$LS_DIR/state" "$LS_DIR/imported"
    for ((i = 1; i <= BENCH_RUNS; i++)); do
        write_config
        rm -rf "$LS_DIR/state" && cp -a "$LS_DIR/imported" "$LS_DIR/state"
        measured sync-builtin "$LDAPSYNC_BIN" --config "$LS_CONFIG" run bench-source full-sync
        builtin+=("$M_SECONDS"); rss+=("$M_RSS_MB")
        write_config "$EXPRESSION_RULES"
        rm -rf "$LS_DIR/state" && cp -a "$LS_DIR/imported" "$LS_DIR/state"
        measured sync-rules "$LDAPSYNC_BIN" --config "$LS_CONFIG" run bench-source full-sync
        rules+=("$M_SECONDS"); rss+=("$M_RSS_MB")
        say "ldapsync full sync run $i: built-in rules ${builtin[-1]} s, ten expression flows + DN template $M_SECONDS s"
    done
    write_config
    rm -rf "$LS_DIR/imported"
    row "full sync, 10 expression flows + DN template" "ldapsync run full-sync (rules)" "$(median "${rules[@]}")" \
        "ldapsync run full-sync (built-in rules)" "$(median "${builtin[@]}")" s 1.3 "$(max_of "${rss[@]}")" 300
}

part_ldapsync() {
    if ! ldapsync_available; then
        say "ldapsync sync-engine benchmarks: not available yet (skipped)"
        row "full import" "ldapsync: not available yet" "" "ldapsearch -E pr=1000" "$READ_PEER_SECONDS" s 2 "" 300
        row "initial cycle (import+sync+export)" "ldapsync: not available yet" "" "4 x ldapadd" "$PEER_LDAPADD_PARALLEL" s 1.15 "" 300
        row "export alone (4 connections)" "ldapsync: not available yet" "" "ldapadd" "$PEER_LDAPADD" s 1.0
        row "delta cycle, 1% changed" "ldapsync: not available yet" "" "ldapsync initial cycle" "" s 0.03 "" 300
        return 0
    fi
    write_config
    dirs start bench-target
    ls_step import && ls_full_import
    ls_step initial && ls_initial_cycle
    ls_step delta && ls_delta_cycles
    ls_step export && ls_export_alone
    ls_step postgres && ls_postgres_cycles
    ls_step rules && ls_rules_sync
    dirs stop bench-target
}

# ls_step NAME: whether BENCH_LDAPSYNC_STEPS (default: all of import initial delta export
# postgres rules) asks for the step; a shorter list makes a million-object run fit an hour.
# `delta` needs `initial` (it changes the state the initial cycle left).
ls_step() {
    [[ " ${BENCH_LDAPSYNC_STEPS:-import initial delta export postgres rules} " == *" $1 "* ]]
}
