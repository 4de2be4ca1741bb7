# shellcheck shell=bash
# Part 3b (ad, after the AD import): `ldapsync service` in real-time mode from the Samba AD DC
# (the seeded OU plus a scratch OU, OU=BenchRT, for the people the phase adds and five groups
# whose members it changes) to a fresh bench target, while `ldapsync-bench realtime --flavor
# active-directory` changes the DC at BENCH_AD_RT_RATE (10) changes/s for BENCH_RT_SECONDS (30):
# modifies of seeded users, adds, deletes, renames and group memberships. Per change, the time
# until the target shows it; p99 target <= 5 s; after the phase the target equals the source.
# The scratch OU stays (the next run adds its own people, with new names).

BENCH_AD_RT_RATE="${BENCH_AD_RT_RATE:-10}"
AD_RT_OU="OU=BenchRT,$LDAPSYNC_SAMBA_BASE"

# ad_admin_ldap TOOL ARGS...: an OpenLDAP client tool to Samba over ldaps as the domain admin.
ad_admin_ldap() {
    env -u LDAPNOINIT LDAPCONF=/dev/null LDAPRC=ldapsync-bench-no-ldaprc \
        LDAPTLS_CACERT="$BENCH_AD_CA_FILE" LDAPTLS_REQCERT=demand \
        "$1" -x -H "$LDAPSYNC_SAMBA_LDAPS_URI" -D "$LDAPSYNC_SAMBA_ADMIN_DN" -y "$AD_DIR/samba-admin.pw" "${@:2}"
}

# ad_rt_prepare: the scratch OU and its five groups, when missing (the service's first full
# import must find the container).
ad_rt_prepare() {
    local dn
    for dn in "$AD_RT_OU" "CN=bench-rt-g1,$AD_RT_OU" "CN=bench-rt-g2,$AD_RT_OU" "CN=bench-rt-g3,$AD_RT_OU" \
        "CN=bench-rt-g4,$AD_RT_OU" "CN=bench-rt-g5,$AD_RT_OU"; do
        ad_admin_ldap ldapsearch -LLL -s base -b "$dn" 1.1 > /dev/null 2>&1 && continue
        if [[ "$dn" == OU=* ]]; then
            printf 'dn: %s\nobjectClass: top\nobjectClass: organizationalUnit\nou: BenchRT\n' "$dn"
        else
            local name="${dn#CN=}"
            printf 'dn: %s\nobjectClass: top\nobjectClass: group\nsAMAccountName: %s\n' "$dn" "${name%%,*}"
        fi | ad_admin_ldap ldapadd > /dev/null || die "cannot create $dn in the AD DC"
    done
}

ad_rt_config() {
    cat > "$AD_DIR/realtime.yaml" <<YAML
# ldapsync benchmark configuration, AD real-time part (written by scripts/bench/lib/ad_realtime.sh)
state: $AD_DIR/rt/state
schedule: { mode: realtime, interval: 1h, passwordSync: off, batchWindow: 100ms }
connectors:
$(ad_connector_yaml "OU=$BENCH_AD_OU_NAME, OU=BenchRT")
$(target_connector_yaml)
    containers: [OU=$BENCH_AD_OU_NAME, OU=BenchRT]
YAML
}

part_ad_realtime() {
    ad_rt_prepare
    ad_rt_config
    local config="$AD_DIR/realtime.yaml" out note
    rm -rf "$AD_DIR/rt"
    mkdir -p "$AD_DIR/rt"
    dirs reset bench-target
    "$LDAPSYNC_BIN" --config "$config" init >&2
    "$LDAPSYNC_BIN" --config "$config" connector set-password bench-ad --password-stdin < "$AD_DIR/samba-svc.pw" >&2
    "$LDAPSYNC_BIN" --config "$config" connector set-password bench-target --password-stdin < "$SECRETS/target-svc.pw" >&2
    rt_start_service "$config" "$AD_DIR/rt" bench-target
    out="$("$BENCH_TOOL" realtime --flavor active-directory --source-uri "$LDAPSYNC_SAMBA_LDAPS_URI" \
        --source-ca-file "$BENCH_AD_CA_FILE" --source-bind-dn "$LDAPSYNC_SAMBA_ADMIN_DN" \
        --source-password-file "$AD_DIR/samba-admin.pw" --source-base "$LDAPSYNC_SAMBA_BASE" \
        --source-people "$AD_OU" --source-scratch "$AD_RT_OU" \
        --target-uri "$BENCH_TARGET_URI" --target-bind-dn "$LDAPSYNC_TARGET_ADMIN_DN" \
        --target-password-file "$SECRETS/target-admin.pw" --target-base "$LDAPSYNC_TARGET_BASE" \
        --phase "ad$BENCH_AD_RT_RATE" --rate "$BENCH_AD_RT_RATE" --seconds "$BENCH_RT_SECONDS" --users "$BENCH_AD_USERS")" \
        || { rt_stop_service; die "ldapsync-bench realtime (AD) failed"; }
    say "real-time from AD at $BENCH_AD_RT_RATE changes/s: $out"
    note="$(rt_note "$out")"
    row "real-time p99 lag, AD (Samba), $BENCH_AD_RT_RATE changes/s" "ldapsync service (realtime)" "$(json_get "$out" p99)" \
        "target: 5 s" 5 s 1.0 "" "" "$note"
    rt_stop_service
    dirs stop bench-target
}
