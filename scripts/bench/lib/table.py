#!/usr/bin/env python3
"""Print the benchmark results table and write it as JSON.

  table.py ROWS.tsv [--json OUT.json] [--meta KEY=VALUE ...] [--title TEXT] [--strict]

ROWS.tsv (from `row` in common.sh), tab-separated, empty = not measured / no target:
  case, ours, ours value, peer, peer value, unit, max ratio, peak RSS MB, max RSS MB, note
ratio = ours value / peer value. PASS when every given target holds, FAIL when one does not,
"n/a" when the ldapsync side was not measured. --strict: exit status 1 when a row FAILs.
"""

import json
import sys

FIELDS = ["case", "ours", "oursValue", "peer", "peerValue", "unit", "maxRatio",
          "peakRSSMB", "maxRSSMB", "note"]


def number(text):
    try:
        return float(text)
    except (TypeError, ValueError):
        return None


def load(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            parts += [""] * (len(FIELDS) - len(parts))
            r = dict(zip(FIELDS, parts))
            for k in ("oursValue", "peerValue", "maxRatio", "peakRSSMB", "maxRSSMB"):
                r[k] = number(r[k])
            ours, peer = r["oursValue"], r["peerValue"]
            r["ratio"] = round(ours / peer, 3) if ours is not None and peer else None
            checks = []
            if r["maxRatio"] is not None and r["ratio"] is not None:
                checks.append(r["ratio"] <= r["maxRatio"])
            if r["maxRSSMB"] is not None and r["peakRSSMB"] is not None:
                checks.append(r["peakRSSMB"] <= r["maxRSSMB"])
            wanted = r["maxRatio"] is not None or r["maxRSSMB"] is not None
            if not wanted:
                r["result"] = ""
            elif not checks or (r["maxRatio"] is not None and r["ratio"] is None):
                r["result"] = "n/a"
            else:
                r["result"] = "PASS" if all(checks) else "FAIL"
            rows.append(r)
    return rows


def fmt(value, unit=""):
    if value is None:
        return "-"
    return f"{value:.3f}{unit}" if unit == " s" else f"{value:.2f}{unit}" if unit else f"{value:.2f}"


def render(rows):
    head = ["case", "ldapsync/ours", "value", "peer", "peer value", "ratio", "target", "result",
            "peak RSS"]
    lines = []
    for r in rows:
        unit = f" {r['unit']}" if r["unit"] else ""
        target = []
        if r["maxRatio"] is not None:
            target.append(f"<= {r['maxRatio']:g}x")
        if r["maxRSSMB"] is not None:
            target.append(f"RSS <= {r['maxRSSMB']:g} MB")
        lines.append([
            r["case"], r["ours"] or "-", fmt(r["oursValue"], unit) if r["oursValue"] is not None
            else (r["note"] or "-"),
            r["peer"] or "-", fmt(r["peerValue"], unit),
            f"{r['ratio']:.2f}x" if r["ratio"] is not None else "-",
            ", ".join(target) or "-", r["result"] or "-",
            f"{r['peakRSSMB']:.1f} MB" if r["peakRSSMB"] is not None else "-",
        ])
    widths = [max(len(str(x)) for x in col) for col in zip(head, *lines)]
    out = [" | ".join(h.ljust(w) for h, w in zip(head, widths)),
           "-+-".join("-" * w for w in widths)]
    out += [" | ".join(str(c).ljust(w) for c, w in zip(line, widths)) for line in lines]
    return "\n".join(out)


def main(argv):
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    rows = load(argv[0])
    json_out, title, meta, strict = None, None, {}, False
    args = argv[1:]
    while args:
        flag = args.pop(0)
        if flag == "--json":
            json_out = args.pop(0)
        elif flag == "--strict":
            strict = True
        elif flag == "--title":
            title = args.pop(0)
        elif flag == "--meta":
            k, _, v = args.pop(0).partition("=")
            meta[k] = v
        else:
            print(f"table.py: unknown option {flag}", file=sys.stderr)
            return 2
    if title:
        print(f"\n{title}")
    print(render(rows))
    if json_out:
        with open(json_out, "w", encoding="utf-8") as f:
            json.dump({"meta": meta, "rows": rows}, f, indent=2)
            f.write("\n")
    return 1 if strict and any(r["result"] == "FAIL" for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
