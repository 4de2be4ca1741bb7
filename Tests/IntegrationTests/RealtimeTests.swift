import Foundation
import LDAPClient
import Operations
import SyncEngine
import TestSupport
import Testing

/// Real-time mode (`schedule.mode: realtime`) between real slapds: changes arrive in seconds,
/// through the same runs as a cycle, batched, and the watch survives what a directory does.
@Suite struct RealtimeTests {
    static let schedule = ["schedule": "{ mode: realtime, interval: 1h, passwordSync: off, batchWindow: 100ms, pollInterval: 500ms }"]
    static let people = "ou=people,dc=contoso,dc=com"
    static let cloudPeople = "ou=people,dc=cloud,dc=example"

    /// Waits up to `seconds` for `condition`; how long it took.
    @discardableResult
    static func within(_ seconds: Int, _ what: String, _ condition: () async throws -> Bool) async throws -> Duration {
        let clock = ContinuousClock()
        let start = clock.now
        while clock.now - start < .seconds(seconds) {
            if try await condition() { return clock.now - start }
            try await Task.sleep(for: .milliseconds(50))
        }
        Issue.record("\(what) did not happen within \(seconds) s")
        return clock.now - start
    }

    static func title(_ fixture: SyncFixture, _ uid: String) async throws -> String? {
        try await fixture.targetEntry("uid=\(uid),\(cloudPeople)")?.string("title")
    }

    /// A modify, an add, a rename, a membership change and a delete each reach the target (how
    /// fast is the benchmark's to say: a loaded CI machine takes seconds to tens of seconds); a
    /// burst of 300 changes arrives in a few batches, not one run per change.
    @Test func everyKindOfChangeArrivesInSecondsAndABurstInBatches() async throws {
        let fixture = try await SyncFixture(name: "realtime", settings: Self.schedule)
        defer { fixture.remove() }
        let port = freePortPair()
        let service = try await RunningService(
            fixture: fixture, arguments: ["--listen", "127.0.0.1:\(port)"], ready: "http://127.0.0.1:\(port)/metrics")
        try await service.waitFor("the initial cycle") {
            try await fixture.store.read { try $0.runs(connector: "cloud", limit: 20) }.contains {
                $0.profile == .deltaImport && $0.status != .inProgress
            }
        }
        let source = try await fixture.sourceAdmin()
        var lags: [Duration] = []
        try await source.modify("uid=user0007,\(Self.people)", [Modification(.replace, "title", ["Real Time"])])
        lags.append(try await Self.within(120, "a modify") { try await Self.title(fixture, "user0007") == "Real Time" })
        try await source.add(
            "uid=rt.new,\(Self.people)",
            attributes: [
                LDAPAttribute("objectClass", ["inetOrgPerson"]), LDAPAttribute("uid", ["rt.new"]), LDAPAttribute("cn", ["RT New"]),
                LDAPAttribute("sn", ["New"]),
            ])
        lags.append(try await Self.within(120, "an add") { try await fixture.targetEntry("uid=rt.new,\(Self.cloudPeople)") != nil })
        try await source.rename("uid=user0008,\(Self.people)", newRDN: "uid=user0008-moved", newSuperior: nil, deleteOldRDN: true)
        lags.append(try await Self.within(120, "a rename") { try await fixture.targetEntry("uid=user0008-moved,\(Self.cloudPeople)") != nil })
        try await source.modify("cn=admins,ou=groups,dc=contoso,dc=com", [Modification(.add, "member", ["uid=rt.new,\(Self.people)"])])
        lags.append(
            try await Self.within(120, "a membership change") {
                try await fixture.targetEntry("cn=admins,ou=groups,dc=cloud,dc=example")?.strings("member")
                    .contains { normalizedDN($0) == normalizedDN("uid=rt.new,\(Self.cloudPeople)") } == true
            })
        try await source.delete("uid=user0009,\(Self.people)")
        lags.append(try await Self.within(120, "a delete") { try await fixture.targetEntry("uid=user0009,\(Self.cloudPeople)") == nil })
        Attachment.record(lags.map { "\($0)" }.joined(separator: "\n"), named: "lags.txt")
        let token = try String(contentsOfFile: fixture.configuration.statePath + "/admin.token", encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        if lags.contains(where: { $0 >= .seconds(119) }) {
            let realtime = try? await HTTP.request(port: port, path: "/api/realtime", headers: ["Authorization": "Bearer \(token)"])
            let runs = try await fixture.store.read { try $0.runs(connector: nil, limit: 12) }.map {
                "\($0.id) \($0.connector) \($0.profile) \($0.status)"
            }
            Issue.record("realtime: \(realtime?.body ?? "-")\nruns:\n\(runs.joined(separator: "\n"))\nservice log:\n\(service.output.suffix(12000))")
        }

        // A burst: 300 modifies at once arrive, in a handful of batches.
        let imports = {
            try await fixture.store.read { try $0.runs(connector: "contoso.com", limit: 10_000) }.filter { $0.profile == .deltaImport }.count
        }
        let before = try await imports()
        let burst: [WriteRequest] = (100..<400).map {
            .modify(dn: "uid=user0\($0),\(Self.people)", changes: [Modification(.replace, "title", ["Burst"])])
        }
        // Written one after the other: with many writes in flight at once, slapd's syncprov can
        // hand a refresh a cookie past a change it did not send (README: known behaviour).
        _ = try await source.writeAll(burst, window: 1)
        var arrived = 0
        try await Self.within(180, "the burst") {
            arrived = try await fixture.targetEntries(Self.cloudPeople, filter: "(title=Burst)", attributes: ["1.1"]).count
            return arrived == 300
        }
        if arrived != 300 {
            let runs = try await fixture.store.read { try $0.runs(connector: nil, limit: 12) }.map {
                "\($0.id) \($0.connector) \($0.profile) \($0.status) \($0.message ?? "")"
            }
            Issue.record("\(arrived) of 300 arrived; last runs:\n\(runs.joined(separator: "\n"))\nservice log:\n\(service.output.suffix(3000))")
        }
        let batches = try await imports() - before
        #expect(batches >= 1 && batches <= 30, "300 changes took \(batches) delta imports")

        // What the service says of it: the watch, the lags, the histogram.
        let answer = try await HTTP.request(port: port, path: "/api/realtime", headers: ["Authorization": "Bearer \(token)"])
        let view = try JSONDecoder().decode(RealtimeView.self, from: Data(answer.body.utf8))
        #expect(view.sources.map(\.watch) == ["persisting"], "\(answer.body)")
        #expect((view.sources.first?.batches ?? 0) >= 5 && view.sources.first?.p50Seconds != nil, "\(answer.body)")
        let metrics = try await HTTP.request(port: port, path: "/metrics")
        #expect(metrics.body.contains(#"ldapsync_realtime_lag_seconds_count{connector="contoso.com"}"#), "\(metrics.body.suffix(800))")
        #expect(metrics.body.contains(#"ldapsync_realtime_watch_up{connector="contoso.com"} 1"#))
        #expect(await service.stop() == 0, "\(service.output)")
    }

    /// slapd's refresh stops at its contextCSN, which can stay behind changes written many at a
    /// time until the next write: a cookie past changes the connector space has not seen (the
    /// source's current one, stored as the watermark) is that lag, made on purpose. The delta
    /// import alone misses them; with the changes a watch announced, it reads them by entryUUID.
    @Test func aDeltaImportReadsTheAnnouncedChangesItsRefreshLeftOut() async throws {
        let fixture = try await SyncFixture(name: "rt-announced")
        defer { fixture.remove() }
        _ = try await fixture.cycle(initial: true)
        let source = try await fixture.sourceAdmin()
        let modified = "uid=user0021,\(Self.people)"
        let deleted = "uid=user0022,\(Self.people)"
        var anchors: [String: String] = [:]
        for dn in [modified, deleted] {
            let entry = try #require(try await source.searchAll(SearchRequest(base: dn, scope: .base, attributes: ["entryUUID"])).first)
            anchors[dn] = try #require(entry.string("entryUUID")).lowercased()
        }
        try await source.modify(modified, [Modification(.replace, "title", ["Announced"])])
        try await source.delete(deleted)
        var cookie: [UInt8]?
        for try await message in source.search(
            SearchRequest(
                base: "dc=contoso,dc=com", scope: .subtree, filter: "(!(objectClass=*))", attributes: ["1.1"],
                controls: [.syncRequest(mode: .refreshOnly, cookie: nil)]))
        {
            if case .done(let controls) = message, let done = controls.first(where: { $0.oid == LDAPControl.OID.syncDone }) {
                cookie = try SyncDoneControl(done).cookie
            }
        }
        let now = try #require(cookie)
        try await fixture.store.write { try $0.setWatermark(now, connector: "contoso.com") }
        let title = { try await fixture.store.read { try $0.csObject(connector: "contoso.com", dn: modified) }?.attributes.string("title") }
        let gone = { try await fixture.store.read { try $0.csObject(connector: "contoso.com", dn: deleted) }?.pendingImport == .delete }

        let alone = try await fixture.coordinator().run("contoso.com", .deltaImport)
        #expect(alone.status == .completedNoObjects, "\(alone.status) \(alone.message ?? "")")
        let (lagTitle, lagGone) = (try await title(), try await gone())
        #expect(lagTitle != "Announced" && !lagGone, "the lag was not made: the refresh sent the changes")

        let announced = [try #require(anchors[modified]): false, try #require(anchors[deleted]): true]
        let told = try await fixture.coordinator().run("contoso.com", .deltaImport, options: RunOptions(announced: announced))
        #expect(told.status == .success, "\(told.status) \(told.message ?? "")")
        #expect(told.counters.updates == 1 && told.counters.deletes == 1, "\(told.counters)")
        #expect(try await title() == "Announced")
        #expect(try await gone())
        // And through to the target, as any delta import's changes.
        _ = try await fixture.coordinator().run("contoso.com", .deltaSync)
        _ = try await fixture.coordinator().run("cloud", .export)
        #expect(try await Self.title(fixture, "user0021") == "Announced")
        #expect(try await fixture.targetEntry("uid=user0022,\(Self.cloudPeople)") == nil)
    }

    /// The source restarted mid-stream: changes before, during (queued by the test until it is
    /// back) and after all arrive, with 6207/6208. A rotated password gives one 6000 and no
    /// lockout; a new password set through the service resumes the watch.
    @Test func aRestartAndAPasswordRotationAreSurvived() async throws {
        let fixture = try await SyncFixture(name: "rt-resilience", settings: Self.schedule)
        defer { fixture.remove() }
        let service = try await RunningService(fixture: fixture, arguments: [])
        try await service.waitFor("the initial cycle") {
            try await fixture.store.read { try $0.runs(connector: "cloud", limit: 20) }.contains {
                $0.profile == .deltaImport && $0.status != .inProgress
            }
        }
        var source = try await fixture.sourceAdmin()
        try await source.modify("uid=user0011,\(Self.people)", [Modification(.replace, "title", ["Before"])])
        try await Self.within(120, "the change before the restart") { try await Self.title(fixture, "user0011") == "Before" }
        try fixture.source.crash()
        try await Task.sleep(for: .seconds(2))
        try await fixture.source.start()
        source = try await fixture.sourceAdmin()
        try await source.modify("uid=user0012,\(Self.people)", [Modification(.replace, "title", ["During"])])
        try await source.modify("uid=user0013,\(Self.people)", [Modification(.replace, "title", ["After"])])
        try await Self.within(120, "the changes after the restart") {
            let during = try await Self.title(fixture, "user0012")
            let after = try await Self.title(fixture, "user0013")
            return during == "During" && after == "After"
        }
        try await Self.within(120, "event 6208") { try await fixture.events(6208).count >= 1 }
        #expect(try await fixture.events(6207).count >= 1)

        // The service account's password changes in the source.
        let rotated = "Rotated-Realtime-9"
        _ = try await source.modifyPassword(userIdentity: fixture.source.directory.serviceDN, oldPassword: nil, newPassword: Password(rotated))
        for number in 14...18 {
            try await source.modify("uid=user00\(number),\(Self.people)", [Modification(.replace, "title", ["Rotated"])])
            try await Task.sleep(for: .milliseconds(300))
        }
        try await Self.within(120, "event 6000") { try await fixture.events(6000).count >= 1 }
        try await Task.sleep(for: .seconds(3))
        let rejections = try await fixture.events(6000)
        // One event: the batches after the rejection start no run for the source (they could
        // only repeat 6000 once per batch; the scheduled cycle reports it at its interval).
        #expect(rejections.count == 1, "one rejection, not one per batch: \(rejections.map(\.message))")
        let serviceEntry = try await source.searchAll(
            SearchRequest(base: fixture.source.directory.serviceDN, scope: .base, attributes: ["pwdAccountLockedTime", "pwdFailureTime"]))
        #expect(serviceEntry.first?.string("pwdAccountLockedTime") == nil, "the service account is not locked")
        #expect((serviceEntry.first?.strings("pwdFailureTime").count ?? 0) <= 1, "one failed bind at most")

        let set = try await CommandLine.run(
            ["connector", "set-password", "contoso.com", "--password-stdin"], config: fixture.configPath, input: rotated)
        #expect(set.code == 0, "\(set.stdout)\(set.stderr)")
        try await source.modify("uid=user0019,\(Self.people)", [Modification(.replace, "title", ["Resumed"])])
        try await Self.within(120, "a change after the new password") {
            let resumed = try await Self.title(fixture, "user0019")
            let rotated = try await Self.title(fixture, "user0014")
            return resumed == "Resumed" && rotated == "Rotated"
        }
        #expect(await service.stop() == 0, "\(service.output)")
    }

    /// The deletion threshold stops a mass delete in real-time mode although it reaches the
    /// target in small batches: the batches' deletes add up over the threshold's window (an
    /// hour by default). 40 deletes with a threshold of 20: the first 20 (in two rounds, each
    /// under the threshold alone) are exported, the next batch stops with event 116 and
    /// deletes nothing; `--accept-deletes` applies the rest once, and the count starts afresh.
    @Test func theDeletionThresholdStopsAMassDeleteSpreadOverBatches() async throws {
        var settings = Self.schedule
        settings["deletionThreshold"] = "{ count: 20, percent: 100 }"
        let fixture = try await SyncFixture(name: "rt-threshold", settings: settings)
        defer { fixture.remove() }
        let service = try await RunningService(fixture: fixture, arguments: [])
        try await service.waitFor("the initial cycle") {
            try await fixture.store.read { try $0.runs(connector: "cloud", limit: 20) }.contains {
                $0.profile == .deltaImport && $0.status != .inProgress
            }
        }
        let source = try await fixture.sourceAdmin()
        func present(_ numbers: Range<Int>) async throws -> Int {
            var count = 0
            for number in numbers where try await fixture.targetEntry("uid=user0\(number),\(Self.cloudPeople)") != nil { count += 1 }
            return count
        }
        func delete(_ numbers: Range<Int>) async throws {
            _ = try await source.writeAll(numbers.map { .delete(dn: "uid=user0\($0),\(Self.people)") }, window: 4)
        }
        for round in [500..<510, 510..<520] {
            try await delete(round)
            try await Self.within(120, "the deletes of \(round) in the target") { try await present(round) == 0 }
        }
        try await delete(520..<540)
        try await Self.within(120, "event 116") { try await fixture.events(116).count >= 1 }
        // The event is committed with the run's end: the run it names has stopped already.
        let event = try #require(try await fixture.events(116).first)
        let runID = try #require(event.runID)
        let stopped = try await fixture.store.read { try $0.runs(connector: "cloud", limit: 50) }.first { $0.id == runID }
        #expect(stopped?.profile == .export, "\(String(describing: stopped))")
        #expect(stopped?.status == .stoppedDeletionThresholdExceeded, "\(String(describing: stopped))")
        #expect(event.message.contains("were exported in the last 1h"), "\(event.message)")
        let exports = try await fixture.store.read { try $0.runs(connector: "cloud", limit: 100) }.filter { $0.profile == .export }
        #expect(exports.map(\.counters.deletes).reduce(0, +) == 20, "only the first 20 were deleted: \(exports)")
        #expect(try await present(520..<540) == 20, "nothing of the third round was deleted")

        let accepted = try await CommandLine.run(["run", "cloud", "export", "--accept-deletes"], config: fixture.configPath)
        #expect(accepted.code == 0, "\(accepted.stdout)\(accepted.stderr)")
        #expect(try await present(520..<540) == 0)
        // After the accepted export the count starts afresh: one more delete goes through.
        let tripped = try await fixture.events(116).count
        try await delete(540..<541)
        try await Self.within(120, "a delete after the accepted export") { try await present(540..<541) == 0 }
        #expect(try await fixture.events(116).count == tripped)
        #expect(await service.stop() == 0)
    }

    /// SIGTERM in the middle of a burst: the service stops cleanly, and once started again every
    /// change of the burst arrives.
    @Test func sigtermDuringABurstConvergesOnRestart() async throws {
        let fixture = try await SyncFixture(name: "rt-sigterm", settings: Self.schedule)
        defer { fixture.remove() }
        var service = try await RunningService(fixture: fixture, arguments: [])
        try await service.waitFor("the initial cycle") {
            try await fixture.store.read { try $0.runs(connector: "cloud", limit: 20) }.contains {
                $0.profile == .deltaImport && $0.status != .inProgress
            }
        }
        let source = try await fixture.sourceAdmin()
        // 1,200 modifies over about three seconds; the service is stopped after the first arrive.
        let burst: [WriteRequest] = (1...1200).map {
            .modify(dn: "uid=user\(String(format: "%04d", $0)),\(Self.people)", changes: [Modification(.replace, "title", ["Term"])])
        }
        let writing = Task {
            for chunk in stride(from: 0, to: burst.count, by: 40) {
                _ = try await source.writeAll(Array(burst[chunk..<min(chunk + 40, burst.count)]), window: 1)
                try await Task.sleep(for: .milliseconds(100))
            }
        }
        func arrived() async throws -> Int { try await fixture.targetEntries(Self.cloudPeople, filter: "(title=Term)", attributes: ["1.1"]).count }
        try await Self.within(120, "the first changes of the burst") { try await arrived() > 0 }
        #expect(await service.stop() == 0, "\(service.output)")
        try await writing.value
        #expect(try await arrived() < 1200, "the service was stopped before the burst was through")
        service = try await RunningService(fixture: fixture, arguments: [])
        try await Self.within(180, "the whole burst after the restart") { try await arrived() == 1200 }
        #expect(await service.stop() == 0)
    }

    /// An Active Directory source (Samba) in real-time mode: Samba's change notifications cost it
    /// a subtree search per change, so its USN is polled instead; a modify arrives, and a delete
    /// (the service account is not shown tombstones) with the next scan for deletions.
    @Test func aSambaChangeArrivesThroughUSNPolling() async throws {
        let fixture = try await SyncFixture(name: "rt-ad")
        defer { fixture.remove() }
        try await ADScratch.with("rt") { ad in
            let samba = TestDirectory.samba
            let target = fixture.target.directory
            try await ad.addUser("erin", [LDAPAttribute("department", ["Sales"])])
            // Two more, so one delete stays under the deletion threshold's 50%.
            for name in ["frank", "gina"] { try await ad.addUser(name) }
            var builder = ConfigurationBuilder(connectors: [
                .init(
                    name: "samba", flavor: "active-directory", role: "source", uri: samba.ldapsURI, bindDN: samba.serviceDN, baseDN: samba.base,
                    containers: ["OU=\(ad.tag)"], settings: ["caFile": TestDirectory.caFile]),
                .init(name: "cloud", role: "target", uri: target.uri, bindDN: target.serviceDN, baseDN: target.base),
            ])
            builder.settings = Self.schedule
            try fixture.writeConfiguration(builder.yaml)
            try fixture.credentials.setPassword(samba.servicePassword, for: "samba", by: "test")
            let service = try await RunningService(fixture: fixture, arguments: [])
            let uid = String("\(ad.tag)erin".prefix(20))
            func department() async throws -> String? {
                try await fixture.targetEntries(filter: "(uid=\(uid))", attributes: ["departmentNumber"]).first?.string("departmentNumber")
            }
            try await Self.within(120, "the initial cycle") { try await department() == "Sales" }
            let shown = try await CommandLine.run(["scheduler", "show"], config: fixture.configPath)
            #expect(shown.stdout.contains("samba: polling"), "\(shown.stdout)")
            try await ad.admin.modify("CN=erin,\(ad.ou)", [Modification(.replace, "department", ["Marketing"])])
            try await Self.within(120, "a modify in AD") { try await department() == "Marketing" }
            try await ad.admin.delete("CN=erin,\(ad.ou)")
            try await Self.within(120, "a delete in AD") { try await fixture.targetEntries(filter: "(uid=\(uid))", attributes: ["1.1"]).isEmpty }
            #expect(await service.stop() == 0, "\(service.output)")
        }
    }
}
