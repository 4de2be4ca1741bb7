#!/usr/bin/env bash
# Self-test of fake-ldap.py: starts every scenario and checks, with three libldap 2.5 clients,
# that it misbehaves exactly as documented (README.md records what each client says):
#   ldapsearch   -x -H ldap://127.0.0.1:PORT -b dc=fake,dc=test -E pr=1000/noprompt
#   pyclient.py  python-ldap: bind + paged search, one line per entry / page / error
#   entrycheck   entrycheck.c: the decoding calls ldapsync's LDAPClient makes (compiled here
#                into a temp dir when cc and ldap.h are there; skipped otherwise)
#
#   scripts/testserver/selftest.sh [-v] [-k] [scenario ...]     (default: all scenarios)
#     -v  show every client's output     -k  keep the work directory (outputs and server logs)
#
# Loopback only; about a minute (the stall-like scenarios wait for client timeouts).
# Exit status: 0 when every check passed.
set -uo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PY=/usr/bin/python3
SERVER="$HERE/fake-ldap.py"
CLIENT="$HERE/pyclient.py"
BASE="dc=fake,dc=test"
export LDAPNOINIT=1   # no ldap.conf / ldaprc / LDAP* variables in the clients

VERBOSE=0
KEEP=0
while getopts "vk" option; do
    case "$option" in
        v) VERBOSE=1 ;;
        k) KEEP=1 ;;
        *) sed -n '2,14p' "$0"; exit 2 ;;
    esac
done
shift $((OPTIND - 1))

WORK="$(mktemp -d "${TMPDIR:-/tmp}/fake-ldap-selftest.XXXXXX")"
SERVER_PID=""
PASSED=0
FAILED=0

cleanup() {
    stop_server
    if [ "$KEEP" = 1 ] || [ "$FAILED" -gt 0 ]; then
        echo "outputs and server logs: $WORK"
    else
        rm -rf "$WORK"
    fi
}
trap cleanup EXIT

for tool in ldapsearch timeout stdbuf; do
    command -v "$tool" >/dev/null || { echo "selftest: $tool is missing (apt-get install ldap-utils coreutils)"; exit 2; }
done
"$PY" -c "import ldap" 2>/dev/null || { echo "selftest: python-ldap is missing (apt-get install python3-ldap)"; exit 2; }

ENTRYCHECK=""
if command -v cc >/dev/null && [ -f /usr/include/ldap.h ]; then
    if cc -Wall -o "$WORK/entrycheck" "$HERE/entrycheck.c" -lldap -llber 2>"$WORK/entrycheck.build"; then
        ENTRYCHECK="$WORK/entrycheck"
    else
        echo "selftest: entrycheck.c does not build (entrycheck checks skipped):"; cat "$WORK/entrycheck.build"
    fi
else
    echo "selftest: no cc or no libldap-dev: entrycheck checks skipped"
fi

# --- checks -----------------------------------------------------------------------------------

ok() { PASSED=$((PASSED + 1)); printf '  ok    %s\n' "$1"; }
fail() {
    FAILED=$((FAILED + 1))
    printf '  FAIL  %s\n' "$1"
    if [ -n "${2:-}" ] && [ -f "$2" ]; then sed 's/^/        | /' "$2" | cut -c1-220 | head -30; fi
}
# has FILE REGEX WHAT / lacks FILE REGEX WHAT: grep -E on a client's output
has() { if grep -qE -- "$2" "$1"; then ok "$3"; else fail "$3: no /$2/ in $(basename "$1")" "$1"; fi; }
lacks() { if grep -qE -- "$2" "$1"; then fail "$3: /$2/ in $(basename "$1")" "$1"; else ok "$3"; fi; }
# count_is FILE REGEX N WHAT
count_is() {
    local got
    got=$(grep -cE -- "$2" "$1")
    if [ "$got" = "$3" ]; then ok "$4"; else fail "$4: $got lines /$2/ in $(basename "$1"), expected $3" "$1"; fi
}
# rc_is NAME EXPECTED WHAT: exit status of the client run NAME
rc_is() {
    local got
    got=$(cat "$WORK/$1.rc")
    if [ "$got" = "$2" ]; then ok "$3"; else fail "$3: exit status $got, expected $2" "$WORK/$1.err"; fi
}

show() {
    [ "$VERBOSE" = 1 ] || return 0
    local file
    for file in "$@"; do
        [ -s "$file" ] || continue
        echo "    --- $(basename "$file")"
        cut -c1-200 "$file" | sed 's/^/    /' | head -60
    done
}

# --- the server -------------------------------------------------------------------------------

# start_server NAME ARGS...: starts fake-ldap.py, waits for READY; sets PORT, URI, LOG
start_server() {
    local name="$1"
    shift
    LOG="$WORK/$name.server.log"
    : >"$WORK/$name.server.out"
    "$PY" "$SERVER" --port 0 "$@" >"$WORK/$name.server.out" 2>"$LOG" &
    SERVER_PID=$!
    PORT=""
    for _ in $(seq 100); do
        PORT=$(sed -n 's/^READY \([0-9]*\)$/\1/p' "$WORK/$name.server.out")
        [ -n "$PORT" ] && break
        kill -0 "$SERVER_PID" 2>/dev/null || break
        sleep 0.1
    done
    if [ -z "$PORT" ]; then
        fail "$name: fake-ldap.py $* did not print READY" "$LOG"
        SERVER_PID=""
        return 1
    fi
    URI="ldap://127.0.0.1:$PORT"
    echo "== $name (fake-ldap.py $*; $URI)"
}

# stop_server: SIGTERM; the server must exit 0 without a traceback or an internal error
stop_server() {
    [ -n "$SERVER_PID" ] || return 0
    kill -TERM "$SERVER_PID" 2>/dev/null
    wait "$SERVER_PID"
    local status=$?
    SERVER_PID=""
    if [ "$status" = 0 ]; then ok "server exits 0 on SIGTERM"; else fail "server exit status $status on SIGTERM" "$LOG"; fi
    lacks "$LOG" "Traceback|internal error" "server log has no traceback or internal error"
}

# --- the clients (outputs in $WORK/NAME.out, .err, .rc) ----------------------------------------

# ldapsearch_run NAME SECONDS ARGS...: paged ldapsearch of dc=fake,dc=test under `timeout`
ldapsearch_run() {
    local name="$1" seconds="$2"
    shift 2
    timeout "$seconds" stdbuf -oL ldapsearch -x -H "$URI" -b "$BASE" -E pr=1000/noprompt "$@" \
        >"$WORK/$name.out" 2>"$WORK/$name.err"
    echo $? >"$WORK/$name.rc"
    show "$WORK/$name.err" "$WORK/$name.out"
}

# ldap_tool NAME SECONDS COMMAND ARGS...: any other ldap-utils command line
ldap_tool() {
    local name="$1" seconds="$2"
    shift 2
    timeout "$seconds" stdbuf -oL "$@" >"$WORK/$name.out" 2>"$WORK/$name.err"
    echo $? >"$WORK/$name.rc"
    show "$WORK/$name.err" "$WORK/$name.out"
}

# py_run NAME ARGS...: pyclient.py (python-ldap)
py_run() {
    local name="$1"
    shift
    timeout 60 "$PY" "$CLIENT" "$URI" "$@" >"$WORK/$name.out" 2>"$WORK/$name.err"
    echo $? >"$WORK/$name.rc"
    show "$WORK/$name.out" "$WORK/$name.err"
}

# ec_run NAME [SECONDS]: entrycheck; returns 1 (skip the caller's checks) when not built
ec_run() {
    [ -n "$ENTRYCHECK" ] || return 1
    timeout 60 "$ENTRYCHECK" "$URI" "${2:-5}" >"$WORK/$1.out" 2>"$WORK/$1.err"
    echo $? >"$WORK/$1.rc"
    show "$WORK/$1.out" "$WORK/$1.err"
}

# entry_block FILE UID: the LDIF block of one entry in ldapsearch's output
entry_block() { sed -n "/^dn: uid=$2,/,/^\$/p" "$1"; }

# --- scenarios ---------------------------------------------------------------------------------

t_normal() {
    start_server normal --scenario normal --entries 2500 || return
    ldapsearch_run normal.ls 20
    rc_is normal.ls 0 "ldapsearch succeeds"
    has "$WORK/normal.ls.out" "^# numEntries: 2500$" "ldapsearch: 2500 entries"
    count_is "$WORK/normal.ls.out" "^pagedresults: estimate=2500 cookie=.+" 2 "ldapsearch: two pages with a cookie"
    count_is "$WORK/normal.ls.out" "^pagedresults: estimate=2500 cookie=$" 1 "ldapsearch: a last page with an empty cookie"
    has "$WORK/normal.ls.out" "^entryUUID: fa4e0000-0000-4000-8000-0000000009c4$" "ldapsearch: entry 2500's deterministic entryUUID"
    count_is "$LOG" "op=[0-9]+ SEARCH .*pagedResults\(size=1000" 3 "server log: one line per paged search request"
    has "$LOG" "op=1 BIND version=3 dn=\"\" method=simple" "server log: the bind"
    has "$LOG" "op=5 UNBIND" "server log: the unbind"

    py_run normal.py
    has "$WORK/normal.py.out" "^RESULT ok entries=2500 pages=3$" "python-ldap: 2500 entries in 3 pages"
    has "$WORK/normal.py.out" "^ENTRY uid=user0001,dc=fake,dc=test objectClass=1:inetOrgPerson cn=1:Fake User 0001 sn=1:User0001 uid=1:user0001 entryUUID=1:fa4e0000-0000-4000-8000-000000000001$" "python-ldap: entry 1 complete"
    if ec_run normal.ec; then
        has "$WORK/normal.ec.out" "^TOTAL entries=2500$" "entrycheck: 2500 entries"
        count_is "$WORK/normal.ec.out" "attrs=objectClass:1,cn:1,sn:1,uid:1,entryUUID:1 end_rc=0 " 2500 "entrycheck: every entry decodes to its end"
    fi

    ldap_tool normal.dse 10 ldapsearch -x -H "$URI" -b "" -s base
    has "$WORK/normal.dse.out" "^namingContexts: dc=fake,dc=test$" "root DSE: namingContexts"
    has "$WORK/normal.dse.out" "^supportedControl: 1.2.840.113556.1.4.319$" "root DSE: paged results control"
    has "$WORK/normal.dse.out" "^supportedLDAPVersion: 3$" "root DSE: LDAPv3"
    ldap_tool normal.one 10 ldapsearch -x -H "$URI" -b "uid=user0042,$BASE" -s base -LLL cn
    has "$WORK/normal.one.out" "^cn: Fake User 0042$" "base search of one entry, attribute list honoured"
    lacks "$WORK/normal.one.out" "^sn:" "base search: attributes not asked for are left out"
    ldap_tool normal.filter 10 ldapsearch -x -H "$URI" -b "$BASE" -LLL "(|(uid=user0002)(cn=*User 0007)(&(sn>=User2499)(!(uid=user2500))))" 1.1
    count_is "$WORK/normal.filter.out" "^dn: " 3 "filters are evaluated (or, substring, >=, not)"
    ldap_tool normal.nosuch 10 ldapsearch -x -H "$URI" -b "ou=nowhere,$BASE"
    rc_is normal.nosuch 32 "a base that does not exist: noSuchObject (32)"

    ldap_tool normal.zz 10 ldapsearch -x -ZZ -H "$URI" -b "$BASE"
    rc_is normal.zz 1 "ldapsearch -ZZ fails"
    has "$WORK/normal.zz.err" "^ldap_start_tls: Protocol error \(2\)$" "StartTLS: Protocol error (2)"
    has "$WORK/normal.zz.err" "additional info: unsupported extended operation$" "StartTLS: \"unsupported extended operation\""
    py_run normal.pytls --starttls
    has "$WORK/normal.pytls.out" "^ERROR PROTOCOL_ERROR .*'info': 'unsupported extended operation'" "python-ldap start_tls_s: PROTOCOL_ERROR"
    ldap_tool normal.whoami 10 ldapwhoami -x -H "$URI" -D "cn=someone,$BASE" -w anything
    has "$WORK/normal.whoami.out" "^dn:cn=someone,dc=fake,dc=test$" "any DN and password bind; Who am I? answers it"

    # Garbage must cost its connection only.
    "$PY" -B - "$SERVER" "$PORT" >"$WORK/normal.garbage.out" 2>&1 <<'EOF'
import importlib.util, random, socket, sys
spec = importlib.util.spec_from_file_location("fake_ldap", sys.argv[1])
fl = importlib.util.module_from_spec(spec)
spec.loader.exec_module(fl)
port = int(sys.argv[2])

def exchange(data):
    s = socket.create_connection(("127.0.0.1", port), timeout=5)
    s.sendall(data)
    s.shutdown(socket.SHUT_WR)
    answer = b""
    try:
        while chunk := s.recv(65536):
            answer += chunk
    except OSError as error:
        answer += f"<{error}>".encode()
    s.close()
    return answer

notice = fl.NOTICE_OF_DISCONNECTION_OID.encode()
for label, data in [("http", b"GET / HTTP/1.0\r\n\r\n"), ("indefinite length", b"\x30\x80\x02\x01\x01"),
                    ("2 GiB frame", b"\x30\x84\x7f\xff\xff\xff"), ("unknown operation", b"\x30\x05\x02\x01\x01\x45\x00"),
                    ("no message id", b"\x30\x05\x04\x01\x01\x42\x00")]:
    print(f"{label}: {'notice of disconnection' if notice in exchange(data) else 'NO NOTICE'}")
bind = fl.ldap_message(1, fl.tlv(fl.BIND_REQUEST, fl.ber_int(3) + fl.ber_octets("") + fl.ber_octets("", tag=0x80)))
filt = fl.tlv(0xa0, fl.tlv(0xa3, fl.ber_octets("objectClass") + fl.ber_octets("inetOrgPerson")) + fl.tlv(0x87, b"uid")
              + fl.tlv(0xa4, fl.ber_octets("cn") + fl.ber_seq(fl.tlv(0x80, b"Fake"), fl.tlv(0x81, b"User"), fl.tlv(0x82, b"1")))
              + fl.tlv(0xa2, fl.tlv(0x87, b"x")))
search = fl.ldap_message(2, fl.tlv(fl.SEARCH_REQUEST, fl.ber_octets(fl.BASE_DN) + fl.ber_enum(2) + fl.ber_enum(0) + fl.ber_int(0)
                                   + fl.ber_int(0) + fl.ber_bool(False) + filt + fl.ber_seq(fl.ber_octets("cn"), fl.ber_octets("uid"))),
                         [fl.ber_seq(fl.ber_octets(fl.PAGED_OID), fl.ber_bool(True), fl.ber_octets(fl.ber_seq(fl.ber_int(1000), fl.ber_octets(b"fake-ldap:1"))))])
intact = exchange(bind + search)
# (cn=Fake*User*1) matches user0001, user0011, ...; the cookie skips the first
print("intact request:", "answered" if b"uid=user0011," in intact and b"uid=user0001," not in intact else "NOT ANSWERED")
random.seed(2696)
for _ in range(400):
    data = bytearray(bind + search)
    for _ in range(random.randint(1, 4)):
        data[random.randrange(len(data))] = random.randrange(256)
    if random.random() < 0.3:
        data = data[:random.randrange(len(data))]
    exchange(bytes(data))
print("fuzzed 400 connections")
EOF
    has "$WORK/normal.garbage.out" "^http: notice of disconnection$" "garbage: a Notice of Disconnection, then close"
    lacks "$WORK/normal.garbage.out" "NO NOTICE" "garbage: every kind answered with a Notice of Disconnection"
    has "$WORK/normal.garbage.out" "^intact request: answered$" "the request the fuzzer mutates is answered when intact (filter, paged cookie)"
    has "$WORK/normal.garbage.out" "^fuzzed 400 connections$" "garbage: 400 fuzzed requests"
    ldapsearch_run normal.after 20
    has "$WORK/normal.after.out" "^# numEntries: 2500$" "the server still answers after the garbage"
    stop_server

    # --parent-pid / --exit-with-parent: the server goes when the process that started it does.
    local option pid
    for option in --parent-pid --exit-with-parent; do
        (
            if [ "$option" = --parent-pid ]; then set -- --parent-pid "$BASHPID"; else set -- --exit-with-parent; fi
            "$PY" "$SERVER" --scenario normal "$@" >/dev/null 2>"$WORK/orphan$option.log" &
            echo $! >"$WORK/orphan$option.pid"
            sleep 2
        )
        pid=$(cat "$WORK/orphan$option.pid")
        for _ in $(seq 30); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        if kill -0 "$pid" 2>/dev/null; then
            kill "$pid"
            fail "$option: the server outlived its parent by 3 s" "$WORK/orphan$option.log"
        else
            ok "$option: the server exits when its parent does"
        fi
    done
}

t_undecodable_entry() {
    local m
    for m in set-overrun value-overrun value-tag list-overrun; do
        start_server "undecodable-$m" --scenario undecodable-entry --entries 5 --malformation "$m" || continue
        ldapsearch_run "ue-$m.ls" 20
        py_run "ue-$m.py"
        entry_block "$WORK/ue-$m.ls.out" user0003 >"$WORK/ue-$m.ls.entry3"
        has "$LOG" "undecodable-entry: entry 3 \(uid=user0003,dc=fake,dc=test\) sent with $m" "server log: entry 3 malformed"
        case "$m" in
        set-overrun | value-overrun)
            rc_is "ue-$m.ls" 0 "$m: ldapsearch exits 0 (it ignores ldap_get_attribute_ber's error)"
            has "$WORK/ue-$m.ls.out" "^# numEntries: 5$" "$m: ldapsearch prints all 5 entries"
            count_is "$WORK/ue-$m.ls.err" "." 0 "$m: ldapsearch says nothing on stderr"
            has "$WORK/ue-$m.ls.entry3" "^cn: Fake User 0003$" "$m: ldapsearch prints entry 3's attributes before sn"
            lacks "$WORK/ue-$m.ls.entry3" "^(sn|uid|entryUUID):" "$m: ldapsearch silently drops sn and everything after it"
            has "$WORK/ue-$m.py.out" "^RESULT ok entries=5 pages=1$" "$m: python-ldap succeeds with 5 entries (no exception)"
            if [ "$m" = set-overrun ]; then
                has "$WORK/ue-$m.py.out" "^ENTRY uid=user0003,dc=fake,dc=test objectClass=1:inetOrgPerson cn=1:Fake User 0003$" \
                    "$m: python-ldap returns entry 3 without sn, uid, entryUUID"
            else
                has "$WORK/ue-$m.py.out" "^ENTRY uid=user0003,dc=fake,dc=test objectClass=1:inetOrgPerson cn=1:Fake User 0003 sn=0 uid=1:user0003 entryUUID=1:fa4e0000-0000-4000-8000-000000000003$" \
                    "$m: python-ldap returns entry 3 with sn empty (no values) and the rest intact"
            fi
            if ec_run "ue-$m.ec"; then
                has "$WORK/ue-$m.ec.out" "dn=uid=user0003,dc=fake,dc=test attrs=objectClass:1,cn:1 end_rc=-4 \(Decoding error\)$" \
                    "$m: ldap_get_attribute_ber answers -4 (Decoding error) at sn, after objectClass and cn"
                count_is "$WORK/ue-$m.ec.out" "end_rc=0 " 4 "$m: the other 4 entries decode to their end"
            fi
            ;;
        value-tag)
            rc_is "ue-$m.ls" 0 "$m: ldapsearch exits 0"
            has "$WORK/ue-$m.ls.entry3" "^sn: User0003$" "$m: libldap accepts a value tagged INTEGER (ldapsearch prints sn)"
            has "$WORK/ue-$m.py.out" "^ENTRY uid=user0003,dc=fake,dc=test .*sn=1:User0003 uid=1:user0003" "$m: python-ldap reads it too"
            if ec_run "ue-$m.ec"; then
                count_is "$WORK/ue-$m.ec.out" "attrs=objectClass:1,cn:1,sn:1,uid:1,entryUUID:1 end_rc=0 " 5 "$m: ldap_get_attribute_ber does not notice"
            fi
            ;;
        list-overrun)
            rc_is "ue-$m.ls" 1 "$m: ldapsearch exits 1"
            has "$WORK/ue-$m.ls.err" "^print_entry: -4$" "$m: ldapsearch: print_entry: -4"
            has "$WORK/ue-$m.ls.err" "^ldap_get_entry_controls: Decoding error \(-4\)$" "$m: ldapsearch: ldap_get_entry_controls: Decoding error (-4)"
            has "$WORK/ue-$m.ls.out" "^dn:$" "$m: ldapsearch first prints an empty 'dn:' (ldap_get_dn_ber failed)"
            count_is "$WORK/ue-$m.ls.out" "^dn: uid=" 2 "$m: ldapsearch stops after entry 2"
            has "$WORK/ue-$m.py.out" "^ERROR DECODING_ERROR \{'result': -4, 'desc': 'Decoding error', 'ctrls': \[\]\} \(after 2 entries\)$" \
                "$m: python-ldap raises DECODING_ERROR (from ldap_get_entry_controls)"
            if ec_run "ue-$m.ec"; then
                has "$WORK/ue-$m.ec.out" "^ENTRY controls_rc=-4 dn_rc=-4 dn=\(none\)" "$m: ldap_get_entry_controls and ldap_get_dn_ber answer -4"
                has "$WORK/ue-$m.ec.out" "^TOTAL entries=5$" "$m: the search itself goes on (entries 4 and 5 and the done arrive)"
            fi
            ;;
        esac
        stop_server
    done
}

t_truncated_message() {
    start_server truncated --scenario truncated-message --entries 6 || return
    ldapsearch_run truncated.ls 20
    rc_is truncated.ls 255 "ldapsearch exits 255"
    has "$WORK/truncated.ls.err" "^ldap_result: Can't contact LDAP server \(-1\)$" "ldapsearch: ldap_result: Can't contact LDAP server (-1)"
    count_is "$WORK/truncated.ls.out" "^dn: " 3 "ldapsearch: the 3 whole entries first"
    py_run truncated.py
    has "$WORK/truncated.py.out" "^ERROR SERVER_DOWN \{'result': -1, 'desc': \"Can't contact LDAP server\", 'ctrls': \[\]\} \(after 3 entries\)$" \
        "python-ldap: SERVER_DOWN after 3 entries (no errno, no info)"
    if ec_run truncated.ec; then
        has "$WORK/truncated.ec.out" "^RESULT_ERROR rc=-1 ld_errno=-1 \(Can't contact LDAP server\) after 3 entries$" "ldap_result: -1, LDAP_SERVER_DOWN"
    fi
    has "$LOG" "truncated-message: [0-9]+ of the [0-9]+ bytes of entry 4, then close" "server log: half of entry 4, then close"
    stop_server

    start_server truncated-rst --scenario truncated-message --entries 6 --reset || return
    ldapsearch_run truncated-rst.ls 20
    has "$WORK/truncated-rst.ls.err" "^ldap_result: Can't contact LDAP server \(-1\)$" "RST: ldapsearch says the same"
    py_run truncated-rst.py
    has "$WORK/truncated-rst.py.out" "^ERROR SERVER_DOWN .*'errno': 104, .*'info': 'Connection reset by peer'" "RST: python-ldap adds errno 104, 'Connection reset by peer'"
    stop_server
}

t_wrong_length() {
    start_server wrong-length --scenario wrong-length --entries 6 || return
    ldapsearch_run wrong-length.ls 4 -o nettimeout=2
    rc_is wrong-length.ls 124 "ldapsearch (even with -o nettimeout=2) still waits after 4 s: killed by timeout"
    count_is "$WORK/wrong-length.ls.out" "^dn: " 3 "ldapsearch: 3 entries, then waits for the rest of the 4th"
    count_is "$WORK/wrong-length.ls.err" "." 0 "ldapsearch: no message"
    py_run wrong-length.py --timeout 2
    has "$WORK/wrong-length.py.out" "^ERROR TIMEOUT \{\} \(after 3 entries\)$" "python-ldap: TIMEOUT {} after 3 entries (result3 timeout=2)"
    if ec_run wrong-length.ec 2; then
        has "$WORK/wrong-length.ec.out" "^RESULT_ERROR rc=0 .*\(timeout\) after 3 entries$" "ldap_result: 0 (timeout) after 3 entries"
    fi
    has "$LOG" "wrong-length: entry 4 claims [0-9]+ bytes, [0-9]+ sent; stalling" "server log: entry 4's length is wrong"
    has "$LOG" "\(ignored: this connection no longer answers\) UNBIND" "server log: later requests are read and ignored"
    stop_server
}

t_huge_value() {
    start_server huge-value --scenario huge-value --entries 4 --value-mib 64 || return
    local started=$SECONDS
    ldapsearch_run huge.ls 120 -o ldif-wrap=no
    rc_is huge.ls 0 "ldapsearch succeeds"
    local length  # (not awk: mawk takes 20 s over a 64 MiB line)
    length=$(( $(grep '^description: ' "$WORK/huge.ls.out" | wc -c) - 14 ))
    if [ "$length" = 67108864 ]; then ok "ldapsearch: one description value of 64 MiB ($((SECONDS - started)) s)"; else fail "ldapsearch: description of '$length' bytes, expected 67108864"; fi
    rm -f "$WORK/huge.ls.out"
    py_run huge.py
    has "$WORK/huge.py.out" "^ENTRY uid=user0003,dc=fake,dc=test .* description=1:<67108864 bytes>$" "python-ldap: entry 3 has a 67108864-byte description"
    has "$WORK/huge.py.out" "^RESULT ok entries=4 pages=1$" "python-ldap: 4 entries"
    if ec_run huge.ec 60; then
        has "$WORK/huge.ec.out" "dn=uid=user0003,dc=fake,dc=test attrs=objectClass:1,cn:1,sn:1,uid:1,entryUUID:1,description:1 end_rc=0 " "entrycheck: entry 3 decodes"
    fi
    stop_server
}

t_unknown_control() {
    local oid=1.3.6.1.4.1.55555.1.42
    start_server unknown-control --scenario unknown-control --entries 2 || return
    ldapsearch_run unknown.ls 20
    rc_is unknown.ls 0 "ldapsearch succeeds"
    count_is "$WORK/unknown.ls.out" "^control: $oid false ZmFrZS1sZGFwIGVudHJ5IGNvbnRyb2w=$" 2 "ldapsearch: each entry's control (criticality absent) shown 'false'"
    has "$WORK/unknown.ls.out" "^control: $oid false ZmFrZS1sZGFwIHJlc3VsdCBjb250cm9s$" \
        "ldapsearch: the SearchResultDone's control sent with criticality TRUE is shown 'false' (libldap inverts it)"
    py_run unknown.py --entry-controls
    has "$WORK/unknown.py.out" "^RESULT ok entries=2 pages=1$" "python-ldap: succeeds"
    lacks "$WORK/unknown.py.out" "$oid" "python-ldap: drops the unknown control silently (it arrives as not critical)"
    if ec_run unknown.ec; then
        count_is "$WORK/unknown.ec.out" "^ENTRY controls_rc=0 controls=$oid/- " 2 "entrycheck: entries' control not critical"
        has "$WORK/unknown.ec.out" "^DONE parse_rc=0 code=0 .* controls=1.2.840.113556.1.4.319/-,$oid/-$" "entrycheck: the done's TRUE arrives as ldctl_iscritical 0"
    fi
    stop_server

    start_server unknown-control-false --scenario unknown-control --entries 2 --explicit-false || return
    ldapsearch_run unknown-false.ls 20
    count_is "$WORK/unknown-false.ls.out" "^control: $oid true " 2 "explicit FALSE: ldapsearch shows the entries' control 'true'"
    py_run unknown-false.py --entry-controls
    has "$WORK/unknown-false.py.out" "^ERROR UNAVAILABLE_CRITICAL_EXTENSION \"Received unexpected critical response control with controlType '$oid'\" \(after 0 entries\)$" \
        "explicit FALSE: python-ldap (result4 add_ctrls=1) raises UNAVAILABLE_CRITICAL_EXTENSION"
    if ec_run unknown-false.ec; then
        count_is "$WORK/unknown-false.ec.out" "^ENTRY controls_rc=0 controls=$oid/critical " 2 "explicit FALSE: ldctl_iscritical set"
    fi
    stop_server
}

t_out_of_order_ids() {
    start_server out-of-order --scenario out-of-order-ids --entries 4 || return
    ldapsearch_run ooo.ls 4
    rc_is ooo.ls 124 "ldapsearch waits forever (killed by timeout after 4 s)"
    count_is "$WORK/ooo.ls.out" "^dn: " 0 "ldapsearch: no entry (libldap tosses responses to unknown message ids)"
    py_run ooo.py --timeout 2
    has "$WORK/ooo.py.out" "^ERROR TIMEOUT \{\} \(after 0 entries\)$" "python-ldap: TIMEOUT after 0 entries"
    if ec_run ooo.ec 2; then
        has "$WORK/ooo.ec.out" "^RESULT_ERROR rc=0 .*\(timeout\) after 0 entries$" "ldap_result: timeout, nothing received"
    fi
    has "$LOG" "out-of-order-ids: answering as message id 9" "server log: answers as id 2+7"
    stop_server

    start_server out-of-order-first --scenario out-of-order-ids --entries 4 --mode done-first || return
    ldapsearch_run ooo-first.ls 10
    rc_is ooo-first.ls 0 "done-first: ldapsearch succeeds"
    has "$WORK/ooo-first.ls.out" "^# numEntries: 4$" "done-first: the stray SearchResultDone is ignored, 4 entries"
    py_run ooo-first.py
    has "$WORK/ooo-first.py.out" "^RESULT ok entries=4 pages=1$" "done-first: python-ldap 4 entries"
    stop_server
}

t_stall() {
    start_server stall --scenario stall --entries 6 || return
    ldapsearch_run stall.ls 5 -l 2 -o nettimeout=2
    rc_is stall.ls 124 "ldapsearch -l 2 -o nettimeout=2 still waits after 5 s: killed by timeout"
    count_is "$WORK/stall.ls.out" "^dn: " 3 "ldapsearch: 3 entries, then nothing"
    has "$LOG" "SEARCH .* timelimit=2 " "server log: -l 2 only became the request's timeLimit"
    py_run stall.py --timeout 2
    has "$WORK/stall.py.out" "^ERROR TIMEOUT \{\} \(after 3 entries\)$" "python-ldap: TIMEOUT {} after 3 entries"
    if ec_run stall.ec 2; then
        has "$WORK/stall.ec.out" "^RESULT_ERROR rc=0 .*\(timeout\) after 3 entries$" "ldap_result: timeout after 3 entries"
    fi
    has "$LOG" "stall: 3 entries sent, never answering again" "server log: stalls after 3"
    stop_server
}

t_bind_fails() {
    local diagnostic="80090308: LdapErr: DSID-0C09044E, comment: AcceptSecurityContext error, data 52e, v4563"
    start_server bind-fails --scenario bind-fails || return
    ldapsearch_run bind.ls 10 -D "cn=svc,$BASE" -w wrong
    rc_is bind.ls 49 "ldapsearch exits 49"
    has "$WORK/bind.ls.err" "^ldap_bind: Invalid credentials \(49\)$" "ldapsearch: ldap_bind: Invalid credentials (49)"
    has "$WORK/bind.ls.err" "^	additional info: $diagnostic$" "ldapsearch: additional info: <AD diagnostic>"
    ldapsearch_run bind-anon.ls 10
    rc_is bind-anon.ls 49 "anonymous binds fail too"
    py_run bind.py
    has "$WORK/bind.py.out" "^ERROR INVALID_CREDENTIALS \{'msgtype': 97, 'msgid': 1, 'result': 49, 'desc': 'Invalid credentials', 'ctrls': \[\], 'info': '$diagnostic'\}" \
        "python-ldap: INVALID_CREDENTIALS with info"
    stop_server

    start_server bind-fails-nul --scenario bind-fails --trailing-nul --allow-anonymous || return
    ldapsearch_run bind-nul.ls 10 -D "cn=svc,$BASE" -w wrong
    has "$WORK/bind-nul.ls.err" "^	additional info: $diagnostic$" "--trailing-nul: the NUL AD appends is invisible to libldap"
    ldapsearch_run bind-nul-anon.ls 10
    has "$WORK/bind-nul-anon.ls.out" "^# numEntries: 10$" "--allow-anonymous: anonymous binds succeed"
    stop_server

    start_server bind-fails-53 --scenario bind-fails --code 53 --diagnostic "account locked out" || return
    ldapsearch_run bind-53.ls 10 -D "cn=svc,$BASE" -w wrong
    rc_is bind-53.ls 53 "--code 53: ldapsearch exits 53"
    has "$WORK/bind-53.ls.err" "^ldap_bind: Server is unwilling to perform \(53\)$" "--code 53: ldap_bind: Server is unwilling to perform (53)"
    has "$WORK/bind-53.ls.err" "^	additional info: account locked out$" "--diagnostic: additional info"
    stop_server
}

t_starttls_refused() {
    local diagnostic="StartTLS is not available: this server has no TLS configured"
    start_server starttls-refused --scenario starttls-refused || return
    ldapsearch_run starttls.ls 10 -ZZ
    rc_is starttls.ls 1 "ldapsearch -ZZ exits 1"
    has "$WORK/starttls.ls.err" "^ldap_start_tls: Server is unavailable \(52\)$" "ldapsearch: ldap_start_tls: Server is unavailable (52)"
    has "$WORK/starttls.ls.err" "^	additional info: $diagnostic$" "ldapsearch: additional info"
    ldapsearch_run starttls-optional.ls 10 -Z
    rc_is starttls-optional.ls 0 "ldapsearch -Z (TLS optional) carries on in clear text"
    has "$WORK/starttls-optional.ls.err" "^ldap_start_tls: Server is unavailable \(52\)$" "ldapsearch -Z still prints the refusal"
    py_run starttls.py --starttls
    has "$WORK/starttls.py.out" "^ERROR UNAVAILABLE \{'result': 52, 'desc': 'Server is unavailable', 'ctrls': \[\], 'info': '$diagnostic'\}" "python-ldap: UNAVAILABLE"
    stop_server

    start_server starttls-refused-2 --scenario starttls-refused --code 2 || return
    ldapsearch_run starttls2.ls 10 -ZZ
    has "$WORK/starttls2.ls.err" "^ldap_start_tls: Protocol error \(2\)$" "--code 2: ldap_start_tls: Protocol error (2)"
    py_run starttls2.py --starttls
    has "$WORK/starttls2.py.out" "^ERROR PROTOCOL_ERROR " "--code 2: python-ldap PROTOCOL_ERROR"
    stop_server
}

t_empty_success() {
    start_server empty-success --scenario empty-success || return
    ldapsearch_run empty.ls 10
    rc_is empty.ls 0 "ldapsearch exits 0"
    has "$WORK/empty.ls.out" "^result: 0 Success$" "ldapsearch: result: 0 Success"
    has "$WORK/empty.ls.out" "^# numResponses: 1$" "ldapsearch: # numResponses: 1"
    lacks "$WORK/empty.ls.out" "^# numEntries|^dn:" "ldapsearch: no entry and no '# numEntries' line at all"
    py_run empty.py
    has "$WORK/empty.py.out" "^RESULT ok entries=0 pages=1$" "python-ldap: 0 entries, success"
    if ec_run empty.ec; then has "$WORK/empty.ec.out" "^TOTAL entries=0$" "entrycheck: 0 entries"; fi
    ldap_tool empty.dse 10 ldapsearch -x -H "$URI" -b "" -s base namingContexts
    has "$WORK/empty.dse.out" "^namingContexts: dc=fake,dc=test$" "the root DSE still answers"
    stop_server
}

ALL="normal undecodable-entry truncated-message wrong-length huge-value unknown-control out-of-order-ids stall bind-fails starttls-refused empty-success"
for scenario in ${*:-$ALL}; do
    case " $ALL " in
        *" $scenario "*) "t_${scenario//-/_}" ;;
        *) echo "selftest: no scenario '$scenario' (scenarios: $ALL)"; FAILED=$((FAILED + 1)) ;;
    esac
done

echo
echo "selftest: $PASSED passed, $FAILED failed"
[ "$FAILED" = 0 ]
