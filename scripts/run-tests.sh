#!/usr/bin/env bash
# `make test`: fresh throwaway directories, `swift test` against them, then stop them, even
# when the tests fail. A directory that does not start is a failure, never a skip.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/dev.env

stop_directories() { scripts/directories.sh stop || true; }
trap stop_directories EXIT

# Style first (.swift-format): a drift fails the run before anything is built.
swift format lint --strict --recursive --parallel Sources Tests Package.swift

# Build first so a compile error is reported before any server starts.
swift build --build-tests
scripts/directories.sh reset all
# Attachments (the web console's screenshots) are kept with the test output.
mkdir -p .dev/test-output/attachments
if (($# > 0)); then
    swift test --skip-build --attachments-path .dev/test-output/attachments "$@"
else
    # Unit tests first, in a process of their own: their CPU-bound property tests must not hold
    # the cooperative pool while an integration test is timing a server (kill -9 mid-export).
    swift test --skip-build --skip IntegrationTests
    swift test --skip-build --filter IntegrationTests --attachments-path .dev/test-output/attachments
    # The suites built on SyncFixture again, with the state in PostgreSQL (a schema per test in
    # the throwaway cluster); StoreContractTests above ran every store method on both stores.
    LDAPSYNC_TEST_STORE=postgres swift test --skip-build --filter "$(scripts/postgres-suites.sh)"
fi
# Every fuzz target for a few seconds (each kept crash replayed), then the admin API against
# its OpenAPI contract (Schemathesis, private directories): scripts/fuzz/, scripts/contract/.
if (($# == 0)); then
    scripts/fuzz/smoke.sh
    scripts/contract/run.sh
fi
echo "test output kept in .dev/test-output (console screenshots: .dev/test-output/console, attachments: .dev/test-output/attachments)"
