#!/usr/bin/env bash
# The integration suites that run a second time on the PostgreSQL store (`make test`): every
# suite whose tests build a SyncFixture or a TestStore, directly or through ADScratch.with or
# FaultTests.FakeSource (they read LDAPSYNC_TEST_STORE), as a `swift test --filter` pattern.
# Suites that pin their store (`store: .postgres` or `.sqlite`) run once.
set -euo pipefail
cd "$(dirname "$0")/.."
suites="$(grep -lE 'SyncFixture\(|TestStore\(|ADScratch\.with|FakeSource\(' Tests/IntegrationTests/*.swift | xargs grep -LE 'store: \.(postgres|sqlite)' | xargs -n1 basename | sed 's/\.swift$//' | sort | paste -sd'|')"
[[ -n "$suites" ]] || { echo "postgres-suites: no suite uses SyncFixture" >&2; exit 1; }
printf 'IntegrationTests\\.(%s)\n' "$suites"
