# shellcheck shell=bash
# Part 4 (realtime): `ldapsync service` in real-time mode between the bench source and target
# (the state of Part 2's last cycle), while `ldapsync-bench realtime` changes the source at a
# steady 10, 100 and 1,000 changes per second for BENCH_RT_SECONDS (30) each — modifies, adds,
# deletes, renames and group memberships — and measures per change the time until the target
# shows it (a persistent search on the target). Targets: p99 <= 1 s at 100/s; at 1,000/s the lag
# stays bounded (the second half's median within 2x the first half's + 1 s); after each phase
# the target equals the source. Runs after Part 2 (it needs its imported state).

BENCH_RT_SECONDS="${BENCH_RT_SECONDS:-30}"
BENCH_RT_RATES="${BENCH_RT_RATES:-10 100 1000}"

rt_service_pid=""
rt_stop_service() {
    [[ -n "$rt_service_pid" ]] || return 0
    kill -TERM "$rt_service_pid" 2>/dev/null || true
    wait "$rt_service_pid" 2>/dev/null || true
    rt_service_pid=""
}

# rt_start_service CONFIG DIR TARGET: `ldapsync service` in the background (rt_service_pid,
# log in DIR/realtime-service.log), returning once its own cycles are over: it starts with a
# cycle and, having no record of one, a full cycle (a full sync of everything), and a phase that
# started meanwhile would measure them. Over: a full sync ended after the start, an export to
# TARGET too, and no run in progress for 5 s.
rt_start_service() {
    local config="$1" dir="$2" target="$3" i started quiet=0
    started="$(date -u +%Y-%m-%dT%H:%M:%S)"
    "$LDAPSYNC_BIN" --config "$config" service > "$dir/realtime-service.log" 2>&1 &
    rt_service_pid=$!
    for ((i = 0; i < 100; i++)); do
        [[ -S "$dir/state/service.sock" ]] && break
        sleep 0.1
    done
    for ((i = 0; i < 600; i++)); do
        if "$LDAPSYNC_BIN" --config "$config" runs --last 20 --json | "$SYSTEM_PYTHON" -c '
import json, sys
runs = json.load(sys.stdin)
def done(profile):
    return any(r["profile"] == profile and r["startedAt"] >= sys.argv[1] and r["status"] != "in-progress" for r in runs)
sys.exit(0 if done("export") and done("full-sync") and all(r["status"] != "in-progress" for r in runs) else 1)' "$started"
        then
            quiet=$((quiet + 1))
        else
            quiet=0
        fi
        ((quiet < 5)) || break
        sleep 1
    done
}

# rt_note OUT: the row's note for one phase's `ldapsync-bench realtime` output.
rt_note() {
    printf 'p50 %s s, max %s s, achieved %s/s, %s refused, %s of %s marked changes seen; first/second half p50 %s/%s s; target equals source: %s (after %s s; source group members naming no entry, not synced: %s)' \
        "$(json_get "$1" p50)" "$(json_get "$1" max)" "$(json_get "$1" achievedRate)" "$(json_get "$1" failed)" "$(json_get "$1" arrived)" \
        "$(json_get "$1" measured)" "$(json_get "$1" firstHalfP50)" "$(json_get "$1" secondHalfP50)" "$(json_get "$1" equal)" \
        "$(json_get "$1" convergedSeconds)" "$(json_get "$1" danglingSourceMembers)"
}

part_realtime() {
    if ! ldapsync_available; then
        say "real-time benchmark: ldapsync not available (skipped)"
        return 0
    fi
    write_config "schedule: { mode: realtime, interval: 1h, passwordSync: off, batchWindow: 100ms }"
    dirs start bench-target
    # The state of Part 2's last cycles is reused: a delta cycle brings both sides level first.
    ls_cli cycle > /dev/null || die "the cycle before the real-time phases failed"
    rt_start_service "$LS_CONFIG" "$LS_DIR" bench-target
    local rate out p99 note
    for rate in $BENCH_RT_RATES; do
        out="$("$BENCH_TOOL" realtime --source-uri "$BENCH_SOURCE_URI" --source-bind-dn "$LDAPSYNC_SOURCE_ADMIN_DN" \
            --source-password-file "$SECRETS/source-admin.pw" --source-base "$LDAPSYNC_SOURCE_BASE" \
            --target-uri "$BENCH_TARGET_URI" --target-bind-dn "$LDAPSYNC_TARGET_ADMIN_DN" \
            --target-password-file "$SECRETS/target-admin.pw" --target-base "$LDAPSYNC_TARGET_BASE" \
            --phase "r$rate" --rate "$rate" --seconds "$BENCH_RT_SECONDS" --users "$BENCH_USERS")" || die "ldapsync-bench realtime failed"
        say "real-time at $rate changes/s: $out"
        p99="$(json_get "$out" p99)"
        note="$(rt_note "$out")"
        if [[ "$rate" == 100 ]]; then
            row "real-time p99 lag, $rate changes/s" "ldapsync service (realtime)" "$p99" "target: 1 s" 1 s 1.0 "" "" "$note"
        else
            row "real-time p99 lag, $rate changes/s" "ldapsync service (realtime)" "$p99" "" "" s "" "" "" "$note"
        fi
    done
    rt_stop_service
    dirs stop bench-target
}
