import Foundation
import LDAPClient
import SyncEngine
import TestSupport
import Testing

/// The `ldapsync` command line against real directories: what it prints and returns.
@Suite struct CommandLineTests {
    @Test func malformedConfigurationNamesFileLineAndKeyAndExits2() async throws {
        let folder = NSTemporaryDirectory() + "ldapsync-badconfig-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/ldapsync.yaml"
        try """
        state: ./state
        connectors:
          - name: contoso.com
            flavor: openldap
            role: source
            uri: ldap://127.0.0.1:3389
            tls: startls
            bindDN: cn=svc-sync,ou=service,dc=contoso,dc=com
            baseDN: dc=contoso,dc=com
        """.write(toFile: path, atomically: true, encoding: .utf8)
        let result = try await CommandLine.run(["connector", "list"], config: path)
        #expect(result.code == 2)
        #expect(result.stderr.contains("ldapsync.yaml:7"))
        #expect(result.stderr.contains("connectors[0].tls"))
        #expect(result.stderr.contains("starttls"))
        let missing = try await CommandLine.run(["runs"], config: folder + "/nope.yaml")
        #expect(missing.code == 2)
        #expect(missing.stderr.contains("nope.yaml"))
    }

    @Test func usageErrorsExitTwoAndSayWhatIsWrong() async throws {
        let config = try ScratchConfig("usage", yaml: SyncFixture.yaml(source: .source, target: .target))
        defer { config.remove() }
        #expect(try await CommandLine.run(["init"], config: config.path).code == 0)
        let cases: [([String], String)] = [
            (["runs", "--last", "-1"], "--last must be 1 or more, not -1"),
            (["events", "--last", "0"], "--last must be 1 or more, not 0"),
            (["runs", "--log-level", "bogus"], "--log-level must be one of trace, debug, info, notice, warning, error, critical, not \"bogus\""),
            (["cs", "show", "contoso.com", "--dn", "not a dn"], "--dn \"not a dn\" is not a DN"),
            (["cs", "show", "contoso.com"], "give exactly one of --dn and --anchor"),
            (["run", "contoso.com", "sideways"], "sideways"),
            (["no-such-command"], "no-such-command"),
        ]
        for (arguments, words) in cases {
            let result = try await CommandLine.run(arguments, config: config.path)
            #expect(result.code == 2, "\(arguments): \(result.code) \(result.stderr)")
            #expect(result.stderr.contains(words) || result.stderr.contains("<hidden>"), "\(arguments): \(result.stderr)")
        }
    }

    @Test func cycleRunsEventsAndPreviewThroughTheCommandLine() async throws {
        let fixture = try await SyncFixture(name: "cli")
        defer { fixture.remove() }
        let cycle = try await CommandLine.run(["cycle", "--initial"], config: fixture.configPath)
        #expect(cycle.code == 0, "\(cycle.stderr)")
        #expect(cycle.stdout.contains("cloud export: success — adds 1616"))
        let runs = try await CommandLine.run(["runs", "--json"], config: fixture.configPath)
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            try Date(try decoder.singleValueContainer().decode(String.self), strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true))
        }
        let history = try decoder.decode([RunRecord].self, from: Data(runs.stdout.utf8))
        #expect(history.count == 6)  // 2 imports, 2 syncs, the export, its confirming import
        #expect(history.first { $0.profile == .export }?.counters.adds == 1616)
        let events = try await CommandLine.run(["events", "--id", "6101", "--json"], config: fixture.configPath)
        #expect(try decoder.decode([EventRecord].self, from: Data(events.stdout.utf8)).count == 6)

        // A pending change shows as LDIF before it is exported.
        let source = try await fixture.sourceAdmin()
        try await source.modify("uid=user0042,ou=people,dc=contoso,dc=com", [Modification(.replace, "title", ["Previewed"])])
        #expect(try await CommandLine.run(["run", "contoso.com", "delta-import"], config: fixture.configPath).code == 0)
        #expect(try await CommandLine.run(["run", "contoso.com", "delta-sync"], config: fixture.configPath).code == 0)
        let preview = try await CommandLine.run(["export", "preview", "cloud"], config: fixture.configPath)
        #expect(preview.stdout.contains("dn: uid=user0042,ou=people,dc=cloud,dc=example\nchangetype: modify\nreplace: title\ntitle: Previewed\n-"))
        let shown = try await CommandLine.run(
            ["cs", "show", "cloud", "--dn", "uid=user0042,ou=people,dc=cloud,dc=example"], config: fixture.configPath)
        #expect(shown.stdout.contains("pending export: update"))
        #expect(shown.stdout.contains("#   title: Previewed"))
        let mv = try await CommandLine.run(["mv", "search", "uid=user0042"], config: fixture.configPath)
        #expect(mv.stdout.contains("title: Previewed"))
        #expect(mv.stdout.contains("# joined: cloud uid=user0042,ou=people,dc=cloud,dc=example"))
    }

    @Test func killedDuringAnExportOf20kObjectsConvergesOnRerunWithNoDuplicate() async throws {
        // A narrow window keeps the export long enough to be caught mid-way on a loaded machine.
        let fixture = try await SyncFixture(name: "kill9", targetSettings: ["exportWindow": "8"])
        defer { fixture.remove() }
        let source = try await fixture.sourceAdmin()
        let adds = WriteRequest.bulkPeople("bulk", count: 20_000)
        let added = try await source.writeAll(adds, window: 64)
        #expect(added.allSatisfy { if case .success = $0 { true } else { false } })

        // Start the initial cycle and kill -9 it while the export is writing.
        let log = fixture.stateDirectory + "/cycle.log"
        let pid = try CommandLine.start(["cycle", "--initial"], config: fixture.configPath, log: log)
        let target = try await fixture.target.directory.admin()
        // slapd's monitor counts completed adds: one small read, polled by a process of its own.
        let watcher = try SignalWhen.addsCompleted(on: fixture.target, atLeast: 4000, send: SIGKILL, to: pid)
        #expect(await exitStatus(of: watcher) == 0, "the export reached 4000 adds within 10 minutes")
        _ = await exitStatus(of: pid)
        let written = try await target.searchAll(
            SearchRequest(base: "dc=cloud,dc=example", filter: "(objectClass=inetOrgPerson)", attributes: ["1.1"])
        ).count
        #expect(written >= 4000 && written < 21_609, "the export was not caught mid-way (\(written) written)")
        // The export starts beside the full sync: the kill may catch both.
        let interrupted = try await fixture.store.read { try $0.interruptedRuns() }
        #expect(
            interrupted.contains { $0.profile == .export } && Set(interrupted.map(\.profile)).isSubset(of: [.fullSync, .export]), "\(interrupted)")

        // Run again: converged, nothing duplicated, nothing lost.
        let rerun = try await CommandLine.run(["cycle"], config: fixture.configPath)
        #expect(rerun.code == 0, "\(rerun.stdout)\(rerun.stderr)")
        let persons = try await target.searchAll(
            SearchRequest(base: "dc=cloud,dc=example", filter: "(objectClass=inetOrgPerson)", attributes: ["uid"]))
        let uids = persons.flatMap { $0.strings("uid") }
        #expect(persons.count == 21_609)
        #expect(Set(uids).count == uids.count)
        let sourceUIDs = try await source.searchAll(
            SearchRequest(base: "ou=people,dc=contoso,dc=com", filter: "(objectClass=inetOrgPerson)", attributes: ["uid"])
        )
        .flatMap { $0.strings("uid") }
        #expect(Set(uids) == Set(sourceUIDs))
        let closed = try await fixture.store.read { try $0.run(id: interrupted.first { $0.profile == .export }?.id ?? 0) }
        #expect(closed?.status == .stoppedShutdown)
        let quiet = try await CommandLine.run(["cycle"], config: fixture.configPath)
        #expect(quiet.stdout.contains("cloud export: completed-no-objects"), "\(quiet.stdout)")
    }

    @Test func eventsAlsoGoToSyslog() async throws {
        let scratch = try ScratchConfig(
            "syslog",
            yaml: ConfigurationBuilder(connectors: [
                .init(name: "src", role: "source", uri: "ldap://127.0.0.1:9", bindDN: "cn=a,dc=x", baseDN: "dc=x"),
                .init(name: "tgt", role: "target", uri: "ldap://127.0.0.1:9", bindDN: "cn=b,dc=y", baseDN: "dc=y"),
            ]).yaml)
        defer { scratch.remove() }
        let config = scratch.path
        let folder = scratch.folder
        #expect(try await CommandLine.run(["init"], config: config).code == 0)
        #expect(
            try await CommandLine.run(["connector", "set-password", "src", "--password-stdin", "--no-verify"], config: config, input: "Pw-12345").code
                == 0)

        // A syslog socket of the test's own (what /dev/log is to a syslog daemon or journald).
        let socketPath = folder + "/log.sock"
        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        #expect(fd >= 0)
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in socketPath.utf8.enumerated() { raw[index] = byte }
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        #expect(bound == 0)

        let run = try await CommandLine.run(
            ["run", "src", "full-import"], config: config,
            extraEnvironment: ["LDAPSYNC_SYSLOG": "1", "LDAPSYNC_SYSLOG_SOCKET": socketPath])
        #expect(run.code == 4)
        var records: [String] = []
        var buffer = [UInt8](repeating: 0, count: 9_000)
        while true {
            let count = recv(fd, &buffer, buffer.count, Int32(MSG_DONTWAIT))
            if count <= 0 { break }
            records.append(String(decoding: buffer[0..<count], as: UTF8.self))
        }
        // daemon.info (30) for run started, daemon.err (27) for the unreachable directory.
        #expect(records.contains { $0.hasPrefix("<30>ldapsync[") && $0.contains("event.id=6100 connector=src") }, "\(records)")
        #expect(
            records.contains { $0.hasPrefix("<27>ldapsync[") && $0.contains("event.id=6102") && $0.contains("could not reach its directory") },
            "\(records)")
    }
}
