#!/usr/bin/python3
"""The python-ldap (libldap) side of selftest.sh: one bind + paged search, reported line by line.

  pyclient.py URI [--bind-dn DN] [--password PW] [--starttls] [--page-size 1000]
              [--timeout 5] [--base dc=fake,dc=test] [--filter (objectClass=*)] [--attrs a,b]
              [--entry-controls]

Prints, as they arrive:
  ENTRY <dn> <name>=<count>[:<first value, or its length when over 60 bytes>] ...
  ENTRYCONTROL <dn> <oid> <criticality>    (with --entry-controls, before its ENTRY line)
  CONTROL <oid> <criticality>              (controls of the SearchResultDone)
  PAGE <n> entries=<k> cookie=<cookie>
  RESULT ok entries=<n> pages=<p>          at the end of a successful search
  ERROR <exception class> <its dict>       when python-ldap raises (then exit status 1)
"""

import argparse
import sys

import ldap
from ldap.controls import SimplePagedResultsControl


def show(value):
    if len(value) > 60:
        return f"<{len(value)} bytes>"
    return value.decode("utf-8", "backslashreplace")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("uri")
    parser.add_argument("--bind-dn", default="cn=tester,dc=fake,dc=test")
    parser.add_argument("--password", default="secret")
    parser.add_argument("--starttls", action="store_true")
    parser.add_argument("--page-size", type=int, default=1000)
    parser.add_argument("--timeout", type=float, default=5)
    parser.add_argument("--base", default="dc=fake,dc=test")
    parser.add_argument("--filter", default="(objectClass=*)")
    parser.add_argument("--attrs", default="")
    parser.add_argument("--entry-controls", action="store_true", help="decode entries' controls too (result4 add_ctrls=1)")
    options = parser.parse_args()

    connection = ldap.initialize(options.uri)
    connection.protocol_version = 3
    connection.set_option(ldap.OPT_REFERRALS, 0)
    connection.set_option(ldap.OPT_NETWORK_TIMEOUT, options.timeout)
    entries = pages = 0
    try:
        if options.starttls:
            connection.start_tls_s()
            print("STARTTLS ok", flush=True)
        connection.simple_bind_s(options.bind_dn, options.password)
        print("BIND ok", flush=True)
        cookie = b""
        attrs = [a for a in options.attrs.split(",") if a] or None
        while True:
            paging = SimplePagedResultsControl(True, size=options.page_size, cookie=cookie)
            message_id = connection.search_ext(options.base, ldap.SCOPE_SUBTREE, options.filter, attrs, serverctrls=[paging])
            in_page = 0
            while True:
                if options.entry_controls:
                    kind, data, _, controls, _, _ = connection.result4(message_id, all=0, timeout=options.timeout, add_ctrls=1)
                else:
                    kind, data, _, controls = connection.result3(message_id, all=0, timeout=options.timeout)
                if kind == ldap.RES_SEARCH_ENTRY:
                    for dn, attributes, *rest in data:
                        for item in (rest[0] if rest else []):
                            print(f"ENTRYCONTROL {dn} {item.controlType} {item.criticality}", flush=True)
                        entries += 1
                        in_page += 1
                        shown = " ".join(f"{name}={len(values)}" + (f":{show(values[0])}" if values else "") for name, values in attributes.items())
                        print(f"ENTRY {dn} {shown}", flush=True)
                    continue
                break
            pages += 1
            cookie = b""
            for item in controls:
                print(f"CONTROL {item.controlType} {item.criticality}", flush=True)
                if item.controlType == SimplePagedResultsControl.controlType:
                    cookie = item.cookie
            print(f"PAGE {pages} entries={in_page} cookie={cookie.decode('utf-8', 'backslashreplace')}", flush=True)
            if not cookie:
                break
        print(f"RESULT ok entries={entries} pages={pages}", flush=True)
    except ldap.LDAPError as error:
        details = error.args[0] if error.args else {}
        print(f"ERROR {type(error).__name__} {details!r} (after {entries} entries)", flush=True)
        sys.exit(1)


if __name__ == "__main__":
    main()
