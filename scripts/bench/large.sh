#!/usr/bin/env bash
# `make bench-large` (not in CI; two hours or more on 2 cores, on disk): ldapsync at a million objects.
# Runs scripts/bench/run.sh twice on the same machine, one after the other, with groups of 50 to
# 5,000 members: 100,000 users + 1,000 groups, then 1,000,000 users + 10,000 groups (Parts 1
# and 2: ldapsearch and four ldapadd beside the full import, the initial cycle, the delta cycle
# after 1% changes and the full syncs; one run each), then compares them (lib/linear.py): each
# of import, initial cycle and delta cycle within 11x its 100k time, peak RSS <= 300 MB, the
# state's bytes per object. Results in .dev/bench/large/. At 1M both slapds' databases take about
# 10 GB each (groups of up to 5,000 members): on tmpfs that needs about 32 GB of memory, so on a
# smaller machine both halves run on disk (BENCH_DIR, default /var/tmp/ldapsync-bench-large; the
# slapds do not sync their writes), the same medium for both so that their ratios compare.
# A shorter run, ldapsync's own import and cycles on SQLite only (about 80 minutes on disk on
# 2026-12-07, most of it the 1M initial cycle):
#   BENCH_LARGE_PARTS=ldapsync BENCH_LDAPSYNC_STEPS="import initial delta" make bench-large
set -euo pipefail
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
OUT="${BENCH_LARGE_RESULTS:-$REPO_ROOT/.dev/bench/large}"
mkdir -p "$OUT"
if [[ -z "${BENCH_DIR:-}" ]]; then
    BENCH_DIR=/var/tmp/ldapsync-bench-large
    (($(awk '/^MemTotal:/ { print $2 }' /proc/meminfo) >= 30 * 1024 * 1024)) && BENCH_DIR=/dev/shm/ldapsync-bench
fi
export BENCH_DIR
common=(BENCH_RUNS=1 "BENCH_PARTS=${BENCH_LARGE_PARTS:-read peers ldapsync}" BENCH_PEERS=ldapadd BENCH_MAX_MEMBERS=5000
    LDAPSYNC_SLAPD_MAXSIZE=$((32 << 30)))
env "${common[@]}" BENCH_USERS=100000 BENCH_GROUPS=1000 BENCH_SMALL_USERS=10000 BENCH_RESULTS="$OUT/100k.json" \
    "$REPO_ROOT/scripts/bench/run.sh" | tee "$OUT/100k.txt"
env "${common[@]}" BENCH_USERS=1000000 BENCH_GROUPS=10000 BENCH_SMALL_USERS=100000 BENCH_RESULTS="$OUT/1m.json" \
    "$REPO_ROOT/scripts/bench/run.sh" | tee "$OUT/1m.txt"
python3 "$REPO_ROOT/scripts/bench/lib/linear.py" "$OUT/100k.json" "$OUT/1m.json" 10 | tee "$OUT/linear.md"
