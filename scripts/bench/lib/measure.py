#!/usr/bin/env python3
"""Run a command and write its wall-clock seconds and peak RSS as JSON to the file given with
--out (the command's own stdout and stderr are left alone).

  measure.py --out RESULT.json -- CMD [ARG...]

RESULT.json: {"seconds": S, "maxRSSKB": K, "status": N}. maxRSSKB is the child's ru_maxrss,
the same figure as GNU `/usr/bin/time -f %M` (which is not on every machine). Exit status: the
command's.
"""

import json
import os
import resource
import subprocess
import sys
import time


def main(argv):
    if len(argv) < 4 or argv[0] != "--out" or argv[2] != "--":
        print(__doc__, file=sys.stderr)
        return 2
    out, cmd = argv[1], argv[3:]
    start = time.monotonic()
    status = subprocess.call(cmd)
    seconds = time.monotonic() - start
    rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    with open(out, "w", encoding="utf-8") as f:
        json.dump({"seconds": round(seconds, 3), "maxRSSKB": rss, "status": status}, f)
    return status if status >= 0 else 128 - status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
