#!/usr/bin/env python3
"""linear.py SMALL.json LARGE.json [FACTOR]: `make bench-large`'s verdict. For each timed case
of both runs (import, initial cycle, delta cycle, full syncs, the peers), LARGE / SMALL, which
must stay within 1.1 x FACTOR (10: 100k -> 1M) for ldapsync's own cases; peak RSS <= 300 MB and
the state's bytes per object at the large size. Prints a table; exit status 1 when a check fails."""
import json
import sys

CHECKED = ("full import", "initial cycle (import+sync+export)", "delta cycle, 1% changed")


def rows(path):
    with open(path) as f:
        return {r["case"]: r for r in json.load(f)["rows"]}


def main(argv):
    small, large = rows(argv[1]), rows(argv[2])
    factor = float(argv[3]) if len(argv) > 3 else 10.0
    failed = False
    print(f"| case | small | large | large/small | target |")
    print(f"|---|---|---|---|---|")
    for case, big in large.items():
        little = small.get(case)
        for label, key in (("ldapsync", "oursValue"), ("peer", "peerValue")):
            a, b = (little or {}).get(key), big.get(key)
            if a is None or b is None or not a or big.get("unit") != "s":
                continue
            ratio = b / a
            target = ""
            if label == "ldapsync" and case in CHECKED:
                ok = ratio <= 1.1 * factor
                failed |= not ok
                target = f"<= {1.1 * factor:.0f}x {'PASS' if ok else 'FAIL'}"
            name = case if label == "ldapsync" else f"{case} ({big.get('peer')})"
            print(f"| {name} | {a:.2f} s | {b:.2f} s | {ratio:.1f}x | {target} |")
        rss = big.get("peakRSSMB")
        if rss is not None:
            ok = rss <= 300
            failed |= not ok
            print(f"| {case}: peak RSS at the large size | | {rss:.1f} MB | | <= 300 MB {'PASS' if ok else 'FAIL'} |")
        if big.get("unit") == "B/object":
            print(f"| {case} | {(little or {}).get('oursValue')} B/object | {big.get('oursValue')} B/object | | {big.get('note')} |")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
