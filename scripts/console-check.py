#!/usr/bin/python3
"""Drive the ldapsync web console in headless Chromium (Chrome DevTools Protocol), the way an
admin recovers from a rejected bind: sign in with the admin token, open Connectors, set the
connector's new password, read the page's answer. Screenshots of each step go to OUT_DIR.

Usage: console-check.py URL TOKEN_FILE CONNECTOR PASSWORD_FILE OUT_DIR
Secrets are read from the files (never argv). Prints one JSON line: {"status": ..., "ok": ...}.
Needs Debian's chromium and python3-websocket.
"""
import base64, json, os, shutil, socket, subprocess, sys, tempfile, time, urllib.request
import websocket


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Page:
    def __init__(self, ws):
        self.ws, self.next_id = ws, 0

    def call(self, method, **params):
        self.next_id += 1
        self.ws.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == self.next_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})

    def eval(self, expression):
        result = self.call("Runtime.evaluate", expression=expression, awaitPromise=True, returnByValue=True)
        if "exceptionDetails" in result:
            raise RuntimeError(f"page error in {expression!r}: {result['exceptionDetails']}")
        return result.get("result", {}).get("value")

    def wait_for(self, expression, timeout=30):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.eval(expression):
                return
            time.sleep(0.1)
        raise RuntimeError(f"timed out waiting for {expression}")

    def screenshot(self, path):
        data = self.call("Page.captureScreenshot", format="png")["data"]
        with open(path, "wb") as f:
            f.write(base64.b64decode(data))


def main():
    if len(sys.argv) != 6:
        sys.exit(__doc__)
    url, token_file, connector, password_file, out = sys.argv[1:]
    token = open(token_file).read().strip()
    password = open(password_file).read().rstrip("\n")
    os.makedirs(out, exist_ok=True)
    port = free_port()
    profile = tempfile.mkdtemp(prefix="ldapsync-chromium-")
    browser = subprocess.Popen(
        ["chromium", "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
         f"--remote-debugging-port={port}", f"--user-data-dir={profile}", "--window-size=1280,900", "about:blank"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.time() + 30
        while True:
            try:
                targets = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=2))
                page_target = next(t for t in targets if t.get("type") == "page")
                break
            except Exception:
                if time.time() > deadline:
                    raise RuntimeError("chromium did not open its debugging port")
                time.sleep(0.2)
        page = Page(websocket.create_connection(page_target["webSocketDebuggerUrl"], timeout=30))
        page.call("Page.enable")
        page.call("Page.navigate", url=url)
        page.wait_for("document.readyState === 'complete' && !!document.getElementById('signin')")
        page.screenshot(f"{out}/1-sign-in.png")
        page.eval(f"document.getElementById('token').value = {json.dumps(token)}; document.getElementById('signin').click(); true")
        page.wait_for("!document.getElementById('app').classList.contains('hidden') && document.querySelectorAll('#runs tr').length > 1")
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
    finally:
        browser.terminate()
        try:
            browser.wait(10)
        except subprocess.TimeoutExpired:
            browser.kill()
        shutil.rmtree(profile, ignore_errors=True)


if __name__ == "__main__":
    main()
