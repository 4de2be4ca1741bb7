# shellcheck shell=bash
# Shared settings and helpers of scripts/bench/run.sh: sizes, paths, timing, medians, the
# results rows, the bench directories (through scripts/directories.sh) and the exit cleanup.
# Sourced after REPO_ROOT is set.

# --- settings (environment) ---------------------------------------------------------------------
BENCH_USERS="${BENCH_USERS:-100000}"
BENCH_GROUPS="${BENCH_GROUPS:-1000}"
BENCH_MAX_MEMBERS="${BENCH_MAX_MEMBERS:-200}"       # groups have 50..this many members
BENCH_PEERS="${BENCH_PEERS:-python ldapadd syncrepl}"  # Part 2's peers
# The second, smaller directory that shows the read's memory stays flat as N grows. Same groups:
# the read's peak comes from its heaviest page (1000 groups of 50-200 members), not from N.
BENCH_SMALL_USERS="${BENCH_SMALL_USERS:-10000}"
BENCH_SMALL_GROUPS="${BENCH_SMALL_GROUPS:-$BENCH_GROUPS}"
BENCH_RUNS="${BENCH_RUNS:-3}"                      # repetitions per case; the median is reported
BENCH_PARTS="${BENCH_PARTS:-read peers ldapsync realtime ad}"  # which parts to run
BENCH_DIR="${BENCH_DIR:-/dev/shm/ldapsync-bench}"  # tmpfs: disk timings swing 2-3x here
BENCH_RESULTS="${BENCH_RESULTS:-$REPO_ROOT/.dev/bench/results.json}"
BENCH_KEEP="${BENCH_KEEP:-0}"                      # 1: keep $BENCH_DIR (servers are stopped anyway)
BENCH_BUILD_LDAPSYNC="${BENCH_BUILD_LDAPSYNC:-1}"  # 0: use an existing .build/release/ldapsync
BENCH_SYNCREPL_TIMEOUT="${BENCH_SYNCREPL_TIMEOUT:-300}"  # seconds before a syncrepl run fails

# The bench directories live on tmpfs, apart from the test directories in .dev/.
export LDAPSYNC_DEV_DIR="$BENCH_DIR"
# shellcheck source=../../dev.env
source "$REPO_ROOT/scripts/dev.env"
export LDAPNOINIT=1

SYSTEM_PYTHON="${LDAPSYNC_SYSTEM_PYTHON:-/usr/bin/python3}"
BENCH_LIB="$REPO_ROOT/scripts/bench/lib"
LDIF_DIR="$BENCH_DIR/bench-ldif"
WORK_DIR="$BENCH_DIR/work"
SECRETS="$BENCH_DIR/secrets"           # written by directories.sh (0600, no newline)
ROWS="$WORK_DIR/rows.tsv"
BENCH_TOOL="$REPO_ROOT/.build/release/ldapsync-bench"
LDAPSYNC_BIN="${BENCH_LDAPSYNC_BIN:-$REPO_ROOT/.build/release/ldapsync}"  # with BENCH_BUILD_LDAPSYNC=0

BENCH_SOURCE_URI="${LDAPSYNC_BENCH_SOURCE_URI:-ldap://127.0.0.1:5389}"
BENCH_TARGET_URI="${LDAPSYNC_BENCH_TARGET_URI:-ldap://127.0.0.1:5390}"
BENCH_CONSUMER_URI="${LDAPSYNC_BENCH_CONSUMER_URI:-ldap://127.0.0.1:5391}"

# Medians the later parts compare against (empty when their part did not run).
READ_PEER_SECONDS="" PEER_LDAPADD="" PEER_LDAPADD_PARALLEL="" PEER_SYNCREPL="" PEER_PYTHON="" LS_INITIAL="" AD_PEER_SECONDS=""

say() { printf 'bench: %s\n' "$*" >&2; }
die() { printf 'bench: error: %s\n' "$*" >&2; exit 1; }

# --- timing -------------------------------------------------------------------------------------
# since T0: seconds since an $EPOCHREALTIME value, three decimals.
since() { awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.3f", b - a }'; }

# median NUMBERS...: the median (mean of the middle two for an even count).
median() {
    printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 }
        END { if (NR % 2) printf "%.3f", v[(NR + 1) / 2]; else printf "%.3f", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# timed CMD...: run CMD, print its wall-clock seconds on stdout (CMD's own stdout is dropped).
timed() {
    local t0=$EPOCHREALTIME
    "$@" > /dev/null
    since "$t0"
}

# --- results ------------------------------------------------------------------------------------
# row CASE OURS OURS_VALUE PEER PEER_VALUE UNIT MAX_RATIO PEAK_RSS_MB MAX_RSS_MB NOTE
# One line of the results table. Empty fields: not measured / no target. table.py computes the
# ratio OURS_VALUE / PEER_VALUE and PASS/FAIL against MAX_RATIO and MAX_RSS_MB.
row() {
    local IFS=$'\t'
    printf '%s\n' "$*" >> "$ROWS"
}

print_table() { "$SYSTEM_PYTHON" "$BENCH_LIB/table.py" "$ROWS" "$@"; }

# --- bench directories --------------------------------------------------------------------------
# dirs ACTION NAME: scripts/directories.sh on the tmpfs state (output to the bench log).
dirs() { "$REPO_ROOT/scripts/directories.sh" "$1" "$2" >&2; }

# settle NAME...: waits until each bench slapd has used no CPU for half a second (at most 120 s),
# and says how long that took. slapd goes on working after it has answered a delete or a rename:
# its refint overlay then searches the whole database for references to the old DN, once per
# DN, on a background task (its filter, `(member:dnSubtreeMatch:=…)`, uses no index): about 5 s
# of one core after the bench's 1% round (40 deletes, renames and moves among 101,000 entries),
# and as long on the target after an export of that round. A cycle timed meanwhile would share
# the machine's two cores with the previous round's work.
settle() {
    local name pid before now quiet t0=$EPOCHREALTIME
    for name in "$@"; do
        pid="$(cat "$BENCH_DIR/$name/slapd.pid" 2> /dev/null)" || continue
        before="" quiet=0
        while ((quiet < 5)); do
            now="$(awk '{ print $14 + $15 }' "/proc/$pid/stat" 2> /dev/null)" || break
            # One clock tick (10 ms) in a tenth of a second counts as quiet.
            if [[ -n "$before" ]] && ((now - before <= 1)); then quiet=$((quiet + 1)); else quiet=0; fi
            before=$now
            if awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { exit !(b - a > 120) }'; then
                say "$name still busy after 120 s; timing anyway"
                break
            fi
            sleep 0.1
        done
    done
    say "directories settled in $(since "$t0") s"
}

# ldap_count URI ROOTDN SECRET BASE: number of entries below BASE (paged, DNs only, as root).
ldap_count() {
    ldapsearch -x -LLL -o ldif-wrap=no -H "$1" -D "$2" -y "$SECRETS/$3.pw" -b "$4" \
        -E pr=1000/noprompt 1.1 | grep -c '^dn:'
}

# cleanup: stop every bench server (whatever happened), then drop the tmpfs state.
cleanup() {
    local rc=$? name
    trap - EXIT INT TERM
    if declare -F rt_stop_service > /dev/null; then rt_stop_service; fi
    for name in bench-consumer bench-target bench-source; do
        "$REPO_ROOT/scripts/directories.sh" stop "$name" > /dev/null 2>&1 \
            || say "could not stop $name (see $BENCH_DIR/$name)"
    done
    # The PostgreSQL store's cluster (Part 2), on its bench port.
    LDAPSYNC_POSTGRES_PORT=5392 "$REPO_ROOT/scripts/directories.sh" stop postgres > /dev/null 2>&1 || true
    if [[ "$BENCH_KEEP" != 1 ]]; then
        rm -rf "$BENCH_DIR"
    else
        say "kept $BENCH_DIR (servers stopped)"
    fi
    exit "$rc"
}
