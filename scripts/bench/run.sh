#!/usr/bin/env bash
# `make bench`: ldapsync's performance against its peers, on throwaway slapds on tmpfs.
#
#   scripts/bench/run.sh                  everything (about 7 minutes on 2 cores)
#   BENCH_PARTS="read" scripts/bench/run.sh      only Part 1 (LDAPClient read vs ldapsearch)
#
# Part 1 (read): slapadd-loads BENCH_SMALL_USERS (10k) and BENCH_USERS (100k) users + groups into
#   a bench source slapd and reads all of it with `ldapsearch -E pr=1000` and with LDAPClient
#   (`ldapsync-bench read`). Targets: <= 2x ldapsearch, peak RSS <= 100 MB, flat as N grows.
# Part 2 (peers): ldapadd into an empty target, an OpenLDAP syncrepl consumer, a python-ldap
#   import into SQLite. Part 2 (ldapsync): full import, initial cycle and its export, delta
#   cycle after 1% changes, peak RSS; the initial and delta cycles again with the state in
#   PostgreSQL (a throwaway cluster on the same tmpfs, port 5392); skipped until the ldapsync
#   CLI has those commands.
# Part 3 (ad): full import of BENCH_AD_USERS (20k) users from the Samba AD DC (the test DC on
#   389/636, started if needed; users seeded once into OU=Bench20k and reused) against
#   `ldapsearch -E pr=1000` of the same over ldaps. Target <= 3x. Settings: scripts/bench/lib/ad.sh.
#   Then the service in real-time mode from the DC to a fresh bench target while ldapsync-bench
#   changes the DC at 10 changes/s: p99 lag target <= 5 s (scripts/bench/lib/ad_realtime.sh).
#   BENCH_PARTS="ad" scripts/bench/run.sh runs it alone (the bench source is not loaded).
# Part 4 (realtime, after Part 2): the service in real-time mode while ldapsync-bench changes the
#   source at 10, 100 and 1,000 changes/s (BENCH_RT_SECONDS each); p50/p99/max lag per rate, and
#   the target equal to the source after each. Settings: scripts/bench/lib/realtime.sh.
# Each case: median of BENCH_RUNS (3). Results: a table on stdout and $BENCH_RESULTS (JSON,
# default .dev/bench/results.json). Servers listen on 127.0.0.1:5389-5391 (LDAPS 5636-5638)
# and keep their state in BENCH_DIR (/dev/shm/ldapsync-bench); all are stopped and the state
# removed on exit (BENCH_KEEP=1 keeps the files). More settings: scripts/bench/lib/common.sh.
# BENCH_STRICT=1: exit status 1 when a target is missed.
set -euo pipefail
shopt -s inherit_errexit

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export REPO_ROOT
for lib in common data read peers ldapsync realtime ad ad_realtime; do
    # shellcheck source=/dev/null
    source "$REPO_ROOT/scripts/bench/lib/$lib.sh"
done

has_part() { [[ " $BENCH_PARTS " == *" $1 "* ]]; }

prepare() {
    [[ "$BENCH_DIR" == /?* && "$BENCH_DIR" != *..* ]] || die "BENCH_DIR must be an absolute path: $BENCH_DIR"
    mkdir -p "$(dirname "$BENCH_DIR")"
    if [[ "$(stat -f -c %T "$(dirname "$BENCH_DIR")")" != tmpfs ]]; then
        say "warning: $BENCH_DIR is not on tmpfs: write timings will swing 2-3x"
    fi
    # Leftovers of an interrupted run: stop its servers (by pid file), then wipe.
    trap cleanup EXIT
    trap 'exit 130' INT TERM
    local name
    for name in bench-consumer bench-target bench-source; do
        [[ -d "$BENCH_DIR/$name" ]] && dirs stop "$name"
    done
    rm -rf "$BENCH_DIR"
    mkdir -p "$WORK_DIR" "$LDIF_DIR" "$(dirname "$BENCH_RESULTS")"
    : > "$ROWS"
    say "building ldapsync-bench (release)"
    (cd "$REPO_ROOT" && swift build -c release --product ldapsync-bench >&2)
}

main() {
    prepare
    local t0=$EPOCHREALTIME
    if has_part read; then
        part_read
    elif has_part peers || has_part ldapsync; then
        load_source "$BENCH_USERS" "$BENCH_GROUPS"
    fi
    if has_part peers; then part_peers; fi
    if has_part ldapsync; then part_ldapsync; fi
    if has_part realtime; then part_realtime; fi
    if has_part ad; then part_ad; fi
    local strict=()
    [[ "${BENCH_STRICT:-0}" == 1 ]] && strict=(--strict)
    local sizes=()
    if has_part read || has_part peers || has_part ldapsync; then
        sizes+=("$BENCH_USERS users + $BENCH_GROUPS groups (tmpfs)")
    fi
    if has_part ad; then sizes+=("AD: $BENCH_AD_USERS users (Samba)"); fi
    print_table --title "ldapsync benchmark: $(IFS=';'; printf '%s' "${sizes[*]}" | sed 's/;/; /g'), median of $BENCH_RUNS" \
        --json "$BENCH_RESULTS" "${strict[@]}" \
        --meta "date=$(date -u +%Y-%m-%dT%H:%M:%SZ)" --meta "users=$BENCH_USERS" --meta "groups=$BENCH_GROUPS" \
        --meta "smallUsers=$BENCH_SMALL_USERS" --meta "runs=$BENCH_RUNS" --meta "cores=$(nproc)" \
        --meta "slapd=$(slapd -VV 2>&1 | head -n 1 | sed 's/^ *//')" --meta "benchDir=$BENCH_DIR" \
        --meta "parts=$BENCH_PARTS" --meta "adUsers=$BENCH_AD_USERS"
    say "results: $BENCH_RESULTS (bench took $(since "$t0") s)"
}

main "$@"
