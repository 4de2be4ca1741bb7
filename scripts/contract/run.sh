#!/usr/bin/env bash
# The admin API tested from its contract (issue 20): a running `ldapsync service` over two
# private slapd directories (the source and target of directories.sh, on ports and in a state
# folder of their own: the garbage the tests send reaches no shared directory), driven by
# Schemathesis from the OpenAPI document it serves at /api/openapi.json.
#   1. every operation answers 401 without the token, with a wrong one and with an empty one
#      (unauthorized.py);
#   2. Schemathesis (examples, coverage and fuzzing phases, every check: no 5xx, status codes,
#      content types, headers and bodies as documented, invalid input refused, valid input
#      taken, 405 for undeclared methods) for CONTRACT_SECONDS (default 90); schemathesis.toml
#      says which documented answers to valid input are not refusals (422: a directory said no).
# Schemathesis comes from PyPI into a venv under .dev/ (never system-wide). The reports (JUnit,
# NDJSON), the document and the service's log are kept in .dev/test-output/contract/.
# Usage: scripts/contract/run.sh   (after `swift build`; LDAPSYNC_BIN names another binary)
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT="$PWD"

SCHEMATHESIS_VERSION=4.32.5
VENV="$ROOT/.dev/schemathesis"
OUT="$ROOT/.dev/test-output/contract"
BIN="${LDAPSYNC_BIN:-$ROOT/.build/debug/ldapsync}"
BUDGET="${CONTRACT_SECONDS:-90}"
[[ -x "$BIN" ]] || { echo "contract: $BIN is not built (swift build)" >&2; exit 2; }

if [[ ! -x "$VENV/bin/st" ]] || [[ "$("$VENV/bin/st" --version 2>/dev/null)" != *"$SCHEMATHESIS_VERSION"* ]]; then
    echo "contract: installing Schemathesis $SCHEMATHESIS_VERSION into $VENV"
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install -q "schemathesis==$SCHEMATHESIS_VERSION"
fi

WORK="$(mktemp -d /tmp/ldapsync-contract.XXXXXX)"
export LDAPSYNC_DEV_DIR="$WORK/dev"
export LDAPSYNC_SOURCE_URI="ldap://127.0.0.1:${CONTRACT_SOURCE_PORT:-13389}"
export LDAPSYNC_SOURCE_LDAPS_URI="ldaps://127.0.0.1:${CONTRACT_SOURCE_TLS_PORT:-13636}"
export LDAPSYNC_TARGET_URI="ldap://127.0.0.1:${CONTRACT_TARGET_PORT:-14389}"
export LDAPSYNC_TARGET_LDAPS_URI="ldaps://127.0.0.1:${CONTRACT_TARGET_TLS_PORT:-14636}"
# The CA of the private directories, not of the shared ones a caller may have sourced.
unset LDAPSYNC_CA_FILE LDAPSYNC_WRONG_CA_FILE
# shellcheck source=../dev.env
source scripts/dev.env

service_pid=""
cleanup() {
    if [[ -n "$service_pid" ]]; then
        kill "$service_pid" 2>/dev/null || true
        wait "$service_pid" 2>/dev/null || true
    fi
    scripts/directories.sh stop source >/dev/null 2>&1 || true
    scripts/directories.sh stop target >/dev/null 2>&1 || true
    rm -rf "$WORK"
}
trap cleanup EXIT

scripts/directories.sh start source
scripts/directories.sh start target

# A small scope (ou=staff, ou=groups: 32 objects), so that runs and cycles the tests ask for
# take a second, and a schedule that starts nothing by itself.
cat >"$WORK/ldapsync.yaml" <<YAML
state: ./state
schedule: { interval: 1h, enabled: false, passwordSync: off }
connectors:
  - name: contoso.com
    flavor: openldap
    role: source
    uri: $LDAPSYNC_SOURCE_URI
    bindDN: $LDAPSYNC_SOURCE_SVC_DN
    baseDN: $LDAPSYNC_SOURCE_BASE
    containers: [ou=staff, ou=groups]
  - name: cloud
    flavor: openldap
    role: target
    uri: $LDAPSYNC_TARGET_URI
    bindDN: $LDAPSYNC_TARGET_SVC_DN
    baseDN: $LDAPSYNC_TARGET_BASE
YAML
ldapsync() { "$BIN" --config "$WORK/ldapsync.yaml" "$@"; }
ldapsync init >/dev/null
printf '%s' "$LDAPSYNC_SOURCE_SVC_PASSWORD" | ldapsync connector set-password contoso.com --password-stdin >/dev/null
printf '%s' "$LDAPSYNC_TARGET_SVC_PASSWORD" | ldapsync connector set-password cloud --password-stdin >/dev/null
# History, objects and events for the reads to find.
ldapsync cycle --initial >/dev/null

port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
base="http://127.0.0.1:$port"
mkdir -p "$OUT"
"$BIN" --config "$WORK/ldapsync.yaml" service --listen "127.0.0.1:$port" >"$OUT/service.log" 2>&1 &
service_pid=$!
for _ in $(seq 100); do
    curl -fsS -o /dev/null "$base/metrics" 2>/dev/null && break
    kill -0 "$service_pid" 2>/dev/null || { cat "$OUT/service.log" >&2; echo "contract: the service exited" >&2; exit 1; }
    sleep 0.2
done
token="$(cat "$WORK/state/admin.token")"
# The token goes to curl and Schemathesis on stdin and in the environment, never in argv.
printf 'Authorization: Bearer %s\n' "$token" | curl -fsS -H @- "$base/api/openapi.json" -o "$OUT/openapi.json"

status=0
python3 scripts/contract/unauthorized.py "$base" "$OUT/openapi.json" >"$OUT/unauthorized.txt" || status=1
tail -1 "$OUT/unauthorized.txt"
grep FAILED "$OUT/unauthorized.txt" || true

# Schemathesis: its own output to a file (long), the summary lines here. One worker: two threads
# of Hypothesis parsing lambdas at once hit CPython 3.11's "AST constructor recursion depth
# mismatch" (gh-106905, fixed after Debian 12's 3.11) as a random tool error.
# From $OUT, where it keeps its cache (.schemathesis/).
(cd "$OUT" && LDAPSYNC_CONTRACT_TOKEN="$token" "$VENV/bin/st" --config-file "$ROOT/scripts/contract/schemathesis.toml" \
    run openapi.json --url "$base" --checks all --phases examples,coverage,fuzzing --max-time "$BUDGET" --workers 1 \
    --seed 20 --request-timeout 60 --no-color --report junit,ndjson --report-dir . >schemathesis.txt 2>&1) || status=1
sed -n '/SUMMARY/,$p' "$OUT/schemathesis.txt" | head -40
((status == 0)) || echo "contract: FAILED (reports in $OUT)"
exit "$status"
