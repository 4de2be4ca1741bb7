import Foundation
import Testing

/// Secrets at rest and on the wire (issue 13): the state folder and everything in it are the
/// owner's alone, secret files are never followed through links or taken from other users, and
/// no password goes to another host over plain LDAP.
@Suite struct StateSecurityTests {
    /// Every file and folder under `path` whose mode gives group or others anything.
    private func exposed(_ path: String) -> [String] {
        var found: [String] = []
        var info = stat()
        if lstat(path, &info) == 0, info.st_mode & 0o077 != 0 { found.append("\(path) \(String(info.st_mode & 0o7777, radix: 8))") }
        for name in (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? [] {
            let file = path + "/" + name
            if lstat(file, &info) == 0, info.st_mode & 0o077 != 0 { found.append("\(file) \(String(info.st_mode & 0o7777, radix: 8))") }
        }
        return found
    }

    @Test func nothingInTheStateFolderIsReadableByOthers() async throws {
        let source = TestDirectory.source
        let target = TestDirectory.target
        // The admin's umask lets everyone read new files: ldapsync must not care.
        let config = try ScratchConfig(
            "modes", yaml: SyncFixture.yaml(source: source, target: target, settings: ["schedule": "{ passwordSync: off }"]))
        defer { config.remove() }
        let state = config.folder + "/state"
        let initialised = try await CommandLine.run(["init"], config: config.path, umask: "000")
        #expect(initialised.code == 0, "\(initialised.stdout)\(initialised.stderr)")
        #expect(exposed(state).isEmpty, "after init: \(exposed(state))")
        for (name, directory) in [("contoso.com", source), ("cloud", target)] {
            let set = try await CommandLine.run(
                ["connector", "set-password", name, "--password-stdin"], config: config.path,
                input: directory.servicePassword.unsafeText, umask: "000")
            #expect(set.code == 0, "\(set.stdout)\(set.stderr)")
        }
        #expect(exposed(state).isEmpty, "after set-password: \(exposed(state))")
        let cycle = try await CommandLine.run(["run", "contoso.com", "full-import"], config: config.path, umask: "000")
        #expect(cycle.code == 0, "\(cycle.stdout)\(cycle.stderr)")
        #expect(exposed(state).isEmpty, "after a run: \(exposed(state))")

        // A database left readable by an older version is taken back; a folder others may change is refused.
        chmod(state + "/ldapsync.db", 0o644)
        #expect(try await CommandLine.run(["runs"], config: config.path).code == 0)
        #expect(exposed(state).isEmpty, "after runs: \(exposed(state))")
        chmod(state, 0o777)
        let open = try await CommandLine.run(["runs"], config: config.path)
        #expect(open.code == 2 && open.stderr.contains("chmod 700"), "\(open.stderr)")
        chmod(state, 0o700)

        // The key as a symbolic link (someone could point it anywhere): refused with the reason.
        let key = state + "/ldapsync.key"
        try FileManager.default.moveItem(atPath: key, toPath: config.folder + "/moved.key")
        try FileManager.default.createSymbolicLink(atPath: key, withDestinationPath: config.folder + "/moved.key")
        let linked = try await CommandLine.run(["connector", "list"], config: config.path)
        #expect(linked.code == 2 && linked.stderr.contains("symbolic link"), "\(linked.stderr)")
        try FileManager.default.removeItem(atPath: key)
        try FileManager.default.moveItem(atPath: config.folder + "/moved.key", toPath: key)
        // So is a token file as a link, and one others may read.
        let token = state + "/admin.token"
        chmod(token, 0o644)
        let service = try await CommandLine.run(["service", "--listen", "127.0.0.1:\(freePortPair())"], config: config.path)
        #expect(service.code != 0 && service.stderr.contains("chmod 600 \(token)"), "\(service.stderr)")
    }

    @Test func passwordsNeverComeFromArgumentsOrLeakyFiles() async throws {
        let config = try ScratchConfig("pwfile", yaml: SyncFixture.yaml(source: .source, target: .target))
        defer { config.remove() }
        #expect(try await CommandLine.run(["init"], config: config.path).code == 0)
        let secret = "Hunter2-Typed-Here"
        for arguments in [
            ["connector", "set-password", "cloud", secret], ["connector", "set-password", "cloud", "--password=\(secret)"],
            ["connector", "set-password", "cloud", "--password-stdin", secret], ["service-account", "reset", "cloud", secret],
        ] {
            let result = try await CommandLine.run(arguments, config: config.path)
            #expect(result.code == 2, "\(arguments): \(result.stderr)")
            #expect(!result.stderr.contains(secret) && !result.stdout.contains(secret), "echoed: \(result.stderr)")
            if !arguments.contains(where: { $0.hasPrefix("--password=") }) { #expect(result.stderr.contains("<hidden>"), "\(result.stderr)") }
        }
        let file = config.folder + "/cloud.password"
        try TestDirectory.target.servicePassword.unsafeText.write(toFile: file, atomically: true, encoding: .utf8)
        chmod(file, 0o644)
        let leaky = try await CommandLine.run(["connector", "set-password", "cloud", "--password-file", file], config: config.path)
        #expect(leaky.code == 2 && leaky.stderr.contains("chmod 600 \(file)"), "\(leaky.stderr)")
        chmod(file, 0o600)
        let fine = try await CommandLine.run(["connector", "set-password", "cloud", "--password-file", file], config: config.path)
        #expect(fine.code == 0, "\(fine.stderr)")
    }

    @Test func plainLDAPToAnotherHostIsRefusedBeforeAnyConnection() async throws {
        let target = TestDirectory.target
        func yaml(_ sourceLines: String) -> String {
            """
            state: ./state
            connectors:
              - name: remote
                flavor: openldap
                role: source
            \(sourceLines)
                bindDN: cn=svc,dc=example,dc=com
                baseDN: dc=example,dc=com
              - name: cloud
                flavor: openldap
                role: target
                uri: \(target.uri)
                bindDN: \(target.serviceDN)
                baseDN: \(target.base)
            """
        }
        // An explicit tls: none to a name that is not the loopback: refused at load, naming the fix.
        let plain = try ScratchConfig("plain", yaml: yaml("    uri: ldap://ldap.example.invalid\n    tls: none"))
        defer { plain.remove() }
        let refused = try await CommandLine.run(["connector", "list"], config: plain.path)
        #expect(refused.code == 2, "\(refused.stderr)")
        #expect(refused.stderr.contains("ldapsync.yaml:7:"), "\(refused.stderr)")
        #expect(
            refused.stderr.contains("\"remote\"") && refused.stderr.contains("tls: starttls") && refused.stderr.contains("ldaps://"),
            "\(refused.stderr)")
        // ldap:// to another host without tls: StartTLS by default.
        let implicit = try ScratchConfig("implicit", yaml: yaml("    uri: ldap://10.255.255.1:389"))
        defer { implicit.remove() }
        #expect(try await CommandLine.run(["init"], config: implicit.path).code == 0)
        let shown = try await CommandLine.run(["connector", "show", "remote"], config: implicit.path)
        #expect(shown.code == 0 && shown.stdout.contains("starttls"), "\(shown.stdout)\(shown.stderr)")
        // The named opt-out is accepted, and said out loud.
        let optOut = try ScratchConfig(
            "optout", yaml: yaml("    uri: ldap://ldap.example.invalid\n    tls: none\n    insecureSendPasswordsInClear: true"))
        defer { optOut.remove() }
        #expect(try await CommandLine.run(["init"], config: optOut.path).code == 0)
        let accepted = try await CommandLine.run(["connector", "show", "remote"], config: optOut.path)
        #expect(accepted.code == 0 && accepted.stdout.contains("in clear"), "\(accepted.stdout)\(accepted.stderr)")
    }

    @Test func turningCertificateVerificationOffIsSaidEverywhere() async throws {
        let fixture = try await SyncFixture(name: "noverify", settings: ["schedule": "{ passwordSync: off }"])
        defer { fixture.remove() }
        let yaml = try String(contentsOfFile: fixture.configPath, encoding: .utf8)
            .replacingOccurrences(
                of: "uri: \(fixture.source.directory.uri)", with: "uri: \(fixture.source.directory.ldapsURI)\n    verifyCertificate: false")
        try yaml.write(toFile: fixture.configPath, atomically: true, encoding: .utf8)
        let test = try await CommandLine.run(["connector", "test", "contoso.com"], config: fixture.configPath)
        #expect(test.code == 0, "\(test.stdout)\(test.stderr)")
        #expect((test.stdout + test.stderr).contains("certificate verification is off"), "\(test.stdout)\(test.stderr)")
        let run = try await CommandLine.run(["run", "contoso.com", "full-import"], config: fixture.configPath)
        #expect(run.code == 0)
        let recorded = try await fixture.store.read { try $0.runs(connector: "contoso.com", limit: 1).first }
        #expect(recorded?.message?.contains("certificate verification is off") == true, "\(String(describing: recorded?.message))")
        let service = try await RunningService(fixture: fixture, arguments: ["--interval", "1h"])
        try await Task.sleep(for: .milliseconds(500))
        #expect(await service.stop() == 0)
        #expect(service.output.contains("certificate verification is off"), "\(service.output)")
    }
}
