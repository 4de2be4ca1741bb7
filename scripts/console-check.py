#!/usr/bin/python3
"""Drive the ldapsync web console in headless Chromium (Chrome DevTools Protocol), the way an
admin recovers from a rejected bind: sign in with the admin token, open Connectors, set the
connector's new password, read the page's answer. Screenshots of each step go to OUT_DIR.

Usage: console-check.py URL TOKEN_FILE CONNECTOR PASSWORD_FILE OUT_DIR
Secrets are read from the files (never argv). Prints one JSON line: {"status": ..., "ok": ...}.
Needs Debian's chromium and python3-websocket.
"""
import json, os, sys, time
from console_browser import browser_page, sign_in


def main():
    if len(sys.argv) != 6:
        sys.exit(__doc__)
    url, token_file, connector, password_file, out = sys.argv[1:]
    token = open(token_file).read().strip()
    password = open(password_file).read().rstrip("\n")
    os.makedirs(out, exist_ok=True)
    with browser_page(url) as page:
        page.screenshot(f"{out}/1-sign-in.png")
        sign_in(page, token)
        page.screenshot(f"{out}/2-operations.png")
        page.eval("document.querySelector('[data-tab=connectors]').click(); true")
        page.wait_for(f"!!document.getElementById({json.dumps('pw-' + connector)})")
        page.screenshot(f"{out}/3-connectors.png")
        page.eval(f"document.getElementById({json.dumps('pw-' + connector)}).value = {json.dumps(password)};"
                  f"document.querySelector('[data-set={json.dumps(connector)}]').click(); true")
        page.wait_for("document.getElementById('connectorStatus').textContent.length > 0")
        time.sleep(0.5)
        status = page.eval("document.getElementById('connectorStatus').textContent")
        ok = page.eval("document.getElementById('connectorStatus').className === 'good'")
        page.screenshot(f"{out}/4-password-set.png")
        page.eval("document.querySelector('[data-tab=events]').click(); document.getElementById('eventId').value = '6000';"
                  "document.getElementById('showEvents').click(); true")
        only_6000 = ("(() => { const rows = [...document.querySelectorAll('#eventList tr')].slice(1);"
                     " return rows.length > 0 && rows.every((r) => r.cells[1].textContent === '6000'); })()")
        page.wait_for(only_6000)
        events = page.eval("document.getElementById('eventList').textContent")
        page.screenshot(f"{out}/5-events-6000.png")
        print(json.dumps({"status": status, "ok": ok, "events6000": "failed to run because the credentials were invalid" in events}))


if __name__ == "__main__":
    main()
