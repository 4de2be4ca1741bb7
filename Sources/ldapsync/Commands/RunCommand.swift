import ArgumentParser
import Foundation
import Operations
import SyncEngine

extension RunProfile: ExpressibleByArgument {}

/// `ldapsync run NAME PROFILE`.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run one run profile on one connector.",
        discussion:
            "Profiles: full-import, delta-import, full-sync, delta-sync, export. Exit 0 only for success, completed-warnings or completed-no-objects."
    )
    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "Connector name.") var name: String
    @Argument(help: "Run profile.") var profile: RunProfile
    @Flag(help: "Apply the deletes a guard stopped, this once: a full import's shrink guard, an export's deletion threshold.")
    var acceptDeletes = false

    func run() async throws {
        try await guarded {
            let run = try await Workspace.open(global).operations().run(name, profile, options: RunOptions(acceptDeletes: acceptDeletes))
            try report([run], json: output.json)
            return run.status.exitCode
        }
    }
}

/// `ldapsync cycle [--initial]`.
struct CycleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cycle",
        abstract: "Run the sync cycle: import every connector, sync every connector, export to the target.")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions
    @Flag(name: .long, help: "Full import and full sync (first run, or after rule changes).") var initial = false
    @Flag(help: "Apply the deletes the guards stopped (shrink guard, deletion threshold), for this cycle only.")
    var acceptDeletes = false

    func run() async throws {
        try await guarded {
            let runs = try await Workspace.open(global).operations().cycle(initial: initial, options: RunOptions(acceptDeletes: acceptDeletes))
            try report(runs, json: output.json)
            // The most serious outcome decides: credentials (3) and unreachable (4) over errors (1).
            let codes = runs.map(\.status.exitCode)
            return codes.contains(3) ? 3 : (codes.contains(4) ? 4 : (codes.max() ?? 0))
        }
    }
}

/// Prints finished runs: one line each, then their first errors.
func report(_ runs: [RunRecord], json: Bool) throws {
    if isatty(STDERR_FILENO) != 0 { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    if json {
        try printJSON(runs)
        return
    }
    for run in runs {
        let c = run.counters
        var line =
            "run \(run.id) \(run.connector) \(run.profile.rawValue): \(run.status.rawValue) — adds \(c.adds), updates \(c.updates), "
            + "renames \(c.renames), deletes \(c.deletes), unchanged \(c.unchanged), errors \(c.errors)"
        if run.profile == .passwordSync {
            line =
                "run \(run.id) \(run.connector) \(run.profile.rawValue): \(run.status.rawValue) — passwords applied \(c.updates), "
                + "waiting for their target object \(c.unchanged), failed \(c.errors)"
        }
        if run.profile == .fullSync || run.profile == .deltaSync {
            line += "; projected \(c.projections), joined \(c.joins), provisioned \(c.provisions), deprovisioned \(c.deprovisions)"
            if c.droppedReferences > 0 { line += ", references to unsynced objects dropped \(c.droppedReferences)" }
        }
        print(line)
        if let message = run.message { print("  \(message)") }
        for error in run.errors.prefix(5) {
            print("  error: \(error.operation) \(error.dn): \(error.resultCode.map { "result \($0): " } ?? "")\(error.message)")
        }
        if run.errors.count > 5 { print("  … \(run.errors.count - 5) more errors: ldapsync runs --id \(run.id)") }
    }
}
