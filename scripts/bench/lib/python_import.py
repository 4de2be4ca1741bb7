#!/usr/bin/env python3
"""The "what an admin would write" peer of a full import: page the whole directory with
python-ldap (1000 entries a page) into SQLite, one row per entry.

  python_import.py --uri URI --bind-dn DN --password-file FILE --base DN --db FILE.sqlite

Prints {"entries": N, "seconds": S} on stdout. Run with /usr/bin/python3 (python3-ldap).
"""

import argparse
import base64
import json
import sqlite3
import sys
import time

import ldap
from ldap.controls import SimplePagedResultsControl


def text(value: bytes) -> str:
    try:
        return value.decode("utf-8")
    except UnicodeDecodeError:
        return "base64:" + base64.b64encode(value).decode("ascii")


def main() -> int:
    ap = argparse.ArgumentParser()
    for name in ("--uri", "--bind-dn", "--password-file", "--base", "--db"):
        ap.add_argument(name, required=True)
    args = ap.parse_args()
    with open(args.password_file, encoding="utf-8") as f:
        password = f.read().rstrip("\n")

    start = time.monotonic()
    conn = ldap.initialize(args.uri)
    conn.protocol_version = 3
    conn.set_option(ldap.OPT_REFERRALS, 0)
    conn.simple_bind_s(args.bind_dn, password)

    db = sqlite3.connect(args.db)
    db.execute("CREATE TABLE IF NOT EXISTS entries (dn TEXT PRIMARY KEY, attributes TEXT NOT NULL)")
    page = SimplePagedResultsControl(True, size=1000, cookie=b"")
    count = 0
    while True:
        msgid = conn.search_ext(args.base, ldap.SCOPE_SUBTREE, "(objectClass=*)", None,
                                serverctrls=[page])
        _, data, _, controls = conn.result3(msgid)
        rows = [(dn, json.dumps({k: [text(v) for v in vs] for k, vs in attrs.items()}))
                for dn, attrs in data if dn is not None]
        db.executemany("INSERT OR REPLACE INTO entries (dn, attributes) VALUES (?, ?)", rows)
        db.commit()
        count += len(rows)
        cookie = next((c.cookie for c in controls
                       if c.controlType == SimplePagedResultsControl.controlType), b"")
        if not cookie:
            break
        page.cookie = cookie
    conn.unbind_s()
    db.close()
    print(json.dumps({"entries": count, "seconds": round(time.monotonic() - start, 3)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
