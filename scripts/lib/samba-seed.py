#!/usr/bin/python3
"""Seed a freshly provisioned, *stopped* Samba AD DC offline (one process, one sam.ldb open).

Usage: /usr/bin/python3 scripts/lib/samba-seed.py SMB_CONF
Passwords come from the environment (scripts/dev.env names), never from argv:
  LDAPSYNC_SAMBA_ADMIN_PASSWORD, LDAPSYNC_SAMBA_SVC_PASSWORD, LDAPSYNC_SAMBA_TEST_PASSWORD
Needs the samba python bindings of the Debian system python (python3-samba).

What it makes (the DNs are printed; tests read them from scripts/dev.env):
  domain policy: lockout after 3 bad passwords for 10 minutes (window 10 minutes),
                 passwords never expire, minimum age 0, history 0, complexity on
  OU=People, OU=Groups, OU=Service
  CN=svc-sync,OU=Service   UPN svc-sync@contoso.com, "Replicating Directory Changes" on the
                           domain (DirSync), fine-grained policy without lockout
  CN=disabled-user, CN=mustchange-user, CN=expired-user, CN=lockme-user (OU=People)
  CN=Alice Smith, CN=Bob Jones, CN=Carol White, CN=Dave Brown, CN=Zoë Ångström (OU=People)
  CN=Sales, CN=Engineering (OU=Groups, global security groups)
"""

import os
import sys

# The samba bindings are imported in main(): scripts/gen-ldif.py reads the constants below
# (for ldif/README.md) with any python.

NEVER = str(-0x8000000000000000)
TEN_MINUTES = str(-10 * 60 * 10_000_000)       # AD intervals: negative 100 ns ticks
EXPIRED_2020 = "132223104000000000"           # 2020-01-01T00:00:00Z as FILETIME
DS_REPLICATION_GET_CHANGES = "1131f6aa-9c07-11d1-f79f-00c04fc2dcd2"

NORMAL_USERS = [
    # (sAMAccountName, givenName, sn, title)
    ("alice", "Alice", "Smith", "Engineer"),
    ("bob", "Bob", "Jones", "Account Manager"),
    ("carol", "Carol", "White", "Sales Manager"),
    ("dave", "Dave", "Brown", "Analyst"),
    ("zoe", "Zoë", "Ångström", "Director"),
]
GROUPS = [
    ("Sales", ["bob", "carol"]),
    ("Engineering", ["alice", "dave", "zoe"]),
]
TEST_USERS = ["disabled-user", "mustchange-user", "expired-user", "lockme-user"]
OUS = [("People", "People"), ("Groups", "Groups"), ("Service", "Service accounts")]
PSO_CN = "ldapsync-no-lockout"


def env(name: str) -> str:
    value = os.environ.get(name)
    if not value:
        sys.exit(f"samba-seed: {name} is not set (source scripts/dev.env)")
    return value


def replace(samdb, dn: str, **attrs) -> None:
    from samba import ldb
    m = ldb.Message()
    m.dn = ldb.Dn(samdb, dn)
    for name, value in attrs.items():
        m[name] = ldb.MessageElement(value, ldb.FLAG_MOD_REPLACE, name)
    samdb.modify(m)


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    from samba import ldb
    from samba.auth import system_session
    from samba.dcerpc import security
    from samba.ndr import ndr_unpack
    from samba.param import LoadParm
    from samba.samdb import SamDB
    from samba.sd_utils import SDUtils

    admin_pw = env("LDAPSYNC_SAMBA_ADMIN_PASSWORD")
    svc_pw = env("LDAPSYNC_SAMBA_SVC_PASSWORD")
    test_pw = env("LDAPSYNC_SAMBA_TEST_PASSWORD")

    lp = LoadParm()
    lp.load(sys.argv[1])
    samdb = SamDB(url=lp.samdb_url(), session_info=system_session(), lp=lp)
    base = samdb.domain_dn()
    realm = lp.get("realm").lower()

    # Domain password and lockout policy first: later passwords are checked against it.
    replace(samdb, base,
            lockoutThreshold="3", lockoutDuration=TEN_MINUTES, lockOutObservationWindow=TEN_MINUTES,
            maxPwdAge=NEVER, minPwdAge="0", pwdHistoryLength="0", minPwdLength="7",
            pwdProperties="1")
    samdb.setpassword("(sAMAccountName=Administrator)", admin_pw)

    for ou, description in OUS:
        samdb.add({"dn": f"OU={ou},{base}", "objectClass": "organizationalUnit",
                   "description": description})

    samdb.newuser("svc-sync", svc_pw, userou="OU=Service", givenname="Sync", surname="Service",
                  description="ldapsync service account (DirSync)")
    svc_dn = f"CN=svc-sync,OU=Service,{base}"

    for name in TEST_USERS:
        samdb.newuser(name, test_pw, userou="OU=People",
                      force_password_change_at_next_login_req=(name == "mustchange-user"),
                      description="ldapsync bind-error test account")
    samdb.disable_account("(sAMAccountName=disabled-user)")
    replace(samdb, f"CN=expired-user,OU=People,{base}", accountExpires=EXPIRED_2020)

    for sam, given, sn, title in NORMAL_USERS:
        # useusernameascn=None: CN is "Given Surname" (Samba's newuser quirk).
        samdb.newuser(sam, test_pw, userou="OU=People", givenname=given, surname=sn,
                      useusernameascn=None, mailaddress=f"{sam}@{realm}", jobtitle=title)
    for group, members in GROUPS:
        samdb.newgroup(group, groupou="OU=Groups", description=f"{group} (ldapsync seed)")
        samdb.add_remove_group_members(group, members, add_members_operation=True)

    # A fine-grained password policy without lockout for the accounts tests must not lock.
    pso_dn = f"CN={PSO_CN},CN=Password Settings Container,CN=System,{base}"
    samdb.add({
        "dn": pso_dn,
        "objectClass": "msDS-PasswordSettings",
        "msDS-PasswordSettingsPrecedence": "1",
        "msDS-PasswordReversibleEncryptionEnabled": "FALSE",
        "msDS-PasswordHistoryLength": "0",
        "msDS-PasswordComplexityEnabled": "TRUE",
        "msDS-MinimumPasswordLength": "7",
        "msDS-MinimumPasswordAge": "0",
        "msDS-MaximumPasswordAge": NEVER,
        "msDS-LockoutThreshold": "0",
        "msDS-LockoutObservationWindow": TEN_MINUTES,
        "msDS-LockoutDuration": TEN_MINUTES,
        "msDS-PSOAppliesTo": [svc_dn, f"CN=Administrator,CN=Users,{base}"],
    })

    # DirSync for svc-sync: "Replicating Directory Changes" on the domain object.
    svc_sid = samdb.search(base=svc_dn, scope=ldb.SCOPE_BASE, attrs=["objectSid"])[0]["objectSid"][0]
    sid = str(ndr_unpack(security.dom_sid, svc_sid))
    SDUtils(samdb).dacl_add_ace(base, f"(OA;;CR;{DS_REPLICATION_GET_CHANGES};;{sid})")

    print(f"samba-seed: seeded {base}: svc-sync ({sid}), {len(TEST_USERS)} test accounts, "
          f"{len(NORMAL_USERS)} users, {len(GROUPS)} groups")
    return 0


if __name__ == "__main__":
    sys.exit(main())
