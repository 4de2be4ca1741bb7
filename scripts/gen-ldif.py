#!/usr/bin/env python3
"""Deterministic LDIF for ldapsync's test directories (stdlib only).

  gen-ldif.py seed-source > ldif/source.ldif     seed of the OpenLDAP source (dc=contoso,dc=com)
  gen-ldif.py seed-target > ldif/target.ldif     seed of the OpenLDAP target (dc=cloud,dc=example)
  gen-ldif.py readme      > ldif/README.md       the seed facts tests assert on
  gen-ldif.py bench --users 100000 --groups 1000 --base dc=contoso,dc=com [--no-base] [--max-members 200]
                                                 benchmark tree on stdout (no passwords, no photos)
  gen-ldif.py set-passwords DN_VAR=PASSWORD_VAR ... < in.ldif > out.ldif
                                                 replace the userPassword of the entry whose DN
                                                 is in $DN_VAR by an {SSHA} hash of $PASSWORD_VAR
                                                 (names of environment variables, not values)

Same arguments, same bytes: no clock, no randomness (salts derive from the DN).
"""

import base64
import hashlib
import os
import sys

# Passwords baked into the committed seed. They equal the defaults in scripts/dev.env; the
# service-account ones are re-hashed from the environment at load time (set-passwords).
USER_PASSWORD = "User-Pass-2024"
SOURCE_SVC_PASSWORD = "Svc-Sync-2024"
SOURCE_LOCK_PASSWORD = "Lock-Me-2024"
TARGET_SVC_PASSWORD = "Svc-Cloud-2024"

SOURCE_BASE = "dc=contoso,dc=com"
TARGET_BASE = "dc=cloud,dc=example"

# Seed shape (the README facts are computed from these).
PEOPLE_USERS = 1200   # uid=user0001 .. uid=user1200, ou=people
SALES_USERS = 400     # uid=sales001 .. uid=sales400, ou=sales,ou=people
STAFF_USERS = 25      # uid=staff01 .. uid=staff25, ou=staff (out of the sync scope)

GIVEN = [
    "James", "Mary", "Robert", "Patricia", "John", "Jennifer", "Michael", "Linda", "David",
    "Elizabeth", "William", "Barbara", "Richard", "Susan", "Joseph", "Jessica", "Thomas", "Sarah",
    "Charles", "Karen", "Christopher", "Lisa", "Daniel", "Nancy", "Matthew", "Betty", "Anthony",
    "Margaret", "Mark", "Sandra", "Donald", "Ashley", "Steven", "Kimberly", "Paul", "Emily",
    "Andrew", "Donna", "Joshua", "Michelle", "Kenneth", "Carol", "Kevin", "Amanda", "Brian",
    "Melissa", "George", "Deborah", "Timothy", "Stephanie", "Ronald", "Rebecca", "Edward", "Sharon",
    "Jason", "Laura", "Jeffrey", "Cynthia", "Ryan", "Kathleen", "Jacob", "Amy", "Gary", "Angela",
    "Nicholas", "Shirley", "Eric", "Anna", "Jonathan", "Brenda", "Stephen", "Pamela", "Larry",
]
SURNAMES = [
    "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez",
    "Martinez", "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore",
    "Jackson", "Martin", "Lee", "Perez", "Thompson", "White", "Harris", "Sanchez", "Clark",
    "Ramirez", "Lewis", "Robinson", "Walker", "Young", "Allen", "King", "Wright", "Scott", "Torres",
    "Nguyen", "Hill", "Flores", "Green", "Adams", "Nelson", "Baker", "Hall", "Rivera", "Campbell",
    "Mitchell", "Carter", "Roberts", "Gomez", "Phillips", "Evans", "Turner", "Diaz", "Parker",
    "Cruz", "Edwards", "Collins", "Reyes", "Stewart", "Morris", "Morales", "Murphy", "Cook",
    "Rogers", "Gutierrez", "Ortiz", "Morgan", "Cooper", "Peterson", "Bailey", "Reed", "Kelly",
]
# Occasional non-ASCII given names in the benchmark tree (base64 in LDIF, as real exports do).
GIVEN_INTL = ["Zoë", "José", "Björn", "Siân", "Łukasz", "Renée", "Søren", "Chloé", "Ádám"]
TITLES = [
    "Engineer", "Senior Engineer", "Staff Engineer", "Analyst", "Account Manager", "Sales Manager",
    "Designer", "Product Manager", "Support Specialist", "Accountant", "Recruiter", "Director",
]
DEPARTMENTS = [
    "Engineering", "Sales", "Marketing", "Finance", "Support", "Operations", "Legal", "HR",
]


# --- LDIF encoding ------------------------------------------------------------------------------

def _safe(value: str) -> bool:
    """RFC 2849 SAFE-STRING: ASCII, no NUL/CR/LF, no leading space ':' '<', no trailing space."""
    if value == "":
        return True
    if value[0] in " :<" or value[-1] == " ":
        return False
    for ch in value:
        o = ord(ch)
        if o == 0 or o == 10 or o == 13 or o > 127:
            return False
    return True


def _fold(line: str) -> str:
    """Fold a long line at 76 columns (continuation lines start with one space)."""
    if len(line) <= 76:
        return line
    parts = [line[:76]]
    rest = line[76:]
    while rest:
        parts.append(" " + rest[:75])
        rest = rest[75:]
    return "\n".join(parts)


def line(name: str, value) -> str:
    if isinstance(value, bytes):
        return _fold(f"{name}:: {base64.b64encode(value).decode('ascii')}")
    if _safe(value):
        return f"{name}: {value}"
    return _fold(f"{name}:: {base64.b64encode(value.encode('utf-8')).decode('ascii')}")


def entry(dn: str, attrs) -> str:
    """attrs: list of (name, value) pairs, in output order."""
    out = []
    if not _safe(dn):
        out.append(f"# {dn}")
    out.append(line("dn", dn))
    out.extend(line(n, v) for n, v in attrs)
    return "\n".join(out) + "\n\n"


def ssha(password: str, dn: str) -> str:
    """{SSHA} with a salt derived from the DN: deterministic output, distinct per entry."""
    salt = hashlib.sha256(b"ldapsync-salt:" + dn.lower().encode("utf-8")).digest()[:8]
    digest = hashlib.sha1(password.encode("utf-8") + salt).digest()
    return "{SSHA}" + base64.b64encode(digest + salt).decode("ascii")


# --- shared pieces ------------------------------------------------------------------------------

def base_entry(base: str) -> str:
    dc = base.split(",")[0].split("=", 1)[1]
    org = {"contoso": "Contoso Ltd", "cloud": "Cloud Example Inc"}.get(dc, dc)
    return entry(base, [
        ("objectClass", "top"), ("objectClass", "dcObject"), ("objectClass", "organization"),
        ("dc", dc), ("o", org),
    ])


def ou_entry(ou: str, parent: str, description: str) -> str:
    return entry(f"ou={ou},{parent}", [
        ("objectClass", "top"), ("objectClass", "organizationalUnit"),
        ("ou", ou), ("description", description),
    ])


def policy_entries(base: str) -> str:
    """ppolicy entries: the overlay default (lockout after 3 failures, until an admin or a
    reset unlocks) and one without lockout for the service accounts."""
    out = ou_entry("policies", base, "Password policies (ppolicy)")
    common = [
        ("pwdAttribute", "userPassword"), ("pwdAllowUserChange", "TRUE"),
        ("pwdMustChange", "FALSE"), ("pwdSafeModify", "FALSE"), ("pwdInHistory", "0"),
        ("pwdCheckQuality", "0"), ("pwdMinAge", "0"), ("pwdMaxAge", "0"),
        ("pwdFailureCountInterval", "0"),
    ]
    out += entry(f"cn=default,ou=policies,{base}", [
        ("objectClass", "top"), ("objectClass", "device"), ("objectClass", "pwdPolicy"),
        ("cn", "default"),
        ("description", "Default policy: 3 bad binds lock the account until reset"),
        *common,
        ("pwdLockout", "TRUE"), ("pwdMaxFailure", "3"), ("pwdLockoutDuration", "0"),
    ])
    out += entry(f"cn=service-accounts,ou=policies,{base}", [
        ("objectClass", "top"), ("objectClass", "device"), ("objectClass", "pwdPolicy"),
        ("cn", "service-accounts"),
        ("description", "Service accounts: never locked out (tests must not lock the sync account)"),
        *common,
        ("pwdLockout", "FALSE"), ("pwdMaxFailure", "0"),
    ])
    return out


def service_account(cn: str, base: str, password: str, description: str, no_lockout: bool) -> str:
    dn = f"cn={cn},ou=service,{base}"
    attrs = [
        ("objectClass", "top"), ("objectClass", "organizationalRole"),
        ("objectClass", "simpleSecurityObject"),
        ("cn", cn), ("description", description), ("userPassword", ssha(password, dn)),
    ]
    if no_lockout:
        attrs.append(("pwdPolicySubentry", f"cn=service-accounts,ou=policies,{base}"))
    return entry(dn, attrs)


def person(dn: str, rdn_attrs, given: str, sn: str, uid: str, number: int, mail_domain: str,
           extra=(), password: str = None) -> str:
    """inetOrgPerson. rdn_attrs are emitted first only for readability (cn/uid from the RDN)."""
    names = {n for n, _ in rdn_attrs}
    cn = dict(rdn_attrs).get("cn", f"{given} {sn}")
    attrs = [
        ("objectClass", "top"), ("objectClass", "person"), ("objectClass", "organizationalPerson"),
        ("objectClass", "inetOrgPerson"),
    ]
    attrs += list(rdn_attrs)
    if "cn" not in names:
        attrs.append(("cn", cn))
    if "uid" not in names:
        attrs.append(("uid", uid))
    attrs += [
        ("sn", sn), ("givenName", given), ("displayName", cn),
        ("mail", f"{uid}@{mail_domain}"), ("employeeNumber", str(number)),
        ("title", TITLES[number % len(TITLES)]),
        ("telephoneNumber", f"+1 555 {number // 10000 % 100:02d}{number // 100 % 100:02d} {number % 10000:04d}"),
        ("ou", DEPARTMENTS[number % len(DEPARTMENTS)]),
    ]
    attrs += list(extra)
    if password is not None:
        attrs.append(("userPassword", ssha(password, dn)))
    return entry(dn, attrs)


def jpeg_photo() -> bytes:
    """512 deterministic bytes shaped like a JPEG (SOI/APP0 ... EOI); never valid UTF-8."""
    body = b""
    block = b"ldapsync-jpegPhoto"
    while len(body) < 512 - 22:
        block = hashlib.sha256(block).digest()
        body += block
    head = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    return head + body[: 512 - len(head) - 2] + b"\xff\xd9"


# --- the source seed ----------------------------------------------------------------------------

def special_people(base: str):
    """(dn, rdn_attrs, given, sn, uid, extra) for the entries with awkward names.
    DNs are written exactly as slapd returns them: RFC 4514 escapes in the hex form (\\2C),
    UTF-8 left as is. (slapd re-escapes entry DNs that way even when the LDIF says "\\,".)"""
    p = f"ou=people,{base}"
    photo = jpeg_photo()
    return [
        # a comma in the value
        (f"cn=Doe\\2C Jane,{p}", [("cn", "Doe, Jane")], "Jane", "Doe", "jdoe", []),
        # every character RFC 4514 requires to escape inside a value, plus '='
        (f"cn=Special \\2C\\2B\\22\\5C\\3C\\3E\\3B\\3D Chars,{p}", [("cn", 'Special ,+"\\<>;= Chars')],
         "Special", "Chars", "specials", []),
        # a leading '#' (would otherwise mean a BER-encoded value)
        (f"cn=\\23hashtag,{p}", [("cn", "#hashtag")], "Hash", "Tag", "hashtag", []),
        # leading and trailing space
        (f"cn=\\20Padded Name\\20,{p}", [("cn", " Padded Name ")], "Padded", "Name", "padded", []),
        # multi-valued RDN
        (f"cn=Ann Lee+uid=alee,{p}", [("cn", "Ann Lee"), ("uid", "alee")], "Ann", "Lee", "alee", []),
        # non-ASCII letters
        (f"cn=Zoë Ångström,{p}", [("cn", "Zoë Ångström")], "Zoë", "Ångström", "zangstrom", []),
        (f"cn=Jürgen Müller,{p}", [("cn", "Jürgen Müller")], "Jürgen", "Müller", "jmuller", []),
        (f"cn=王小明,{p}", [("cn", "王小明")], "小明", "王", "wxiaoming", []),
        # a binary attribute
        (f"uid=photo,{p}", [("uid", "photo")], "Photo", "Person", "photo", [("jpegPhoto", photo)]),
    ]


def source_layout(base: str = SOURCE_BASE):
    people = [f"uid=user{i:04d},ou=people,{base}" for i in range(1, PEOPLE_USERS + 1)]
    sales = [f"uid=sales{i:03d},ou=sales,ou=people,{base}" for i in range(1, SALES_USERS + 1)]
    staff = [f"uid=staff{i:02d},ou=staff,{base}" for i in range(1, STAFF_USERS + 1)]
    specials = [s[0] for s in special_people(base)]
    g = f"ou=groups,{base}"
    groups = [
        # (cn, description, member DNs)
        ("all-people", "Every person under ou=people (subtree): the >1,500-member group",
         people + specials + sales),
        ("sales", "Everyone in ou=sales,ou=people", sales),
        ("admins", "Small group", people[0:3]),
        ("engineering", "Small group", people[9:49]),
        ("special-names", "Members with RFC 4514 special characters and non-ASCII names", specials),
        ("managers", "Nested group: two people and the admins group",
         [people[99], people[199], f"cn=admins,{g}"]),
        ("staff-only", "Members outside the sync scope (ou=staff)", staff[:5]),
    ]
    return people, sales, staff, specials, groups


def seed_source(base: str = SOURCE_BASE) -> str:
    out = []
    w = out.append
    w("# Seed of the ldapsync source directory. Generated by scripts/gen-ldif.py seed-source:\n"
      "# do not edit by hand. Facts tests rely on: ldif/README.md.\n\n")
    w(base_entry(base))
    w(ou_entry("people", base, "People (in sync scope)"))
    w(ou_entry("sales", f"ou=people,{base}", "Nested OU under people"))
    w(ou_entry("groups", base, "Groups"))
    w(ou_entry("service", base, "Service accounts"))
    w(ou_entry("staff", base, "Out-of-scope container for sync scope tests"))
    w(policy_entries(base))
    w(service_account("svc-sync", base, SOURCE_SVC_PASSWORD,
                      "ldapsync service account: unlimited limits, reads/writes the whole tree",
                      no_lockout=True))
    w(service_account("lockme", base, SOURCE_LOCK_PASSWORD,
                      "Lockout tests: default ppolicy, 3 bad binds lock it", no_lockout=False))
    people, sales, staff, specials, groups = source_layout(base)
    for i, dn in enumerate(people, 1):
        given = GIVEN[(i * 7) % len(GIVEN)]
        sn = SURNAMES[(i * 13 + i // len(GIVEN)) % len(SURNAMES)]
        uid = f"user{i:04d}"
        w(person(dn, [("uid", uid)], given, sn, uid, 100000 + i, "contoso.com", password=USER_PASSWORD))
    for k, (dn, rdn, given, sn, uid, extra) in enumerate(special_people(base)):
        w(person(dn, rdn, given, sn, uid, 190000 + k, "contoso.com", extra=extra, password=USER_PASSWORD))
    for i, dn in enumerate(sales, 1):
        given = GIVEN[(i * 11) % len(GIVEN)]
        sn = SURNAMES[(i * 5 + 3) % len(SURNAMES)]
        uid = f"sales{i:03d}"
        w(person(dn, [("uid", uid)], given, sn, uid, 200000 + i, "contoso.com",
                 extra=[("departmentNumber", "Sales")], password=USER_PASSWORD))
    for i, dn in enumerate(staff, 1):
        given = GIVEN[(i * 3) % len(GIVEN)]
        sn = SURNAMES[(i * 17) % len(SURNAMES)]
        uid = f"staff{i:02d}"
        w(person(dn, [("uid", uid)], given, sn, uid, 300000 + i, "contoso.com", password=USER_PASSWORD))
    for cn, description, members in groups:
        attrs = [("objectClass", "top"), ("objectClass", "groupOfNames"), ("cn", cn),
                 ("description", description)]
        attrs += [("member", m) for m in members]
        w(entry(f"cn={cn},ou=groups,{base}", attrs))
    return "".join(out)


def seed_target(base: str = TARGET_BASE) -> str:
    out = ["# Seed of the ldapsync target directory. Generated by scripts/gen-ldif.py seed-target:\n"
           "# do not edit by hand. The sync engine provisions everything else.\n\n"]
    out.append(base_entry(base))
    out.append(ou_entry("service", base, "Service accounts"))
    out.append(service_account("svc-cloud", base, TARGET_SVC_PASSWORD,
                               "ldapsync service account: unlimited limits, full write access",
                               no_lockout=True))
    out.append(policy_entries(base))
    return "".join(out)


def count_entries(ldif: str) -> int:
    return sum(1 for l in ldif.split("\n") if l.startswith("dn:"))


def readme() -> str:
    src = seed_source()
    tgt = seed_target()
    people, sales, staff, specials, groups = source_layout()
    photo = jpeg_photo()
    big = next(g for g in groups if g[0] == "all-people")
    one_level_people = len(people) + len(specials) + 1  # + ou=sales itself
    lines = [
        "# Seed data for the test directories",
        "",
        "Generated by `scripts/gen-ldif.py` (deterministic): `source.ldif`, `target.ldif` and this",
        "file (`gen-ldif.py readme > ldif/README.md`). Regenerate all three together; never edit",
        "them by hand. Samba's seed is made at provisioning time by `scripts/lib/samba-seed.py`.",
        "",
        "## Facts tests can assert on",
        "",
        "```sh",
        "# --- source, ldif/source.ldif (dc=contoso,dc=com) ---",
        f"SEED_SOURCE_ENTRIES={count_entries(src)}            # every entry, base included",
        f"SEED_SOURCE_PEOPLE_USERS={len(people)}        # uid=user0001..uid=user{len(people):04d},ou=people",
        f"SEED_SOURCE_PEOPLE_SPECIAL={len(specials)}         # awkward-name persons directly in ou=people (below)",
        f"SEED_SOURCE_PEOPLE_ONELEVEL={one_level_people}     # one-level children of ou=people (users + specials + ou=sales)",
        f"SEED_SOURCE_SALES_USERS={len(sales)}          # uid=sales001..uid=sales{len(sales):03d},ou=sales,ou=people",
        f"SEED_SOURCE_PEOPLE_SUBTREE_PERSONS={len(people) + len(specials) + len(sales)}  # inetOrgPerson under ou=people (subtree)",
        f"SEED_SOURCE_STAFF_USERS={len(staff)}           # uid=staff01..uid=staff{len(staff):02d},ou=staff (out of scope)",
        f"SEED_SOURCE_PERSONS={len(people) + len(specials) + len(sales) + len(staff)}             # every inetOrgPerson",
        f"SEED_SOURCE_GROUPS={len(groups)}                # groupOfNames under ou=groups",
        f"SEED_SOURCE_BIG_GROUP_DN='cn=all-people,ou=groups,{SOURCE_BASE}'",
        f"SEED_SOURCE_BIG_GROUP_MEMBERS={len(big[2])}",
        f"SEED_SOURCE_USER_PASSWORD='{USER_PASSWORD}'   # every seeded person (LDAPSYNC_SOURCE_USER_PASSWORD)",
        f"SEED_SOURCE_PHOTO_DN='uid=photo,ou=people,{SOURCE_BASE}'",
        f"SEED_SOURCE_PHOTO_BYTES={len(photo)}",
        f"SEED_SOURCE_PHOTO_SHA256={hashlib.sha256(photo).hexdigest()}",
        "# --- target, ldif/target.ldif (dc=cloud,dc=example) ---",
        f"SEED_TARGET_ENTRIES={count_entries(tgt)}               # base, ou=service, svc-cloud, ou=policies + 2 policies",
        "```",
        "",
        "Groups (`cn=NAME,ou=groups,dc=contoso,dc=com`, groupOfNames, member count):",
        "",
    ]
    for cn, description, members in groups:
        lines.append(f"- `{cn}`: {len(members)} members. {description}.")
    lines += [
        "",
        "Entries with awkward names, DNs exactly as written in the LDIF and as slapd returns them",
        "(RFC 4514 hex escapes such as \\2C; UTF-8 unescaped). Every one is an inetOrgPerson with the user password:",
        "",
        "```",
    ]
    lines += specials
    lines += [
        "```",
        "",
        "Other entries: `ou=people`, `ou=sales,ou=people`, `ou=groups`, `ou=service`, `ou=staff`,",
        "`ou=policies` under the base; `cn=svc-sync,ou=service` and `cn=lockme,ou=service`",
        "(organizationalRole + simpleSecurityObject); ppolicy entries `cn=default,ou=policies`",
        "(pwdLockout TRUE, pwdMaxFailure 3, pwdLockoutDuration 0 = until reset) and",
        "`cn=service-accounts,ou=policies` (no lockout; svc-sync and svc-cloud point at it with",
        "pwdPolicySubentry). The rootDN `cn=admin,dc=contoso,dc=com` is not an entry (config only).",
        "Each person has uid, cn, sn, givenName, displayName, mail (`<uid>@contoso.com`),",
        "employeeNumber (100001.. people, 190000..190008 specials, 200001.. sales, 300001.. staff),",
        "title, telephoneNumber, ou and an {SSHA} userPassword.",
        "",
        "The jpegPhoto of `uid=photo,ou=people,dc=contoso,dc=com` is 512 bytes starting",
        "`ff d8 ff e0` and ending `ff d9` (not UTF-8).",
        "",
    ] + samba_facts() + [
        "## Benchmark data",
        "",
        "`scripts/gen-ldif.py bench --users 100000 --groups 1000 --base dc=contoso,dc=com` writes",
        "the base, `ou=people`, `ou=groups`, users `uid=user000001..` and groups `cn=group0001..`",
        "of 50-200 members each (`--no-base` leaves out the base entry). Not committed.",
        "",
    ]
    return "\n".join(lines)


def samba_facts():
    """README lines about the Samba seed, from the constants of scripts/lib/samba-seed.py."""
    import importlib.util
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib", "samba-seed.py")
    spec = importlib.util.spec_from_file_location("samba_seed", path)
    seed = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(seed)
    base = "DC=contoso,DC=com"
    cn_of = {sam: f"{given} {sn}" for sam, given, sn, _ in seed.NORMAL_USERS}
    people = len(seed.TEST_USERS) + len(seed.NORMAL_USERS)
    lines = [
        "## Samba AD DC (made by scripts/lib/samba-seed.py at provisioning)",
        "",
        "```sh",
        f"SEED_SAMBA_OUS='{', '.join(f'OU={ou}' for ou, _ in seed.OUS)}'   # under {base}",
        f"SEED_SAMBA_PEOPLE_USERS={people}          # users in OU=People: {len(seed.TEST_USERS)} bind-error accounts + {len(seed.NORMAL_USERS)} normal",
        "SEED_SAMBA_SERVICE_USERS=1         # CN=svc-sync,OU=Service",
        f"SEED_SAMBA_GROUPS={len(seed.GROUPS)}                # global security groups in OU=Groups",
        "SEED_SAMBA_LOCKOUT_THRESHOLD=3     # bad passwords; locked 10 minutes (window 10 minutes)",
        "```",
        "",
        "- Bind-error accounts (CN = sAMAccountName, UPN `<name>@contoso.com`, password",
        "  LDAPSYNC_SAMBA_TEST_PASSWORD): "
        + ", ".join(f"`CN={u},OU=People,{base}`" for u in seed.TEST_USERS) + ".",
        "  disabled -> `data 533`, mustchange (pwdLastSet 0) -> `data 773`, expired (accountExpires",
        "  2020-01-01) -> `data 701`, lockme after 3 bad binds -> `data 775`; a bad password -> `data 52e`.",
        "- Normal users (password LDAPSYNC_SAMBA_TEST_PASSWORD; givenName, sn, displayName, title,",
        "  mail and UPN `<sAMAccountName>@contoso.com`): "
        + ", ".join(f"`CN={cn_of[sam]},OU=People,{base}` ({sam})" for sam, *_ in seed.NORMAL_USERS) + ".",
        "- Groups: " + "; ".join(
            f"`CN={g},OU=Groups,{base}` = " + ", ".join(cn_of[m] for m in members)
            for g, members in seed.GROUPS) + ".",
        "- `CN=svc-sync,OU=Service,DC=contoso,DC=com` (UPN `svc-sync@contoso.com`, `CONTOSO\\svc-sync`)",
        "  holds \"Replicating Directory Changes\" on the domain (DirSync without admin rights).",
        f"- Fine-grained policy `CN={seed.PSO_CN},CN=Password Settings Container,CN=System,{base}`",
        "  (no lockout) applies to svc-sync and Administrator: bad binds in tests never lock them.",
        "- Domain policy: passwords never expire, minimum age 0, history 0, complexity on, minimum",
        "  length 7. `old password allowed period = 0`: an old password stops working at once.",
        "- Samba's MaxPageSize is 1000 (default): more than 1,000 results need the paged-results",
        "  control. Adding a user with a password over LDAP costs about 20 ms on Samba.",
        "",
    ]
    return lines


# --- benchmark tree -----------------------------------------------------------------------------

def bench(users: int, groups: int, base: str, with_base: bool, out, max_members: int = 200) -> None:
    dc_domain = ".".join(p.split("=", 1)[1] for p in base.split(",") if p.lower().startswith("dc="))
    mail_domain = dc_domain or "example.com"
    buf = []
    if with_base:
        buf.append(base_entry(base))
    buf.append(ou_entry("people", base, "People"))
    buf.append(ou_entry("groups", base, "Groups"))
    width = max(6, len(str(users)))
    people = f"ou=people,{base}"
    ng, ns, ni = len(GIVEN), len(SURNAMES), len(GIVEN_INTL)
    nt, nd = len(TITLES), len(DEPARTMENTS)
    for i in range(1, users + 1):
        uid = f"user{i:0{width}d}"
        if i % 50 == 0:
            given = GIVEN_INTL[(i // 50) % ni]
        else:
            given = GIVEN[(i * 7) % ng]
        sn = SURNAMES[(i * 13 + i // ng) % ns]
        cn = f"{given} {sn}"
        cn_line = line("cn", cn)
        buf.append(
            f"dn: uid={uid},{people}\n"
            "objectClass: top\nobjectClass: person\nobjectClass: organizationalPerson\n"
            "objectClass: inetOrgPerson\n"
            f"uid: {uid}\n{cn_line}\nsn: {sn}\n{line('givenName', given)}\n"
            f"{line('displayName', cn)}\nmail: {uid}@{mail_domain}\n"
            f"employeeNumber: {1000000 + i}\ntitle: {TITLES[i % nt]}\n"
            f"telephoneNumber: +1 555 {i // 10000 % 100:02d}{i // 100 % 100:02d} {i % 10000:04d}\n"
            f"ou: {DEPARTMENTS[i % nd]}\n\n"
        )
        if len(buf) >= 5000:
            out.write("".join(buf))
            buf.clear()
    gwidth = max(4, len(str(groups)))
    for g in range(1, groups + 1):
        size = 50 + (g * 37) % (max_members - 49)   # 50..max_members (200 by default)
        start = (g * 7919) % max(users, 1)
        step = 1 + (g * 31) % 97
        seen = set()
        members = []
        for k in range(size):
            if users == 0:
                break
            u = (start + k * step) % users + 1
            if u in seen:
                continue
            seen.add(u)
            members.append(f"member: uid=user{u:0{width}d},{people}\n")
        if not members:
            members.append(f"member: {base}\n")  # groupOfNames needs one member
        buf.append(
            f"dn: cn=group{g:0{gwidth}d},ou=groups,{base}\n"
            "objectClass: top\nobjectClass: groupOfNames\n"
            f"cn: group{g:0{gwidth}d}\ndescription: Benchmark group {g}\n"
            + "".join(members) + "\n"
        )
        if len(buf) >= 500:
            out.write("".join(buf))
            buf.clear()
    out.write("".join(buf))


# --- set-passwords filter -----------------------------------------------------------------------

def _unfold(text: str):
    """Yield logical LDIF records as lists of unfolded lines (comments dropped)."""
    record = []
    for raw in text.split("\n"):
        if raw.startswith(" ") and record:
            record[-1] += raw[1:]
            continue
        if raw == "":
            if record:
                yield record
                record = []
            continue
        record.append(raw)
    if record:
        yield record


def _dn_of(record):
    for l in record:
        if l.startswith("dn:: "):
            return base64.b64decode(l[5:]).decode("utf-8")
        if l.startswith("dn: "):
            return l[4:]
    return None


def set_passwords(pairs, text: str) -> str:
    wanted = {}
    for pair in pairs:
        dn_var, _, pw_var = pair.partition("=")
        if not dn_var or not pw_var:
            sys.exit(f"gen-ldif.py set-passwords: expected DN_VAR=PASSWORD_VAR, got {pair!r}")
        dn, pw = os.environ.get(dn_var), os.environ.get(pw_var)
        if dn is None or pw is None:
            sys.exit(f"gen-ldif.py set-passwords: {dn_var} or {pw_var} is not set")
        wanted[dn.lower()] = pw
    out = []
    found = set()
    for record in _unfold(text):
        dn = _dn_of(record)
        if dn is not None and dn.lower() in wanted:
            found.add(dn.lower())
            pw = wanted[dn.lower()]
            record = [l for l in record if not l.lower().startswith("userpassword:")]
            record.append(f"userPassword: {ssha(pw, dn)}")
        out.append("\n".join(_fold(l) for l in record) + "\n\n")
    for dn in wanted:
        if dn not in found:
            print(f"gen-ldif.py set-passwords: warning: no entry {dn!r} in the LDIF", file=sys.stderr)
    return "".join(out)


def main(argv) -> int:
    if not argv or argv[0] in ("-h", "--help"):
        print(__doc__)
        return 0 if argv else 2
    cmd, args = argv[0], argv[1:]
    out = sys.stdout
    if cmd == "seed-source":
        out.write(seed_source())
    elif cmd == "seed-target":
        out.write(seed_target())
    elif cmd == "readme":
        out.write(readme())
    elif cmd == "bench":
        import argparse
        ap = argparse.ArgumentParser(prog="gen-ldif.py bench")
        ap.add_argument("--users", type=int, default=100000)
        ap.add_argument("--groups", type=int, default=1000)
        ap.add_argument("--base", default=SOURCE_BASE)
        ap.add_argument("--no-base", action="store_true", help="leave out the base entry")
        ap.add_argument("--max-members", type=int, default=200, help="groups have 50..this many members")
        ns = ap.parse_args(args)
        bench(ns.users, ns.groups, ns.base, not ns.no_base, out, max(ns.max_members, 50))
    elif cmd == "set-passwords":
        out.write(set_passwords(args, sys.stdin.read()))
    else:
        print(f"gen-ldif.py: unknown command {cmd!r}\n{__doc__}", file=sys.stderr)
        return 2
    out.flush()
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except BrokenPipeError:  # e.g. `gen-ldif.py bench | head`
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)
