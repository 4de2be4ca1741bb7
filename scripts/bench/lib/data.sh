# shellcheck shell=bash
# Benchmark LDIF, generated into $LDIF_DIR (tmpfs) with scripts/gen-ldif.py (deterministic).

GEN_LDIF="$REPO_ROOT/scripts/gen-ldif.py"

# The base entry's entryUUID, the same in the source and the syncrepl consumer's seed: the
# replicated base then updates the consumer's in place instead of colliding with it.
BASE_ENTRY_UUID="6c6e9e52-5b1a-4c8e-9d00-0000000b0001"

# source_header: the source's base, ou=service with the service account (password hashed from
# $LDAPSYNC_SOURCE_SVC_PASSWORD) and the ppolicy entries, taken from the committed seed.
source_header() {
    local base="$LDAPSYNC_SOURCE_BASE"
    awk -v RS= -v ORS='\n\n' -v base="$base" -v uuid="$BASE_ENTRY_UUID" '
        $0 ~ "(^|\n)dn: (" base "|ou=service," base "|cn=svc-sync,ou=service," base \
             "|ou=policies," base "|cn=[a-z-]+,ou=policies," base ")(\n|$)" {
            if (++n == 1) $0 = $0 "\nentryUUID: " uuid
            print
        }' \
        "$REPO_ROOT/ldif/source.ldif" \
    | "$SYSTEM_PYTHON" "$GEN_LDIF" set-passwords LDAPSYNC_SOURCE_SVC_DN=LDAPSYNC_SOURCE_SVC_PASSWORD
}

# make_source_ldif USERS GROUPS OUT: the whole bench source tree (users + groups + header).
make_source_ldif() {
    local users="$1" groups="$2" out="$3"
    mkdir -p "$LDIF_DIR"
    {
        source_header
        "$SYSTEM_PYTHON" "$GEN_LDIF" bench --users "$users" --groups "$groups" \
            --base "$LDAPSYNC_SOURCE_BASE" --no-base --max-members "$BENCH_MAX_MEMBERS"
    } > "$out"
    grep -q "^dn: $LDAPSYNC_SOURCE_SVC_DN\$" "$out" \
        || die "the bench LDIF has no $LDAPSYNC_SOURCE_SVC_DN (is LDAPSYNC_SOURCE_BASE the seed's?)"
}

# make_consumer_ldif OUT: the source's base entry alone (a syncrepl consumer's starting point),
# with a contextCSN from 1970: otherwise the consumer's syncprov overlay stamps "now" at startup,
# the consumer's cookie is newer than the provider's state and the provider refuses (53).
make_consumer_ldif() {
    source_header | awk -v RS= -v ORS='\n\n' \
        'NR == 1 { print $0 "\ncontextCSN: 19700101000000.000000Z#000000#000#000000" }' > "$1"
}

# make_target_ldif USERS GROUPS OUT: the same users and groups rebased to the target's suffix,
# without the base entry (the target has it); no passwords (the bench tree has none).
make_target_ldif() {
    mkdir -p "$LDIF_DIR"
    "$SYSTEM_PYTHON" "$GEN_LDIF" bench --users "$1" --groups "$2" \
        --base "$LDAPSYNC_TARGET_BASE" --no-base --max-members "$BENCH_MAX_MEMBERS" > "$3"
}

# ldif_count FILE: number of entries in an LDIF file.
ldif_count() { grep -c '^dn:' "$1"; }

# ldif_last_dn FILE: the DN of the last entry (slapadd gives it the highest entry ID).
ldif_last_dn() { grep '^dn: ' "$1" | tail -n 1 | cut -c5-; }
