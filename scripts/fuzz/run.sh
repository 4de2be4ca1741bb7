#!/usr/bin/env bash
# Runs fuzz targets (built by build.sh) for FUZZ_SECONDS each, FUZZ_JOBS at a time, starting
# from the committed seeds and every regression input, and prints one line of figures per
# target: executions, executions per second, coverage (libFuzzer's cov and ft), corpus size.
# A crash or a violated property fails the run; the input is kept in .build-fuzz/crashes/TARGET/
# (copy it into Fuzz/TARGET/regressions/ once the bug is fixed).
# Usage: FUZZ_SECONDS=180 scripts/fuzz/run.sh [TARGET...]   (default: every target)
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/fuzz/targets.sh

SCRATCH=.build-fuzz
SECONDS_EACH="${FUZZ_SECONDS:-180}"
JOBS="${FUZZ_JOBS:-$(nproc)}"
targets=("$@")
((${#targets[@]})) || targets=("${FUZZ_TARGETS[@]}")

# Swift's crash handler would symbolicate for minutes; libFuzzer prints the stack itself.
export SWIFT_BACKTRACE=enable=no
# The Swift runtime keeps metadata caches for the life of the process: not leaks.
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=0}"

run_target() {
    local target="$1" work="$SCRATCH/corpus/$1" crashes="$SCRATCH/crashes/$1/" log="$SCRATCH/logs/$1.log"
    mkdir -p "$work" "$crashes" "$(dirname "$log")" "Fuzz/$target/corpus" "Fuzz/$target/regressions"
    # New inputs go to the first folder (the scratch corpus); the committed ones are only read.
    "$SCRATCH/targets/$target" -max_total_time="$SECONDS_EACH" -timeout=10 -rss_limit_mb=2048 -max_len=8192 \
        -print_final_stats=1 -artifact_prefix="$crashes" \
        "$work" "Fuzz/$target/corpus" "Fuzz/$target/regressions" >"$log" 2>&1
}

summary() {
    local target="$1" status="$2" log="$SCRATCH/logs/$1.log"
    local runs rate cov ft corpus
    runs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)"
    rate="$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)"
    cov="$(grep -o 'cov: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)"
    ft="$(grep -o 'ft: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)"
    corpus="$(grep -o 'corp: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)"
    printf '%-16s %-7s %10s %9s %7s %7s %7s\n' "$target" "$status" "${runs:--}" "${rate:--}" "${cov:--}" "${ft:--}" "${corpus:--}"
}

for target in "${targets[@]}"; do
    [[ -x "$SCRATCH/targets/$target" ]] || { echo "fuzz: $target is not built (scripts/fuzz/build.sh)" >&2; exit 2; }
done

echo "fuzz: ${#targets[@]} targets, ${SECONDS_EACH}s each, $JOBS at a time"
declare -A status
pending=("${targets[@]}")
while ((${#pending[@]})); do
    batch=("${pending[@]:0:$JOBS}")
    pending=("${pending[@]:$JOBS}")
    declare -A pids=()
    for target in "${batch[@]}"; do
        run_target "$target" &
        pids[$target]=$!
    done
    for target in "${batch[@]}"; do
        if wait "${pids[$target]}"; then status[$target]=ok; else status[$target]=FAILED; fi
    done
done

report="$SCRATCH/fuzz-report.txt"
{
    printf '%-16s %-7s %10s %9s %7s %7s %7s\n' target status execs exec/s cov ft corpus
    for target in "${targets[@]}"; do summary "$target" "${status[$target]}"; done
} | tee "$report"

failed=0
for target in "${targets[@]}"; do
    [[ "${status[$target]}" == ok ]] && continue
    failed=1
    echo
    echo "fuzz: $target FAILED ($SCRATCH/logs/$target.log):"
    grep -aE 'property violated|Fatal error|ERROR: |ALARM|out-of-memory|^SUMMARY|Test unit written|^Base64' \
        "$SCRATCH/logs/$target.log" | head -20
    echo "fuzz: inputs kept in $SCRATCH/crashes/$target/; reproduce with $SCRATCH/targets/$target FILE"
done
exit "$failed"
