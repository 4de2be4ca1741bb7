import ArgumentParser
import Foundation
import Operations
import SyncEngine

/// `ldapsync runs`: the run history.
struct RunsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "runs", abstract: "Show the run history (newest first).")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions
    @Option(help: "Only this connector's runs.") var connector: String?
    @Option(parsing: .unconditional, help: "How many runs (1 or more).") var last = 20
    @Option(help: "One run, with its per-object errors.") var id: Int64?
    @Flag(help: "With --id: what the export run wrote, object by object.") var writes = false

    func validate() throws {
        if last < 1 { throw ValidationError("--last must be 1 or more, not \(last)") }
        if writes && id == nil { throw ValidationError("--writes needs --id ID") }
    }

    func run() async throws {
        try await guarded {
            let operations = try Workspace.open(global).operations()
            if let id, writes {
                let written = try await operations.runWrites(id: id)
                if output.json {
                    try printJSON(written)
                } else {
                    for write in written {
                        let detail = write.newDN.map { " -> \($0)" } ?? (write.changed.isEmpty ? "" : " (\(write.changed.joined(separator: ", ")))")
                        print("\(write.operation) \(write.dn)\(detail)")
                    }
                }
                return 0
            }
            if let id {
                let run = try await operations.run(id: id)
                try report([run], json: output.json)
                if !output.json {
                    for error in run.errors.dropFirst(5) { print("  error: \(error.operation) \(error.dn): \(error.message)") }
                    for result in run.results {
                        print(
                            "  \(result.outcome.rawValue): \(result.dn)\(result.targetDN.map { " -> \($0)" } ?? "")\(result.message.map { ": \($0)" } ?? "")"
                        )
                    }
                }
                return 0
            }
            let runs = try await operations.runs(connector: connector, last: last)
            if output.json {
                try printJSON(runs)
                return 0
            }
            printTable(
                ["ID", "CONNECTOR", "PROFILE", "STARTED", "SECONDS", "STATUS", "ADD", "UPD", "REN", "DEL", "ERR"],
                runs.map { run in
                    let seconds = run.endedAt.map { String(format: "%.2f", $0.timeIntervalSince(run.startedAt)) } ?? "-"
                    let c = run.counters
                    return [
                        String(run.id), run.connector, run.profile.rawValue, humanDate(run.startedAt), seconds, run.status.rawValue,
                        String(c.adds), String(c.updates), String(c.renames), String(c.deletes), String(c.errors),
                    ]
                })
            return 0
        }
    }
}

/// `ldapsync events`: the event log.
struct EventsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "events", abstract: "Show the event log (oldest first).")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions
    @Option(help: "Only events with this id (e.g. 6000).") var id: Int?
    @Option(help: "Only events of this connector.") var connector: String?
    @Option(help: "Only events at or after this time (ISO 8601, e.g. 2026-11-22T05:00:00Z), or this long ago (e.g. 1h).") var since: String?
    @Option(help: "Only events at this level or worse: information, warning, error.") var level: String?
    @Option(parsing: .unconditional, help: "How many events at most (1 or more).") var last = 100

    func validate() throws {
        if last < 1 { throw ValidationError("--last must be 1 or more, not \(last)") }
    }

    func run() async throws {
        try await guarded {
            let operations = try Workspace.open(global).operations()
            var filter = EventFilter(id: id, connector: connector, limit: last)
            if let level {
                guard let parsed = EventLevel(rawValue: level) else {
                    throw CommandFailure("--level must be information, warning or error, not \"\(level)\"")
                }
                filter.minimumLevel = parsed
            }
            if let since {
                if let date = try? Date(since, strategy: .iso8601) {
                    filter.since = date
                } else if let ago = try? DurationText.parse(since) {
                    filter.since = Date().addingTimeInterval(-Double(ago.components.seconds))
                } else {
                    throw CommandFailure("--since takes an ISO 8601 time (2026-11-22T05:00:00Z) or a duration (30m, 2h, 7d), not \"\(since)\"")
                }
            }
            let events = try await operations.events(filter)
            if output.json {
                try printJSON(events)
                return 0
            }
            for event in events {
                print("\(humanDate(event.time))  \(event.id)  \(event.level.rawValue)  \(event.connector ?? "-")  \(event.message)")
            }
            return 0
        }
    }
}
