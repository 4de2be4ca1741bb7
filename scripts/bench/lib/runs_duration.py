#!/usr/bin/env python3
"""Seconds spent in runs of one connector, from `ldapsync --config F runs --json` on stdin
(an array of runs with connector, profile, startedAt, endedAt, status, counters).

  ldapsync --config F runs --json | runs_duration.py CONNECTOR [PROFILE-SUBSTRING]
"""

import json
import sys
from datetime import datetime


def when(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def main(argv) -> int:
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    connector, profile = argv[0], argv[1] if len(argv) > 1 else ""
    runs = [r for r in json.load(sys.stdin)
            if r.get("connector") == connector and profile in str(r.get("profile", ""))]
    if not runs or any(not r.get("endedAt") for r in runs):
        print(f"runs_duration.py: no finished runs of {connector} {profile}".rstrip(), file=sys.stderr)
        return 1
    print(f"{sum((when(r['endedAt']) - when(r['startedAt'])).total_seconds() for r in runs):.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
