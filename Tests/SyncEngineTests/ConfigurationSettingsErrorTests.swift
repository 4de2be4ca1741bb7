import Testing

@testable import SyncEngine

/// Mistakes in the top-level settings, the schedule and the rules.
@Suite struct ConfigurationSettingsErrorTests {
    @Test(arguments: [
        BrokenConfiguration(
            "negative deletion threshold", [2: "deletionThreshold: -1"],
            line: 2, key: "deletionThreshold", "-1 is out of range; it must be at least 0"),
        BrokenConfiguration(
            "deletion threshold not a number", [2: "deletionThreshold: lots"],
            line: 2, key: "deletionThreshold", "\"lots\" is not a whole number"),
        BrokenConfiguration(
            "deletion threshold window", [2: "deletionThreshold: { count: 20, window: 0s }"],
            line: 2, key: "deletionThreshold.window", "is zero"),
        BrokenConfiguration(
            "deletion threshold window past the run history", [2: "deletionThreshold: { window: 8d }"],
            line: 2, key: "deletionThreshold.window", "8d is longer than the run history is kept (runHistory.keep: 7d)"),
        BrokenConfiguration(
            "store password in the URL", [1: "store: { postgres: { url: \"postgres://u:secret@db/x\", user: u, passwordFile: p } }"],
            line: 1, key: "store.postgres.url", "a password in the URL is not accepted: put it in passwordFile"),
        BrokenConfiguration(
            "store without TLS off the loopback",
            [1: "store: { postgres: { url: \"postgres://db.example/x\", user: u, passwordFile: p, tls: none } }"],
            line: 1, key: "store.postgres.tls", "tls: none is only allowed to a loopback address (db.example is not)"),
        BrokenConfiguration(
            "store URL without a database", [1: "store: { postgres: { url: \"postgres://db.example\", user: u, passwordFile: p } }"],
            line: 1, key: "store.postgres.url", "the URL names no database"),
        BrokenConfiguration(
            "store URL with options", [1: "store: { postgres: { url: \"postgres://db/x?sslmode=disable\", user: u, passwordFile: p } }"],
            line: 1, key: "store.postgres.url", "the URL takes no ?options"),
        BrokenConfiguration(
            "store without a password file", [1: "store: { postgres: { url: \"postgres://db/x\", user: u } }"],
            line: 1, key: "store.postgres.passwordFile", "the required key passwordFile is missing"),
        BrokenConfiguration(
            "store schema", [1: "store: { postgres: { url: \"postgres://db/x\", user: u, passwordFile: p, schema: \"a;drop\" } }"],
            line: 1, key: "store.postgres.schema", "expected a schema name"),
        BrokenConfiguration(
            "store kind", [1: "store: mysql"], line: 1, key: "store", "expected sqlite or { postgres:"),
        BrokenConfiguration(
            "error limit zero", [1: "errorLimit: 0"],
            line: 1, key: "errorLimit", "it must be at least 1"),
        BrokenConfiguration(
            "staging mode", [1: "stagingMode: sometimes"],
            line: 1, key: "stagingMode", "is not true or false"),
        BrokenConfiguration(
            "page size zero", [8: "    pageSize: 0"],
            line: 8, key: "connectors[0].pageSize", "it must be between 1 and 10000"),
        BrokenConfiguration(
            "page size too large", [8: "    pageSize: 10001"],
            line: 8, key: "connectors[0].pageSize", "it must be between 1 and 10000"),
        BrokenConfiguration(
            "export window", [8: "    exportWindow: 513"],
            line: 8, key: "connectors[0].exportWindow", "it must be between 1 and 512"),
        BrokenConfiguration(
            "bare interval", [1: "schedule: { interval: 30 }"],
            line: 1, key: "schedule.interval", "\"30\" has no unit; add one: 30s, 30m, 30h or 30d"),
        BrokenConfiguration(
            "interval too short", [1: "schedule: { interval: 500ms }"],
            line: 1, key: "schedule.interval", "500ms is too short; the minimum is 1s"),
        BrokenConfiguration(
            "schedule typo", [1: "schedule: { intervall: 30m }"],
            line: 1, key: "schedule.intervall", "did you mean interval?"),
        BrokenConfiguration(
            "schedule not a mapping", [1: "schedule: 30m"],
            line: 1, key: "schedule", "expected a mapping of interval, enabled"),
        BrokenConfiguration(
            "retention", [1: "runHistory: { keep: forever }"],
            line: 1, key: "runHistory.keep", "\"forever\" is not a duration"),
        BrokenConfiguration(
            "zero timeout", [8: "    operationTimeout: 0s"],
            line: 8, key: "connectors[0].operationTimeout", "is zero"),
        BrokenConfiguration(
            "empty join", [1: "rules: { person: { join: [] } }"],
            line: 1, key: "rules.person.join", "needs at least one name"),
        BrokenConfiguration(
            "join attribute", [1: "rules: { person: { join: [uid, \"mail address\"] } }"],
            line: 1, key: "rules.person.join[1]", "\"mail address\" is not an attribute name"),
        BrokenConfiguration(
            "rule typo", [1: "rules: { group: { joins: [cn] } }"],
            line: 1, key: "rules.group.joins", "did you mean join?"),
        BrokenConfiguration(
            "empty state", [1: "state: \"\""],
            line: 1, key: "state", "must not be empty"),
    ])
    func pointsAtTheMistake(_ broken: BrokenConfiguration) {
        expectError(broken)
    }

    /// Whatever the text, the loader returns or throws a ConfigurationError: it never crashes.
    @Test func neverCrashesOnMangledInput() {
        let text = Array(Configuration.starterYAML)
        var results = 0
        for end in stride(from: 0, to: text.count, by: 7) {
            results += outcome(String(text[..<end]))
        }
        let noise: [String] = [
            ":", "-", "[", "]", "{", "}", "&a", "*a", "!!binary", "'", "\"", "\t", "\n", "#",
            "|", ">", "%", "@", "`", "?", ",", "\\", "<<: ", "\u{0}", "\u{FEFF}", "é", "  ", "=", "(", "~",
        ]
        var seed: UInt64 = 0x9E37_79B9_7F4A_7C15
        for _ in 0..<3000 {
            var mangled = text
            for _ in 0..<3 {
                seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                let position = Int(seed >> 33) % (mangled.count + 1)
                let piece = noise[Int(seed >> 17) % noise.count]
                mangled.insert(contentsOf: piece, at: position)
            }
            results += outcome(String(mangled))
        }
        #expect(results > 0)
    }

    private func outcome(_ yaml: String) -> Int {
        do {
            _ = try Configuration.parse(yaml: yaml, file: "/etc/ldapsync/ldapsync.yaml")
            return 1
        } catch {
            return error.message.isEmpty ? 0 : 1
        }
    }
}
