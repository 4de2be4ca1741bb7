/// The web console: the Synchronization Service Manager in a browser. One page, no build step:
/// it asks for the admin token, keeps it in the tab's session storage only, and drives the API.
enum ConsolePage {
    static let html = #"""
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>ldapsync — Synchronization Service</title>
        <style>
          body{font:14px system-ui,sans-serif;margin:0;color:#222} header{background:#1f3b5a;color:#fff;padding:10px 16px}
          nav button{margin-right:6px} main{padding:16px} table{border-collapse:collapse;width:100%} td,th{border:1px solid #ccc;padding:4px 6px;text-align:left}
          .bad{color:#a00} .good{color:#060} .hidden{display:none} input{margin:2px 6px 2px 0} pre{background:#f4f4f4;padding:6px}
        </style></head>
        <body>
        <header><b>ldapsync</b> — Synchronization Service Manager</header>
        <main>
        <section id="login"><h2>Sign in</h2><p>The admin token is in <code>state/admin.token</code> on the server.</p>
          <input id="token" type="password" size="70" placeholder="admin token"><button id="signin">Sign in</button><span id="loginStatus" class="bad"></span></section>
        <section id="app" class="hidden">
          <nav><button data-tab="operations">Operations</button><button data-tab="connectors">Connectors</button>
            <button data-tab="search">Metaverse search</button><button data-tab="events">Events</button><button id="cycle">Run a sync cycle now</button></nav>
          <div id="operations" class="tab"><h2>Operations</h2><table id="runs"></table><pre id="runDetail"></pre></div>
          <div id="connectors" class="tab hidden"><h2>Connectors</h2><div id="connectorList"></div><p id="connectorStatus"></p></div>
          <div id="search" class="tab hidden"><h2>Metaverse search</h2>
            <input id="attr" placeholder="attribute (uid)"><input id="value" placeholder="value"><select id="space"><option value="">metaverse</option></select>
            <button id="find">Search</button><pre id="found"></pre></div>
          <div id="events" class="tab hidden"><h2>Events</h2><input id="eventId" placeholder="event id (6000)" size="12">
            <select id="eventLevel"><option value="">any level</option><option>warning</option><option>error</option></select>
            <button id="showEvents">Show</button><table id="eventList"></table></div>
        </section>
        </main>
        <script>
        const $ = (id) => document.getElementById(id);
        const esc = (t) => String(t ?? "").replace(/[&<>"]/g, (c) => ({"&":"&amp;","<":"&lt;",">":"&gt;",'"':"&quot;"}[c]));
        async function api(path, options = {}) {
          const response = await fetch(path, {...options, headers: {"Authorization": "Bearer " + sessionStorage.getItem("token"), "Content-Type": "application/json"}});
          if (response.status === 401) { sessionStorage.removeItem("token"); show(false); throw new Error("the token was refused"); }
          const body = await response.json();
          // A failed action answers {kind, message}: shown as a failure, with the service's words.
          return response.ok ? body : {ok: false, message: body.message || ("HTTP " + response.status)};
        }
        function show(signedIn) { $("login").classList.toggle("hidden", signedIn); $("app").classList.toggle("hidden", !signedIn); }
        function tab(name) { document.querySelectorAll(".tab").forEach((t) => t.classList.toggle("hidden", t.id !== name)); load(name); }
        let loads = 0;
        async function load(name) {
          const mine = ++loads;  // an answer that arrives after a newer request is dropped
          if (name === "operations") {
            const runs = await api("/api/runs?last=30");
            if (mine !== loads) return;
            $("runs").innerHTML = "<tr><th>id</th><th>connector</th><th>profile</th><th>status</th><th>adds</th><th>updates</th><th>deletes</th><th>errors</th></tr>" +
              runs.map((r) => `<tr data-run="${r.id}"><td>${r.id}</td><td>${esc(r.connector)}</td><td>${esc(r.profile)}</td><td class="${r.status.startsWith("success") || r.status.startsWith("completed-no") ? "good" : "bad"}">${esc(r.status)}</td><td>${r.counters.adds}</td><td>${r.counters.updates}</td><td>${r.counters.deletes}</td><td>${r.counters.errors}</td></tr>`).join("");
            document.querySelectorAll("[data-run]").forEach((row) => row.onclick = async () => {
              const run = await api("/api/runs/" + row.dataset.run);
              $("runDetail").textContent = (run.message || "") + "\n" + run.errors.map((e) => `${e.operation} ${e.dn}: ${e.message}`).join("\n");
            });
          } else if (name === "connectors") {
            const connectors = await api("/api/connectors");
            const guards = await api("/api/guards");
            const guardText = (name) => {
              const out = guards.exports.find((g) => g.connector === name), imp = guards.imports.find((g) => g.connector === name);
              let text = out ? (out.exceeded ? `<span class="bad">deletion threshold: the next export would stop (${esc(out.exceeded)})</span>`
                                             : `deletion threshold: ${out.deletes} deletes pending of ${out.synced} in sync (limit ${out.count} or ${out.percent}%)`) : "";
              if (imp && imp.trippedAt) text += `${text ? "<br>" : ""}<span class="bad">shrink guard: ${esc(imp.message)}</span>`;
              return text;
            };
            $("space").innerHTML = '<option value="">metaverse</option>' + connectors.map((c) => `<option>${esc(c.name)}</option>`).join("");
            $("connectorList").innerHTML = connectors.map((c) => `<fieldset><legend><b>${esc(c.name)}</b> (${esc(c.role)}, ${esc(c.flavor)})</legend>
              ${esc(c.uri)} as ${esc(c.bindDN)}<br>password: ${c.passwordSet ? "set, generation " + c.passwordGeneration : "not set"};
              last accepted ${esc(c.lastAcceptedAt || "never")}; <span class="${c.rejected ? "bad" : "good"}">${c.rejected ? "REJECTED: " + esc(c.rejectionReason) : "not rejected"}</span><br>
              ${guardText(c.name)}<br>
              <button data-test="${esc(c.name)}">Test connection</button>
              <input type="password" id="pw-${esc(c.name)}" placeholder="new password"><button data-set="${esc(c.name)}">Set password</button></fieldset>`).join("");
            document.querySelectorAll("[data-test]").forEach((b) => b.onclick = async () => status(await api(`/api/connectors/${b.dataset.test}/test`, {method: "POST"})));
            document.querySelectorAll("[data-set]").forEach((b) => b.onclick = async () => {
              const field = $("pw-" + b.dataset.set);
              const result = await api(`/api/connectors/${b.dataset.set}/password`, {method: "POST", body: JSON.stringify({password: field.value, actor: "admin console"})});
              field.value = ""; status(result); if (result.ok !== false) setTimeout(() => load("connectors").then(() => status(result)), 10);
            });
          } else if (name === "events") {
            const query = new URLSearchParams({last: "100"});
            if ($("eventId").value) query.set("id", $("eventId").value);
            if ($("eventLevel").value) query.set("level", $("eventLevel").value);
            const events = await api("/api/events?" + query);
            if (mine !== loads) return;
            $("eventList").innerHTML = "<tr><th>time</th><th>id</th><th>level</th><th>connector</th><th>message</th></tr>" +
              events.map((e) => `<tr><td>${esc(e.time)}</td><td>${e.id}</td><td>${esc(e.level)}</td><td>${esc(e.connector)}</td><td>${esc(e.message)}</td></tr>`).join("");
          }
        }
        function status(result) { $("connectorStatus").className = result.ok === false ? "bad" : "good"; $("connectorStatus").textContent = result.message; }
        $("signin").onclick = async () => {
          sessionStorage.setItem("token", $("token").value); $("token").value = "";
          try { await api("/api/connectors"); show(true); tab("operations"); } catch (e) { $("loginStatus").textContent = e.message; }
        };
        document.querySelectorAll("nav [data-tab]").forEach((b) => b.onclick = () => tab(b.dataset.tab));
        $("cycle").onclick = async () => { await api("/api/cycle", {method: "POST"}); setTimeout(() => tab("operations"), 1500); };
        $("showEvents").onclick = () => load("events");
        $("find").onclick = async () => {
          const query = new URLSearchParams({attribute: $("attr").value, value: $("value").value});
          const found = await api(($("space").value ? "/api/cs/" + encodeURIComponent($("space").value) : "/api/mv") + "?" + query);
          $("found").textContent = JSON.stringify(found, null, 2);
        };
        if (sessionStorage.getItem("token")) { show(true); tab("operations"); }
        </script>
        </body></html>
        """#
}
