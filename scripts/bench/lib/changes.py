#!/usr/bin/env python3
"""1% of the bench source, changed: an LDIF for `ldapmodify` (deterministic).

  changes.py --round R --users U --groups G --base DN > changes.ldif

About (U + G) / 100 changes: attribute modifies (most), membership changes (one member added to
and one removed from some groups), renames, moves into a new OU, deletes and adds. Rounds 1-6
touch disjoint users and groups, so they apply one after another on the same directory (4-6
take the users and groups next to those of 1-3).
The group membership formula is the one of `scripts/gen-ldif.py bench`.
"""

import argparse
import sys


def members(g, users):
    """Member user numbers of bench group g (as scripts/gen-ldif.py bench makes them)."""
    size = 50 + (g * 37) % 151
    start = (g * 7919) % max(users, 1)
    step = 1 + (g * 31) % 97
    out = []
    for k in range(size):
        u = (start + k * step) % users + 1
        if u not in out:
            out.append(u)
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--round", type=int, required=True, choices=(1, 2, 3, 4, 5, 6))
    ap.add_argument("--users", type=int, required=True)
    ap.add_argument("--groups", type=int, required=True)
    ap.add_argument("--base", required=True)
    a = ap.parse_args()
    r, users, groups, base = a.round, a.users, a.groups, a.base
    width, gwidth = max(6, len(str(users))), max(4, len(str(groups)))
    people = f"ou=people,{base}"

    def udn(i):
        return f"uid=user{i:0{width}d},{people}"

    total = max(1, (users + groups) // 100)
    n_del = n_add = n_groups = max(1, total // 50)
    n_ren = n_mov = max(1, total // 100)
    n_mod = max(1, total - n_del - n_add - 2 * n_groups - n_ren - n_mov - 1)
    # This round's users: every third user (residue r-1), spread evenly over the directory;
    # rounds 4-6 take the neighbours of rounds 1-3's.
    second = r > 3
    base_round = r - 3 if second else r
    pool = list(range(base_round, users + 1, 3))
    need = n_mod + n_ren + n_mov + n_del
    if len(pool) < need:
        sys.exit(f"changes.py: {users} users are too few for {need} changed users a round")
    pool = pool[(1 if second else 0):: max(1, len(pool) // need)][:need]
    mod, ren = pool[:n_mod], pool[n_mod:n_mod + n_ren]
    mov, dele = pool[n_mod + n_ren:n_mod + n_ren + n_mov], pool[n_mod + n_ren + n_mov:]

    out = []
    w = out.append
    for k, i in enumerate(mod):
        w(f"dn: {udn(i)}\nchangetype: modify\nreplace: title\ntitle: Changed title {r}-{k}\n-\n"
          f"replace: telephoneNumber\ntelephoneNumber: +1 555 9{r}{k % 100:02d} {i % 10000:04d}\n-\n")
    # Membership: groups of this round (g = r mod 3); add a still-present user, drop a member.
    gs = [g for g in range(1, groups + 1) if g % 3 == base_round % 3][n_groups if second else 0:][:n_groups]
    for g in gs:
        current = members(g, users)
        add = next(u for u in mod if u not in current)
        w(f"dn: cn=group{g:0{gwidth}d},ou=groups,{base}\nchangetype: modify\n"
          f"add: member\nmember: {udn(add)}\n-\ndelete: member\nmember: {udn(current[0])}\n-\n")
    for i in ren:
        w(f"dn: {udn(i)}\nchangetype: modrdn\nnewrdn: uid=user{i:0{width}d}-renamed\ndeleteoldrdn: 1\n")
    moved = f"ou=moved{r},{people}"
    w(f"dn: {moved}\nchangetype: add\nobjectClass: top\nobjectClass: organizationalUnit\n"
      f"ou: moved{r}\ndescription: Moved in change round {r}\n")
    for i in mov:
        w(f"dn: {udn(i)}\nchangetype: modrdn\nnewrdn: uid=user{i:0{width}d}\ndeleteoldrdn: 1\n"
          f"newsuperior: {moved}\n")
    for i in dele:
        w(f"dn: {udn(i)}\nchangetype: delete\n")
    for k in range(1, n_add + 1):
        uid = f"new{r}-{k:03d}"
        w(f"dn: uid={uid},{people}\nchangetype: add\nobjectClass: top\nobjectClass: person\n"
          f"objectClass: organizationalPerson\nobjectClass: inetOrgPerson\nuid: {uid}\n"
          f"cn: New User {r}-{k}\nsn: User\ngivenName: New\nmail: {uid}@example.com\n"
          f"employeeNumber: {9000000 + r * 1000 + k}\n")
    sys.stdout.write("\n".join(out))
    print(f"changes.py: round {r}: {len(mod)} modifies, {2 * len(gs)} membership changes, "
          f"{len(ren)} renames, {len(mov)} moves (+1 OU), {len(dele)} deletes, {n_add} adds",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
