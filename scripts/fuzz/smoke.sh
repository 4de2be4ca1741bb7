#!/usr/bin/env bash
# `make test`'s share of fuzzing: builds every target, then runs each for FUZZ_SMOKE_SECONDS
# (default 5) from its seeds and its regression inputs, so every crash ever kept in
# Fuzz/*/regressions is replayed on every test run. About 5½ minutes on 2 cores from a clean
# checkout (4½ of them the instrumented build), under a minute once built.
set -euo pipefail
cd "$(dirname "$0")/../.."
scripts/fuzz/build.sh
FUZZ_SECONDS="${FUZZ_SMOKE_SECONDS:-5}" scripts/fuzz/run.sh
