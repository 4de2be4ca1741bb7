# shellcheck shell=bash
# Part 3 (ad): full import of BENCH_AD_USERS (20k) users from the Samba AD DC, against
# `ldapsearch -E pr=1000/noprompt` reading the same entries (the import's filter and attributes,
# over ldaps with the test CA, bound as the sync service account). Target: <= 3x ldapsearch and
# peak RSS <= 300 MB, as for the OpenLDAP full import. Median of BENCH_RUNS, after one untimed
# warm-up of each.
#
# Samba is the test DC of scripts/directories.sh (ports 389/636 are hard-coded, so there is only
# one): used as it is when it answers, otherwise started with `directories.sh start samba` on
# the test state in BENCH_AD_DEV_DIR (default: .dev/ of this checkout; never on tmpfs). It keeps
# running afterwards. Needs root; without Samba the part is skipped with a row saying so.
#
# The users live in BENCH_AD_OU_NAME (OU=Bench20k), seeded once through LDAP with pipelined adds
# as the domain admin (`ldapsync-bench ad-seed`, 80-120 adds/s here: about 4 minutes for 20k;
# SamDB offline adds measured 140-240/s and would need the shared DC stopped) and reused while it
# holds exactly BENCH_AD_USERS users (missing ones are added). BENCH_AD_REMOVE=1 deletes the OU
# after the part (the DC is shared with the tests; `directories.sh reset samba` also drops it).

BENCH_AD_USERS="${BENCH_AD_USERS:-20000}"
if ((BENCH_AD_USERS % 1000 == 0)); then
    BENCH_AD_OU_NAME="${BENCH_AD_OU_NAME:-Bench$((BENCH_AD_USERS / 1000))k}"
else
    BENCH_AD_OU_NAME="${BENCH_AD_OU_NAME:-Bench$BENCH_AD_USERS}"
fi
BENCH_AD_DEV_DIR="${BENCH_AD_DEV_DIR:-$REPO_ROOT/.dev}"
BENCH_AD_CA_FILE="${BENCH_AD_CA_FILE:-$BENCH_AD_DEV_DIR/ca/ca.pem}"
BENCH_AD_REMOVE="${BENCH_AD_REMOVE:-0}"

AD_DIR="$WORK_DIR/ad"
AD_CONFIG="$AD_DIR/config.yaml"
AD_OU="OU=$BENCH_AD_OU_NAME,$LDAPSYNC_SAMBA_BASE"
# The import's filter (ObjectTypeConfiguration.defaults for active-directory) and attributes.
AD_FILTER="(|(&(objectCategory=person)(objectClass=user))(objectClass=group))"
AD_ROW="full import, AD (Samba) $(printf "%'d" "$BENCH_AD_USERS") users, ldaps"
AD_PEER="ldapsearch -E pr=1000 (ldaps)"

# ad_secrets: password files for the service account and the admin (0600, no newline).
ad_secrets() {
    mkdir -p "$AD_DIR"
    ( umask 077
      printf '%s' "$LDAPSYNC_SAMBA_SVC_PASSWORD" > "$AD_DIR/samba-svc.pw"
      printf '%s' "$LDAPSYNC_SAMBA_ADMIN_PASSWORD" > "$AD_DIR/samba-admin.pw" )
}

# ad_ldapsearch ARGS...: ldapsearch to Samba over ldaps as the service account, trusting the test
# CA. The bench's LDAPNOINIT would also drop LDAPTLS_CACERT: lift it, but read no ldap.conf/ldaprc.
ad_ldapsearch() {
    env -u LDAPNOINIT LDAPCONF=/dev/null LDAPRC=ldapsync-bench-no-ldaprc \
        LDAPTLS_CACERT="$BENCH_AD_CA_FILE" LDAPTLS_REQCERT=demand \
        ldapsearch -x -LLL -H "$LDAPSYNC_SAMBA_LDAPS_URI" -D "$LDAPSYNC_SAMBA_SVC_DN" -y "$AD_DIR/samba-svc.pw" "$@"
}

# ad_dump: the peer, every user of the OU with the import's filter and attributes.
ad_dump() { ad_ldapsearch -b "$AD_OU" -E pr=1000/noprompt "$AD_FILTER" '*' objectGUID; }

# ad_count_users: users below the OU (0 when it does not exist).
ad_count_users() {
    { ad_ldapsearch -b "$AD_OU" -E pr=1000/noprompt "(&(objectCategory=person)(objectClass=user))" 1.1 2> /dev/null || true; } \
        | grep -c '^dn:' || true
}

# ad_samba_ready: Samba answers over ldaps (started through directories.sh when it does not).
ad_samba_ready() {
    ad_ldapsearch -s base -b "$LDAPSYNC_SAMBA_BASE" 1.1 > /dev/null 2>&1 && return 0
    say "the Samba AD DC does not answer: scripts/directories.sh start samba (state in $BENCH_AD_DEV_DIR)"
    LDAPSYNC_DEV_DIR="$BENCH_AD_DEV_DIR" LDAPSYNC_CA_FILE="$BENCH_AD_CA_FILE" \
        LDAPSYNC_WRONG_CA_FILE="$BENCH_AD_DEV_DIR/ca/wrong-ca.pem" \
        "$REPO_ROOT/scripts/directories.sh" start samba >&2 || return 1
    ad_ldapsearch -s base -b "$LDAPSYNC_SAMBA_BASE" 1.1 > /dev/null
}

# ad_tool SUBCOMMAND: ldapsync-bench's AD helpers, bound as the domain admin.
ad_tool() {
    "$BENCH_TOOL" "$1" --uri "$LDAPSYNC_SAMBA_LDAPS_URI" --ca-file "$BENCH_AD_CA_FILE" \
        --bind-dn "$LDAPSYNC_SAMBA_ADMIN_DN" --password-file "$AD_DIR/samba-admin.pw" --ou "$AD_OU" "${@:2}"
}

# ad_seed: the OU with exactly BENCH_AD_USERS users, seeded (or completed) when it is not.
ad_seed() {
    local have json
    have="$(ad_count_users)"
    if ((have == BENCH_AD_USERS)); then
        say "$AD_OU holds $have users: reused"
        return 0
    fi
    ((have < BENCH_AD_USERS)) \
        || die "$AD_OU holds $have users, more than BENCH_AD_USERS=$BENCH_AD_USERS (set BENCH_AD_OU_NAME, or BENCH_AD_REMOVE=1 once)"
    say "seeding $AD_OU with $((BENCH_AD_USERS - have)) users over LDAP (pipelined adds as the domain admin)"
    json="$(ad_tool ad-seed --users "$BENCH_AD_USERS")" || die "ldapsync-bench ad-seed failed: $json"
    say "ad-seed: $json"
    have="$(ad_count_users)"
    ((have == BENCH_AD_USERS)) || die "$AD_OU holds $have users after seeding, not $BENCH_AD_USERS"
    row "seed $(printf "%'d" "$(json_get "$json" added)") AD users (once, reused)" "ldapsync-bench ad-seed" \
        "$(json_get "$json" seconds)" "" "" s "" "" "" "LDAP adds, window 64: $(json_get "$json" addsPerSecond)/s"
}

# ad_connector_yaml CONTAINERS: the DC's entry of `connectors:` (every AD bench configuration's).
ad_connector_yaml() {
    cat <<YAML
  - name: bench-ad
    flavor: active-directory
    role: source
    uri: $LDAPSYNC_SAMBA_LDAPS_URI
    caFile: $BENCH_AD_CA_FILE
    bindDN: $LDAPSYNC_SAMBA_SVC_DN
    baseDN: $LDAPSYNC_SAMBA_BASE
    containers: [$1]
YAML
}

ad_write_config() {
    cat > "$AD_CONFIG" <<YAML
# ldapsync benchmark configuration, AD part (written by scripts/bench/lib/ad.sh)
state: $AD_DIR/state
connectors:
$(ad_connector_yaml "OU=$BENCH_AD_OU_NAME")
$(target_connector_yaml)
YAML
}

ad_cli() { "$LDAPSYNC_BIN" --config "$AD_CONFIG" "$@"; }

# ad_import_once: a full import into an empty state; sets M_SECONDS / M_RSS_MB, checks the adds.
ad_import_once() {
    local adds
    rm -rf "$AD_DIR/state"
    ad_cli init >&2
    ad_cli connector set-password bench-ad --password-stdin < "$AD_DIR/samba-svc.pw" >&2
    LS_DIR="$AD_DIR" measured ad-full-import "$LDAPSYNC_BIN" --config "$AD_CONFIG" run bench-ad full-import
    adds="$(ad_cli runs --json | "$SYSTEM_PYTHON" -c '
import json, sys
runs = [r for r in json.load(sys.stdin) if r["connector"] == "bench-ad"]
print(max(runs, key=lambda r: r["startedAt"])["counters"]["adds"] if runs else -1)')"
    ((adds == BENCH_AD_USERS)) || die "the AD full import added $adds objects, not $BENCH_AD_USERS"
}

part_ad() {
    ad_secrets
    if ! ldapsync_available; then
        row "$AD_ROW" "ldapsync: not available yet" "" "$AD_PEER" "" s 3 "" 300
        return 0
    fi
    if ! ad_samba_ready; then
        say "the Samba AD DC is not available (root, samba installed?): AD part skipped"
        row "$AD_ROW" "Samba AD DC: not available" "" "$AD_PEER" "" s 3 "" 300
        return 0
    fi
    ad_seed
    ad_write_config

    # Warm-up (not timed): Samba's caches, and both readers see every user.
    local seen i peer=() ours=() rss=()
    seen="$(ad_dump | grep -c '^dn:')"
    ((seen == BENCH_AD_USERS)) || die "ldapsearch saw $seen entries in $AD_OU, not $BENCH_AD_USERS"
    ad_import_once
    say "AD warm-up: ldapsearch saw $seen users; ldapsync full import $M_SECONDS s"

    for ((i = 1; i <= BENCH_RUNS; i++)); do
        peer+=("$(timed ad_dump)")
        ad_import_once
        ours+=("$M_SECONDS"); rss+=("$M_RSS_MB")
        say "AD full import run $i: ldapsearch ${peer[-1]} s, ldapsync $M_SECONDS s, peak RSS $M_RSS_MB MB"
    done
    AD_PEER_SECONDS="$(median "${peer[@]}")"
    row "$AD_ROW" "ldapsync run full-import" "$(median "${ours[@]}")" "$AD_PEER" "$AD_PEER_SECONDS" s 3 \
        "$(max_of "${rss[@]}")" 300 "$(samba --version 2>/dev/null | head -n 1)"

    part_ad_realtime

    if [[ "$BENCH_AD_REMOVE" == 1 ]]; then
        say "removing $AD_OU (BENCH_AD_REMOVE=1)"
        say "ad-remove: $(ad_tool ad-remove)"
    fi
}
