#!/usr/bin/env bash
# `make demo`: a real sync cycle between throwaway directories.
#   1. fresh OpenLDAP source (dc=contoso,dc=com, seeded) and empty target (dc=cloud,dc=example)
#   2. ldapsync init, passwords from files (never argv), `ldapsync cycle --initial`
#   3. changes in the source (add, modify, rename, move, delete, membership), `ldapsync cycle`
#   4. the run history, the events and the target following
#   5. password sync, and the target's service account reset by mistake and fixed in one command
#   6. sync rules as data: the built-in rules, the discovered schema, a rule written, checked,
#      tried on one object, and applied by a cycle
#   7. explain one object, simulate a rules change (nothing written), and undo an export
#   8. real-time mode: the service watches the source; a change reaches the target in about a second
#   9. the state moved into PostgreSQL (verified), two services on it, the active one killed:
#      the standby takes over within seconds and carries on
# The directories keep running afterwards so you can look around; `make stop` stops them.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/dev.env

say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
target_search() {  # target_search BASE [ATTRS…]: what the target holds, as its admin
    local base="$1"; shift
    ldapsearch -LLL -x -o ldif-wrap=no -H "$LDAPSYNC_TARGET_URI" -D "$LDAPSYNC_TARGET_ADMIN_DN" \
        -y "$LDAPSYNC_DEV_DIR/secrets/target-admin.pw" -b "$base" -s base "$@" 2>&1 || true
}

say "Building ldapsync"
swift build --product ldapsync 2>&1 | tail -1
LDAPSYNC="$(swift build --show-bin-path)/ldapsync"

say "Starting fresh throwaway directories"
scripts/directories.sh reset source
scripts/directories.sh reset target
scripts/directories.sh start postgres

DEMO="$LDAPSYNC_DEV_DIR/demo"
rm -rf "$DEMO" && mkdir -p "$DEMO"
cat > "$DEMO/ldapsync.yaml" <<YAML
# The demo's configuration: OpenLDAP contoso.com (source) to OpenLDAP cloud (target).
state: ./state
deletionThreshold: 500
connectors:
  - name: contoso.com
    flavor: openldap
    role: source
    uri: $LDAPSYNC_SOURCE_URI
    tls: starttls
    caFile: $LDAPSYNC_CA_FILE
    bindDN: $LDAPSYNC_SOURCE_SVC_DN
    baseDN: $LDAPSYNC_SOURCE_BASE
    containers: [ou=people, ou=groups]
  - name: cloud
    flavor: openldap
    role: target
    uri: $LDAPSYNC_TARGET_LDAPS_URI
    caFile: $LDAPSYNC_CA_FILE
    bindDN: $LDAPSYNC_TARGET_SVC_DN
    baseDN: $LDAPSYNC_TARGET_BASE
YAML
export LDAPSYNC_CONFIG="$DEMO/ldapsync.yaml"

say "ldapsync init; passwords from files (verified by a test bind, stored encrypted)"
"$LDAPSYNC" init
"$LDAPSYNC" connector set-password contoso.com --password-file "$LDAPSYNC_DEV_DIR/secrets/source-svc.pw"
"$LDAPSYNC" connector set-password cloud --password-file "$LDAPSYNC_DEV_DIR/secrets/target-svc.pw"
"$LDAPSYNC" connector list

say "Initial sync cycle: full import, full sync, export"
"$LDAPSYNC" cycle --initial
"$LDAPSYNC" runs

say "The initial export started beside the full sync: new people went out while it ran"
"$LDAPSYNC" runs --json | python3 -c '
import json, sys
runs = json.load(sys.stdin)
sync = next(r for r in runs if r["connector"] == "contoso.com" and r["profile"] == "full-sync")
export = next(r for r in runs if r["connector"] == "cloud" and r["profile"] == "export")
print("full sync of contoso.com ", sync["startedAt"], "..", sync["endedAt"])
print("export to cloud          ", export["startedAt"], "..", export["endedAt"], "(%d adds)" % export["counters"]["adds"])'

say "A few synced objects in the target"
target_search "uid=user0001,ou=people,dc=cloud,dc=example" uid cn mail title employeeNumber
target_search "cn=Doe\\2C Jane,ou=people,dc=cloud,dc=example" cn mail
echo "cn=all-people,ou=groups,dc=cloud,dc=example has $(target_search "cn=all-people,ou=groups,dc=cloud,dc=example" member | grep -c '^member:') members"

say "Changing the source: add, modify, rename, move, delete, membership"
ldapmodify -x -H "$LDAPSYNC_SOURCE_URI" -D "$LDAPSYNC_SOURCE_ADMIN_DN" -y "$LDAPSYNC_DEV_DIR/secrets/source-admin.pw" <<'LDIF'
dn: uid=demo.user,ou=people,dc=contoso,dc=com
changetype: add
objectClass: inetOrgPerson
uid: demo.user
cn: Demo User
sn: User
mail: demo.user@contoso.com

dn: uid=user0002,ou=people,dc=contoso,dc=com
changetype: modify
replace: title
title: Head of Demos
-

dn: uid=user0003,ou=people,dc=contoso,dc=com
changetype: modrdn
newrdn: uid=user0003-renamed
deleteoldrdn: 1

dn: uid=user0004,ou=people,dc=contoso,dc=com
changetype: modrdn
newrdn: uid=user0004
deleteoldrdn: 1
newsuperior: ou=sales,ou=people,dc=contoso,dc=com

dn: uid=user0005,ou=people,dc=contoso,dc=com
changetype: delete

dn: cn=admins,ou=groups,dc=contoso,dc=com
changetype: modify
add: member
member: uid=demo.user,ou=people,dc=contoso,dc=com
-
LDIF

say "Pending changes after a delta import and delta sync (export preview, as LDIF)"
"$LDAPSYNC" run contoso.com delta-import
"$LDAPSYNC" run contoso.com delta-sync
"$LDAPSYNC" export preview cloud

say "Delta sync cycle"
"$LDAPSYNC" cycle
"$LDAPSYNC" runs --last 6

say "The target followed"
target_search "uid=demo.user,ou=people,dc=cloud,dc=example" uid cn mail
target_search "uid=user0002,ou=people,dc=cloud,dc=example" title
target_search "uid=user0003-renamed,ou=people,dc=cloud,dc=example" uid
target_search "uid=user0004,ou=sales,ou=people,dc=cloud,dc=example" uid
echo "uid=user0005 in the target: $(target_search "uid=user0005,ou=people,dc=cloud,dc=example" 1.1 | grep -c '^dn:' || true) entries (deleted)"
target_search "cn=admins,ou=groups,dc=cloud,dc=example" member

say "Password sync: a source user's new password reaches the target"
"$LDAPSYNC" password-sync run | head -3
printf '%s' "Demo-Pass-$RANDOM-x" > "$DEMO/user.pw" && chmod 600 "$DEMO/user.pw"
ldappasswd -x -H "$LDAPSYNC_SOURCE_URI" -D "$LDAPSYNC_SOURCE_ADMIN_DN" -y "$LDAPSYNC_DEV_DIR/secrets/source-admin.pw" \
    -T "$DEMO/user.pw" "uid=user0002,ou=people,dc=contoso,dc=com"
"$LDAPSYNC" password-sync run
ldapwhoami -x -H "$LDAPSYNC_TARGET_URI" -D "uid=user0002,ou=people,dc=cloud,dc=example" -y "$DEMO/user.pw"

say "The target's service account reset by mistake, then fixed in one command"
printf '%s' "Mistake-$RANDOM-x" > "$DEMO/mistake.pw" && chmod 600 "$DEMO/mistake.pw"
ldappasswd -x -H "$LDAPSYNC_TARGET_URI" -D "$LDAPSYNC_TARGET_ADMIN_DN" -y "$LDAPSYNC_DEV_DIR/secrets/target-admin.pw" \
    -T "$DEMO/mistake.pw" "$LDAPSYNC_TARGET_SVC_DN"
printf '%s' "Demo-Pass-$RANDOM-y" > "$DEMO/user.pw"
ldappasswd -x -H "$LDAPSYNC_SOURCE_URI" -D "$LDAPSYNC_SOURCE_ADMIN_DN" -y "$LDAPSYNC_DEV_DIR/secrets/source-admin.pw" \
    -T "$DEMO/user.pw" "uid=user0002,ou=people,dc=contoso,dc=com"
"$LDAPSYNC" password-sync run || echo "(exit $?: the target's service account was rejected)"
"$LDAPSYNC" events --id 6900 --last 1
"$LDAPSYNC" events --id 659 --last 1
"$LDAPSYNC" service-account reset cloud --admin-dn "$LDAPSYNC_TARGET_ADMIN_DN" --admin-password-stdin \
    < "$LDAPSYNC_DEV_DIR/secrets/target-admin.pw"
"$LDAPSYNC" password-sync run
ldapwhoami -x -H "$LDAPSYNC_TARGET_URI" -D "uid=user0002,ou=people,dc=cloud,dc=example" -y "$DEMO/user.pw"
rm -f "$DEMO/user.pw" "$DEMO/mistake.pw"

say "Sync rules as data: the built-in rules (ldapsync rules show, first lines)"
"$LDAPSYNC" rules show | head -n 24 || true
say "The target's discovered schema (ldapsync connector schema cloud --class inetOrgPerson)"
"$LDAPSYNC" connector schema cloud --class inetOrgPerson | cut -c1-200 || true

say "A rule written: people to cloud keep everything, with title in capitals and a built displayName"
cat > "$DEMO/rules.yaml" <<'YAML'
rules:
  - name: people to cloud
    connector: cloud
    direction: outbound
    objectType: person
    scope: "(!(employeeType=contractor))"
    join: [uid]
    deprovision: disable
    accountDisabled: ldapsyncAccountDisabled
    flowAll: true
    exclude: [userPassword]
    flows:
      title: 'IIF(IsPresent(title), UCase(title), Null)'
      displayName: 'Coalesce(displayName, givenName & " " & sn)'
YAML
{ grep -v '^connectors:' "$DEMO/ldapsync.yaml" | sed -n '1,/^deletionThreshold/p'; cat "$DEMO/rules.yaml"; sed -n '/^connectors:/,$p' "$DEMO/ldapsync.yaml"; } > "$DEMO/with-rules.yaml"
cat "$DEMO/rules.yaml"
export LDAPSYNC_CONFIG="$DEMO/with-rules.yaml"
"$LDAPSYNC" rules check
say "One object through the rules, nothing written (ldapsync rules test)"
"$LDAPSYNC" rules test contoso.com --dn uid=user0002,ou=people,dc=contoso,dc=com | grep -vE '^  [A-Za-z]+ = ' | head -n 14 || true
"$LDAPSYNC" rules test contoso.com --dn uid=user0002,ou=people,dc=contoso,dc=com | grep -E "^  (title|displayName) = "
say "A cycle applies it (--initial: a full sync, as after any rules change, so every object gets the new rules)"
"$LDAPSYNC" cycle --initial > /dev/null
"$LDAPSYNC" runs --last 3
target_search "uid=user0002,ou=people,dc=cloud,dc=example" title displayName

say "Why is this object synced the way it is? (ldapsync explain)"
"$LDAPSYNC" explain contoso.com --dn uid=user0002,ou=people,dc=contoso,dc=com | cut -c1-160 | head -n 40 || true

say "A narrower scope tried first: simulate it against the running rules (nothing is written)"
sed 's/scope: "(!(employeeType=contractor))"/scope: "(\&(!(employeeType=contractor))(!(uid=user001*)))"/' \
    "$DEMO/with-rules.yaml" > "$DEMO/candidate.yaml"
grep -n 'scope:' "$DEMO/candidate.yaml"
LDAPSYNC_CONFIG="$DEMO/candidate.yaml" "$LDAPSYNC" simulate --against "$DEMO/with-rules.yaml" | head -n 8 || true

say "A mistake, exported: five people deleted in the source; the cycle disables them in cloud"
for n in 21 22 23 24 25; do echo "uid=user00$n,ou=people,dc=contoso,dc=com"; done |
    ldapdelete -x -H "$LDAPSYNC_SOURCE_URI" -D "$LDAPSYNC_SOURCE_ADMIN_DN" -y "$LDAPSYNC_DEV_DIR/secrets/source-admin.pw"
"$LDAPSYNC" cycle > /dev/null || true
EXPORT_RUN=$("$LDAPSYNC" runs --connector cloud --last 10 --json | python3 -c \
    'import json,sys; print(next(r["id"] for r in json.load(sys.stdin) if r["profile"] == "export" and r["counters"]["updates"] > 0))')
"$LDAPSYNC" runs --id "$EXPORT_RUN" --writes
target_search "uid=user0021,ou=people,dc=cloud,dc=example" pwdAccountLockedTime

say "Undo it: the inverse as LDIF first, then applied; the next cycle leaves it undone"
"$LDAPSYNC" undo "$EXPORT_RUN" | tail -n 12
"$LDAPSYNC" undo "$EXPORT_RUN" --apply
target_search "uid=user0021,ou=people,dc=cloud,dc=example" pwdAccountLockedTime
"$LDAPSYNC" cycle > /dev/null || true
"$LDAPSYNC" runs --connector cloud --last 2

say "Real-time mode: the service watches the source, and a change reaches cloud in about a second"
sed 's/^deletionThreshold: 500$/deletionThreshold: 500\nschedule: { mode: realtime, interval: 1h, passwordSync: off }/' \
    "$DEMO/with-rules.yaml" > "$DEMO/realtime.yaml"
export LDAPSYNC_CONFIG="$DEMO/realtime.yaml"
"$LDAPSYNC" service > "$DEMO/service.log" 2>&1 &
SERVICE_PID=$!
trap 'kill $SERVICE_PID 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do [[ -S "$DEMO/state/service.sock" ]] && break; sleep 0.1; done
sleep 3   # the service's first cycle, and the watch opening
START=$EPOCHREALTIME
ldapmodify -x -H "$LDAPSYNC_SOURCE_URI" -D "$LDAPSYNC_SOURCE_ADMIN_DN" -y "$LDAPSYNC_DEV_DIR/secrets/source-admin.pw" > /dev/null <<'LDIF'
dn: uid=user0030,ou=people,dc=contoso,dc=com
changetype: modify
replace: title
title: Changed in real time
-
LDIF
for _ in $(seq 1 200); do
    target_search "uid=user0030,ou=people,dc=cloud,dc=example" title | grep -q "CHANGED IN REAL TIME" && break
    sleep 0.05
done
awk -v a="$START" -v b="$EPOCHREALTIME" 'BEGIN { printf "in cloud after %.2f s\n", b - a }'
target_search "uid=user0030,ou=people,dc=cloud,dc=example" title
"$LDAPSYNC" scheduler show
# Real-time mode weighs each batch's deletes with those of the last hour (deletionThreshold.window).
"$LDAPSYNC" export preview cloud 2>&1 > /dev/null | grep "deletion threshold"
kill -TERM "$SERVICE_PID"; wait "$SERVICE_PID" || true
trap - EXIT

say "The state moved into PostgreSQL (store migrate: copied, then verified table by table)"
PG_PASSWORD_FILE="$LDAPSYNC_DEV_DIR/secrets/postgres.pw"
PGPASSWORD="$(cat "$PG_PASSWORD_FILE")" psql -X -q -h 127.0.0.1 -p "$LDAPSYNC_POSTGRES_PORT" -U "$LDAPSYNC_POSTGRES_USER" \
    -d "$LDAPSYNC_POSTGRES_DATABASE" -c "DROP SCHEMA IF EXISTS demo CASCADE" 2>/dev/null || true
"$LDAPSYNC" store migrate --to "$LDAPSYNC_POSTGRES_URL" --schema demo --user "$LDAPSYNC_POSTGRES_USER" \
    --password-file "$PG_PASSWORD_FILE" --ca-file "$LDAPSYNC_CA_FILE"
STORE="store: { postgres: { url: \"$LDAPSYNC_POSTGRES_URL\", user: $LDAPSYNC_POSTGRES_USER, passwordFile: \"$PG_PASSWORD_FILE\", caFile: \"$LDAPSYNC_CA_FILE\", schema: demo, leaseTime: 3s } }"
sed 's/^deletionThreshold: 500$/deletionThreshold: 500\nschedule: { interval: 1h, passwordSync: off }/' "$DEMO/with-rules.yaml" > "$DEMO/pg.yaml"
echo "$STORE" >> "$DEMO/pg.yaml"
# A second host: its own state folder with a copy of the key only (store migrate put the
# sealed credentials into the store, where every host reads them).
mkdir -p "$DEMO/host-b" && rm -rf "$DEMO/host-b/state" && mkdir -m 700 "$DEMO/host-b/state"
cp "$DEMO/state/ldapsync.key" "$DEMO/host-b/state/"
cp "$DEMO/pg.yaml" "$DEMO/host-b/pg.yaml"

say "Two services on that state: one active, one standby; the active one killed (kill -9)"
"$LDAPSYNC" --config "$DEMO/pg.yaml" service > "$DEMO/service-a.log" 2>&1 &
A_PID=$!
disown "$A_PID"   # it is killed on purpose below: no job notice for it
B_PID=""
trap 'kill $A_PID ${B_PID:-} 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do "$LDAPSYNC" --config "$DEMO/pg.yaml" events --id 6209 2>/dev/null | grep -q "active service" && break; sleep 0.1; done
"$LDAPSYNC" --config "$DEMO/host-b/pg.yaml" service > "$DEMO/service-b.log" 2>&1 &
B_PID=$!
for _ in $(seq 1 100); do grep -q "failover: standby" "$DEMO/service-b.log" && break; sleep 0.1; done
"$LDAPSYNC" --config "$DEMO/pg.yaml" events --id 6209 | tail -n 1
grep -o "failover: standby.*" "$DEMO/service-b.log" | head -n 1
kill -KILL "$A_PID"
KILLED=$EPOCHREALTIME
for _ in $(seq 1 300); do
    [[ "$("$LDAPSYNC" --config "$DEMO/host-b/pg.yaml" events --id 6209 2>/dev/null | grep -c "active service")" -ge 2 ]] && break
    sleep 0.1
done
awk -v a="$KILLED" -v b="$EPOCHREALTIME" 'BEGIN { printf "the standby took over %.1f s after the kill\n", b - a }'
"$LDAPSYNC" --config "$DEMO/host-b/pg.yaml" events --id 6209 | tail -n 1
ldapmodify -x -H "$LDAPSYNC_SOURCE_URI" -D "$LDAPSYNC_SOURCE_ADMIN_DN" -y "$LDAPSYNC_DEV_DIR/secrets/source-admin.pw" > /dev/null <<'LDIF'
dn: uid=user0031,ou=people,dc=contoso,dc=com
changetype: modify
replace: title
title: Synced by the new active service
-
LDIF
"$LDAPSYNC" --config "$DEMO/host-b/pg.yaml" cycle > /dev/null
target_search "uid=user0031,ou=people,dc=cloud,dc=example" title
kill -TERM "$B_PID"; wait "$B_PID" || true
trap - EXIT

say "Events"
"$LDAPSYNC" events --last 8

say "Done"
echo "The directories keep running: explore with LDAPSYNC_CONFIG=$LDAPSYNC_CONFIG $LDAPSYNC runs | cs show | mv search …"
echo "Stop them with: make stop"
