/// The web console: the Synchronization Service Manager in a browser. One page, no build step,
/// no external asset: it asks for the admin token, keeps it in the tab's session storage only,
/// and drives the API. Everything it shows is read only except Set password, Test connection
/// and Run a cycle; simulate and undo are previews (applying stays `ldapsync undo ID --apply`).
enum ConsolePage {
    static let html = #"""
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>ldapsync — Synchronization Service</title>
        <style>
          body{font:14px system-ui,sans-serif;margin:0;color:#222} header{background:#1f3b5a;color:#fff;padding:10px 16px}
          nav button{margin-right:6px} main{padding:16px} table{border-collapse:collapse;width:100%} td,th{border:1px solid #ccc;padding:4px 6px;text-align:left}
          .bad{color:#a00} .good{color:#060} .warn{color:#a60} .hidden{display:none} input,select{margin:2px 6px 2px 0} pre{background:#f4f4f4;padding:6px;white-space:pre-wrap}
          tr[data-run]{cursor:pointer} tr[data-run]:hover{background:#eef} svg text{font:11px system-ui,sans-serif} .muted{color:#777}
        </style></head>
        <body>
        <header><b>ldapsync</b> — Synchronization Service Manager</header>
        <main>
        <section id="login"><h2>Sign in</h2><p>The admin token is in <code>state/admin.token</code> on the server.</p>
          <input id="token" type="password" size="70" placeholder="admin token"><button id="signin">Sign in</button><span id="loginStatus" class="bad"></span></section>
        <section id="app" class="hidden">
          <nav><button data-tab="operations">Operations</button><button data-tab="connectors">Connectors</button>
            <button data-tab="objects">Objects</button><button data-tab="simulate">Simulate</button>
            <button data-tab="events">Events</button><button id="cycle">Run a sync cycle now</button></nav>
          <div id="operations" class="tab"><h2>Health</h2><table id="health"></table>
            <h2>Runs</h2><svg id="chart" width="960" height="150" role="img" aria-label="run durations and objects changed"></svg>
            <table id="runs"></table><div id="runPage"></div></div>
          <div id="connectors" class="tab hidden"><h2>Connectors</h2><div id="connectorList"></div><p id="connectorStatus"></p></div>
          <div id="objects" class="tab hidden"><h2>Objects</h2>
            <p>Explain one object: its type, each rule's verdict, the join, every attribute's origin, each target and its history.</p>
            <select id="explainSpace"></select><input id="explainDN" size="60" placeholder="DN (uid=jdoe,ou=people,dc=contoso,dc=com)">
            <button id="explain">Explain</button><div id="explanation"></div>
            <h3>Search</h3><input id="attr" placeholder="attribute (uid)"><input id="value" placeholder="value"><select id="space"><option value="">metaverse</option></select>
            <button id="find">Search</button><pre id="found"></pre></div>
          <div id="simulate" class="tab hidden"><h2>Simulate</h2>
            <p>A full sync of a candidate configuration on a copy of the state: what each target's next export would write. Nothing is written.
              Leave the box empty to simulate the service's own configuration.</p>
            <textarea id="candidate" rows="12" cols="100" placeholder="candidate ldapsync.yaml"></textarea><br>
            <button id="simulateRun">Simulate</button><div id="simulation"></div></div>
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
        const good = (status) => status.startsWith("success") || status.startsWith("completed-no") || status === "completed-warnings";
        const seconds = (run) => run.endedAt ? (new Date(run.endedAt) - new Date(run.startedAt)) / 1000 : null;
        const changes = (c) => c.adds + c.updates + c.renames + c.deletes;
        const when = (t) => t ? new Date(t).toLocaleString() : "never";
        let loads = 0;
        async function load(name) {
          const mine = ++loads;  // an answer that arrives after a newer request is dropped
          if (name === "operations") {
            const [runs, connectors, guards, realtime] = [await api("/api/runs?last=60"), await api("/api/connectors"), await api("/api/guards"), await api("/api/realtime")];
            if (mine !== loads) return;
            health(runs, connectors, guards, realtime.ok === false ? null : realtime);
            chart(runs.slice().reverse());
            $("runs").innerHTML = "<tr><th>id</th><th>connector</th><th>profile</th><th>started</th><th>duration</th><th>status</th><th>adds</th><th>updates</th><th>renames</th><th>deletes</th><th>errors</th></tr>" +
              runs.map((r) => `<tr data-run="${r.id}"><td>${r.id}</td><td>${esc(r.connector)}</td><td>${esc(r.profile)}</td><td>${esc(when(r.startedAt))}</td>
                <td>${seconds(r) === null ? "running" : seconds(r).toFixed(1) + " s"}</td><td class="${good(r.status) ? "good" : "bad"}">${esc(r.status)}</td>
                <td>${r.counters.adds}</td><td>${r.counters.updates}</td><td>${r.counters.renames}</td><td>${r.counters.deletes}</td><td>${r.counters.errors}</td></tr>`).join("");
            document.querySelectorAll("[data-run]").forEach((row) => row.onclick = () => runPage(row.dataset.run));
          } else if (name === "connectors") {
            const connectors = await api("/api/connectors");
            const guards = await api("/api/guards");
            $("connectorList").innerHTML = connectors.map((c) => `<fieldset><legend><b>${esc(c.name)}</b> (${esc(c.role)}, ${esc(c.flavor)})</legend>
              ${esc(c.uri)} as ${esc(c.bindDN)}<br>password: ${c.passwordSet ? "set, generation " + c.passwordGeneration : "not set"};
              last accepted ${esc(c.lastAcceptedAt || "never")}; <span class="${c.rejected ? "bad" : "good"}">${c.rejected ? "REJECTED: " + esc(c.rejectionReason) : "not rejected"}</span><br>
              ${guardText(guards, c.name)}<br>
              <button data-test="${esc(c.name)}">Test connection</button>
              <input type="password" id="pw-${esc(c.name)}" placeholder="new password"><button data-set="${esc(c.name)}">Set password</button></fieldset>`).join("");
            document.querySelectorAll("[data-test]").forEach((b) => b.onclick = async () => status(await api(`/api/connectors/${b.dataset.test}/test`, {method: "POST"})));
            document.querySelectorAll("[data-set]").forEach((b) => b.onclick = async () => {
              const field = $("pw-" + b.dataset.set);
              const result = await api(`/api/connectors/${b.dataset.set}/password`, {method: "POST", body: JSON.stringify({password: field.value, actor: "admin console"})});
              field.value = ""; status(result); if (result.ok !== false) setTimeout(() => load("connectors").then(() => status(result)), 10);
            });
          } else if (name === "objects") {
            const connectors = await api("/api/connectors");
            const options = connectors.map((c) => `<option>${esc(c.name)}</option>`).join("");
            $("explainSpace").innerHTML = options;
            $("space").innerHTML = '<option value="">metaverse</option>' + options;
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
        function guardText(guards, name) {
          const out = guards.exports.find((g) => g.connector === name), imp = guards.imports.find((g) => g.connector === name);
          let text = out ? (out.exceeded ? `<span class="bad">deletion threshold: the next export would stop (${esc(out.exceeded)})</span>`
                                         : `deletion threshold: ${out.deletes} deletes pending of ${out.synced} in sync (limit ${out.count} or ${out.percent}%)`) : "";
          if (imp && imp.trippedAt) text += `${text ? "<br>" : ""}<span class="bad">shrink guard: ${esc(imp.message)}</span>`;
          return text || '<span class="good">no guard tripped</span>';
        }
        // Health at a glance: last success, credentials, pending exports, guards.
        function health(runs, connectors, guards, realtime) {
          const watch = (name) => {
            const source = realtime && realtime.sources.find((s) => s.connector === name);
            if (!source) return "";
            const lag = source.p50Seconds == null ? "no batch yet" : `lag p50 ${source.p50Seconds.toFixed(2)} s, p99 ${source.p99Seconds.toFixed(2)} s`;
            return `<br><span class="${source.watch === "persisting" || source.watch === "polling" ? "good" : "bad"}">real-time: ${esc(source.watch)}</span>, ${esc(lag)}`;
          };
          $("health").innerHTML = "<tr><th>connector</th><th>last success</th><th>last run</th><th>credentials</th><th>pending exports</th><th>guards</th></tr>" +
            connectors.map((c) => {
              const mine = runs.filter((r) => r.connector === c.name), last = mine[0], ok = mine.find((r) => good(r.status) && r.endedAt);
              const pending = Object.entries(c.pendingExports || {}).filter(([, n]) => n > 0).map(([k, n]) => `${n} ${k}`).join(", ") || "none";
              return `<tr data-health="${esc(c.name)}"><td>${esc(c.name)}</td><td>${esc(ok ? when(ok.endedAt) : "never")}</td>
                <td class="${!last || good(last.status) ? "good" : "bad"}">${last ? esc(last.profile + ": " + last.status) : "none"}${watch(c.name)}</td>
                <td class="${c.rejected ? "bad" : (c.passwordSet ? "good" : "warn")}">${c.rejected ? "REJECTED" : (c.passwordSet ? "accepted " + esc(when(c.lastAcceptedAt)) : "no password")}</td>
                <td>${esc(pending)}</td><td>${guardText(guards, c.name)}</td></tr>`;
            }).join("");
        }
        // Run durations (bars) and objects changed (line) over the history, drawn here.
        function chart(runs) {
          const svg = $("chart"), width = 960, height = 150, pad = 30, n = Math.max(runs.length, 1);
          const durations = runs.map((r) => seconds(r) || 0), changed = runs.map((r) => changes(r.counters));
          const maxD = Math.max(...durations, 0.001), maxC = Math.max(...changed, 1), step = (width - 2 * pad) / n;
          let parts = [`<line x1="${pad}" y1="${height - pad}" x2="${width - pad}" y2="${height - pad}" stroke="#999"/>`];
          runs.forEach((r, i) => {
            const h = (height - 2 * pad) * durations[i] / maxD, x = pad + i * step;
            parts.push(`<rect x="${x + 1}" y="${height - pad - h}" width="${Math.max(step - 2, 1)}" height="${h}" fill="${good(r.status) ? "#7aa6d6" : "#d67a7a"}"><title>run ${r.id} ${esc(r.connector)} ${esc(r.profile)}: ${durations[i].toFixed(1)} s, ${changed[i]} changed</title></rect>`);
          });
          const points = changed.map((c, i) => `${pad + i * step + step / 2},${height - pad - (height - 2 * pad) * c / maxC}`).join(" ");
          parts.push(`<polyline points="${points}" fill="none" stroke="#2a7" stroke-width="2"/>`);
          parts.push(`<text x="${pad}" y="14">bars: run duration (max ${maxD.toFixed(1)} s) · line: objects changed (max ${maxC}) · oldest left, ${runs.length} runs</text>`);
          svg.innerHTML = parts.join("");
        }
        // A run's page: its message, per-object errors and writes, and for an export its undo preview.
        async function runPage(id) {
          const run = await api("/api/runs/" + id);
          let html = `<h3>Run ${run.id}: ${esc(run.profile)} on ${esc(run.connector)}</h3><p class="${good(run.status) ? "good" : "bad"}">${esc(run.status)}</p>
            <p>${esc(run.message || "")}</p>`;
          if (run.errors.length) html += "<h4>Errors</h4><table>" + run.errors.map((e) => `<tr><td>${esc(e.operation)}</td><td>${esc(e.dn)}</td><td>${esc(e.message)}</td></tr>`).join("") + "</table>";
          if (run.results.length) html += "<h4>Results</h4><table>" + run.results.map((r) => `<tr><td>${esc(r.outcome)}</td><td>${esc(r.dn)}</td><td>${esc(r.message || "")}</td></tr>`).join("") + "</table>";
          if (run.profile === "export") {
            const writes = await api(`/api/runs/${id}/writes`);
            if (Array.isArray(writes) && writes.length) {
              html += `<h4>Objects written (${writes.length})</h4><table id="runWrites">` + writes.slice(0, 500).map((w) =>
                `<tr><td>${esc(w.operation)}</td><td>${esc(w.dn)}${w.newDN ? " → " + esc(w.newDN) : ""}</td><td>${esc(w.changed.join(", "))}</td></tr>`).join("") + "</table>";
              html += `<button id="undoPreview">Undo preview</button><div id="undo"></div>`;
            }
          }
          $("runPage").innerHTML = html;
          if ($("undoPreview")) $("undoPreview").onclick = async () => {
            const undo = await api(`/api/runs/${id}/undo`);
            if (undo.ok === false) { $("undo").innerHTML = `<p class="bad">${esc(undo.message)}</p>`; return; }
            const c = undo.counts;
            $("undo").innerHTML = `<p>The undo of run ${id} would write: ${c.readds} entries added back, ${c.reverts} modifies reverted, ${c.renames} renames reverted,
              ${c.removals} added entries deleted. Nothing was written: apply it with <code>ldapsync undo ${id} --apply</code>.</p>` +
              undo.notes.map((n) => `<p class="warn">${esc(n)}</p>`).join("") + `<pre>${esc(undo.ldif)}</pre>`;
          };
          $("runPage").scrollIntoView();
        }
        function explanationHTML(x) {
          let html = `<h3>${esc(x.connector)}: ${esc(x.dn)}</h3><p class="${x.found ? "good" : "warn"}">${esc(x.verdict)}</p>`;
          if (x.types.length) html += "<h4>Object types</h4><ul>" + x.types.map((t) => `<li>${esc(t.type)}: ${esc(t.filter)} ${t.matches ? "matches" : "does not match"}</li>`).join("") + "</ul>";
          if (x.inbound.length) html += "<h4>Inbound rules</h4><ul>" + x.inbound.map((r) => `<li>"${esc(r.rule)}"${r.builtIn ? " (built-in)" : ""}:
            ${r.applies ? '<span class="good">applies</span>' : (r.inScope ? "in scope, not first" : '<span class="warn">not in scope</span>')}${r.join ? "; join " + esc(r.join) : ""}
            ${r.error ? `<span class="bad">${esc(r.error)}</span>` : ""}</li>`).join("") + "</ul>";
          if (x.origins.length) html += "<h4>Metaverse object " + esc(x.metaverseID ?? "") + "</h4><table><tr><th>attribute</th><th>values</th><th>from</th><th>lost on precedence</th></tr>" +
            x.origins.map((o) => `<tr><td>${esc(o.attribute)}</td><td>${esc(o.values.join("; "))}</td><td>${esc(o.connector)}, rule "${esc(o.rule)}" (${esc(o.expression)}, precedence ${o.precedence})</td>
              <td>${esc(o.lost.map((l) => `${l.connector} "${l.rule}": ${l.values.join("; ")}`).join(" · "))}</td></tr>`).join("") + "</table>";
          if (x.outbound.length) html += "<h4>Targets</h4>" + x.outbound.map((t) => `<p><b>${esc(t.target)}</b>: ${esc(t.rule || "no rule takes it in")} → ${esc(t.dn || "")}
            ${t.pendingExport ? " · pending " + esc(t.pendingExport) : ""}${t.guardStop ? ` · <span class="bad">would stop: ${esc(t.guardStop)}</span>` : ""}
            ${t.note ? ` · <span class="warn">${esc(t.note)}</span>` : ""}<br><span class="muted">${esc(t.scopes.join("; "))}</span></p>${t.ldif ? `<pre>${esc(t.ldif)}</pre>` : ""}`).join("");
          if (x.history.length) html += "<h4>History</h4><ul>" + x.history.map((h) => `<li>run ${h.runID} ${esc(h.connector)}: ${esc(h.what)} ${esc(h.dn)} ${esc(when(h.at))}</li>`).join("") + "</ul>";
          return html;
        }
        function simulationHTML(s) {
          if (s.ok === false) return `<p class="bad">${esc(s.message)}</p>`;
          const counts = (c) => `${c.adds} adds, ${c.updates} updates, ${c.renames} renames, ${c.deletes} deletes`;
          return s.targets.map((t) => `<h3>${esc(t.connector)}</h3><p>the next export would make <b>${counts(t.candidate)}</b> (current configuration: ${counts(t.current)})</p>` +
            (t.guardStop ? `<p class="bad">it would STOP: ${esc(t.guardStop)}</p>` : "") +
            `<table class="changes"><tr><th>DN</th><th>candidate</th><th>current</th></tr>` + t.changes.slice(0, 500).map((c) => `<tr><td>${esc(c.dn)}</td><td>${esc(c.candidate)}</td><td>${esc(c.current)}</td></tr>`).join("") + "</table>" +
            (t.ldif ? `<pre>${esc(t.ldif)}</pre>` : "")).join("") +
            s.errors.map((e) => `<p class="bad">sync error: ${esc(e.dn)}: ${esc(e.message)}</p>`).join("");
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
        $("explain").onclick = async () => {
          const x = await api("/api/explain?" + new URLSearchParams({connector: $("explainSpace").value, dn: $("explainDN").value}));
          $("explanation").innerHTML = x.ok === false ? `<p class="bad">${esc(x.message)}</p>` : explanationHTML(x);
        };
        $("simulateRun").onclick = async () => {
          $("simulation").innerHTML = "<p>simulating…</p>";
          const candidate = $("candidate").value.trim();
          const s = await api("/api/simulate", {method: "POST", body: JSON.stringify(candidate ? {candidate, ldif: true} : {ldif: true})});
          $("simulation").innerHTML = simulationHTML(s);
        };
        if (sessionStorage.getItem("token")) { show(true); tab("operations"); }
        </script>
        </body></html>
        """#
}
