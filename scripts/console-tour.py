#!/usr/bin/python3
"""Tour the ldapsync web console's admin tools in headless Chromium: health and the run chart,
an export run's page with its writes and undo preview, an object's explanation, and a
simulation of a candidate configuration. Screenshots of each step go to OUT_DIR.

Usage: console-tour.py URL TOKEN_FILE CONNECTOR DN CANDIDATE_FILE OUT_DIR
Prints one JSON line with what each page showed. Needs Debian's chromium and python3-websocket.
"""
import json, os, sys
from console_browser import browser_page, sign_in


def text(page, element_id):
    return page.eval(f"document.getElementById({json.dumps(element_id)}).innerText")


def main():
    if len(sys.argv) != 7:
        sys.exit(__doc__)
    url, token_file, connector, dn, candidate_file, out = sys.argv[1:]
    token = open(token_file).read().strip()
    candidate = open(candidate_file).read()
    os.makedirs(out, exist_ok=True)
    seen = {}
    with browser_page(url) as page:
        sign_in(page, token)
        page.wait_for("document.querySelectorAll('#health tr[data-health]').length > 0 && document.querySelectorAll('#chart rect').length > 0")
        seen["health"] = text(page, "health")
        seen["bars"] = page.eval("document.querySelectorAll('#chart rect').length")
        seen["runRows"] = page.eval("document.querySelectorAll('#runs tr[data-run]').length")
        seen["runsTable"] = text(page, "runs")
        page.screenshot(f"{out}/1-health-and-runs.png")

        # The newest export run that wrote something: its page, then its undo preview.
        page.eval("[...document.querySelectorAll('#runs tr[data-run]')].find((r) => r.cells[2].textContent === 'export'"
                  " && (+r.cells[6].textContent + +r.cells[7].textContent + +r.cells[9].textContent) > 0).click(); true")
        page.wait_for("!!document.getElementById('runWrites')")
        seen["runPage"] = text(page, "runPage")
        page.screenshot(f"{out}/2-run-page.png")
        page.eval("document.getElementById('undoPreview').click(); true")
        page.wait_for("!!document.querySelector('#undo pre')")
        seen["undo"] = text(page, "undo")
        page.screenshot(f"{out}/3-undo-preview.png")

        page.eval("document.querySelector('[data-tab=objects]').click(); true")
        page.wait_for(f"[...document.getElementById('explainSpace').options].some((o) => o.value === {json.dumps(connector)})")
        page.eval(f"document.getElementById('explainSpace').value = {json.dumps(connector)};"
                  f"document.getElementById('explainDN').value = {json.dumps(dn)}; document.getElementById('explain').click(); true")
        page.wait_for("!!document.querySelector('#explanation h3, #explanation p.bad')")
        seen["explanation"] = text(page, "explanation")
        page.screenshot(f"{out}/4-explain.png")

        page.eval("document.querySelector('[data-tab=simulate]').click(); true")
        page.eval(f"document.getElementById('candidate').value = {json.dumps(candidate)}; document.getElementById('simulateRun').click(); true")
        page.wait_for("!!document.querySelector('#simulation h3, #simulation p.bad')", timeout=120)
        seen["simulation"] = text(page, "simulation")
        page.screenshot(f"{out}/5-simulate.png")
    print(json.dumps(seen))


if __name__ == "__main__":
    main()
