#!/usr/bin/env bash
# Builds the fuzz targets into .build-fuzz/targets/: the modules they need with SwiftPM
# (release, instrumented for libFuzzer and AddressSanitizer, in a scratch path of their own so
# the normal build is untouched), then one executable per target with swiftc.
# Usage: scripts/fuzz/build.sh [TARGET...]   (default: every target)
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/fuzz/targets.sh

SCRATCH=.build-fuzz
SANITIZE=fuzzer,address
targets=("$@")
((${#targets[@]})) || targets=("${FUZZ_TARGETS[@]}")

# The modules: SyncEngine pulls in LDAPProtocol, RuleLanguage, Yams (with libyaml) and Logging;
# testable, so the LDIF harness can build export plans the way the planner does.
swift build -c release --scratch-path "$SCRATCH" --target SyncEngine -Xswiftc -sanitize="$SANITIZE" -Xswiftc -enable-testing
built="$SCRATCH/release"
[[ -f "$built/Modules/SyncEngine.swiftmodule" ]] || { echo "fuzz build: SwiftPM did not build SyncEngine" >&2; exit 1; }

# libyaml's module map, for harnesses that import SyncEngine (which imports Yams, which imports CYaml).
cyaml_map="$(find "$SCRATCH/checkouts/Yams/Sources/CYaml" -name module.modulemap | head -1)"

# The object files of a module's current sources: those SwiftPM lists in the module's `sources`
# (a file deleted or renamed since an earlier build leaves a stale .o behind), every .o of a C
# module (no list; its sources are vendored and never change).
module_objects() {
    local folder="$built/$1.build"
    if [[ -f "$folder/sources" ]]; then
        while read -r source; do
            [[ "$source" == *.swift ]] && echo "$folder/$(basename "$source").o"
        done <"$folder/sources"
    else
        find "$folder" -name '*.o' | sort
    fi
}

mkdir -p "$SCRATCH/targets"
for target in "${targets[@]}"; do
    [[ -d "Fuzz/$target" ]] || { echo "fuzz build: no such target: $target" >&2; exit 2; }
    objects=()
    for module in $(fuzz_modules "$target"); do
        mapfile -t -O "${#objects[@]}" objects < <(module_objects "$module")
    done
    log="$SCRATCH/targets/$target.log"
    # ld.gold warns about every ASan check symbol it cannot export: noise, filtered out.
    # shellcheck disable=SC2046
    if ! swiftc -sanitize="$SANITIZE" -parse-as-library -O -swift-version 6 -module-name FuzzTarget \
        -I "$built/Modules" -Xcc -fmodule-map-file="$cyaml_map" \
        Fuzz/Support/*.swift "Fuzz/$target"/*.swift $(fuzz_extra_sources "$target") "${objects[@]}" \
        -o "$SCRATCH/targets/$target" >"$log" 2>&1; then
        grep -v "Cannot export local symbol" "$log" >&2
        echo "fuzz build: $target did not build" >&2
        exit 1
    fi
    grep -v "Cannot export local symbol" "$log" || true
    echo "fuzz build: $SCRATCH/targets/$target"
done
