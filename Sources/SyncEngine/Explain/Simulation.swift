import Foundation

/// `ldapsync simulate`: what a configuration would make every target's next export write,
/// computed by a full sync of every connector on a copy of the state (the connector spaces as
/// last imported). No directory is contacted; the real state is not touched.
public enum Simulation {
    /// One pending export a simulated sync left.
    public struct Pending: Sendable, Hashable {
        public var object: ConnectorSpaceObject
        public var operation: String {
            switch object.pendingExport {
            case .add: "add"
            case .delete: "delete"
            case .update, .none: normalizedDN(object.desiredDN ?? object.dn) == normalizedDN(object.dn) ? "update" : "rename"
            }
        }
        /// The DN the export would write at (the new DN of a rename).
        public var dn: String { object.desiredDN ?? object.dn }
    }

    /// What a simulated sync left: each target's pending exports, and the sync's object errors.
    public struct Outcome: Sendable {
        public var pending: [String: [Pending]]
        public var errors: [RunObjectError]
    }

    /// Runs a full sync of every source, then every target, of `configuration` on `store` (a
    /// copy), and collects each target's pending exports.
    public static func run(configuration: Configuration, store: any SyncStore) async throws -> Outcome {
        let synchronizer = try await Synchronizer(configuration: configuration, store: store)
        var errors: [RunObjectError] = []
        for connector in configuration.sources + configuration.targets {
            errors += try await synchronizer.run(connector: connector, full: true).errors
        }
        var pending: [String: [Pending]] = [:]
        for target in configuration.targets {
            let ids = try await store.read {
                try $0.csPendingExportIDs(connector: target.name, laterTypes: ExportOrder.laterTypes(target, rules: synchronizer.rules))
            }
            var items: [Pending] = []
            for chunk in ids.chunked(1000) {
                items += try await store.read { try $0.csObjects(ids: Array(chunk)) }.filter { $0.pendingExport != .none }.map { Pending(object: $0) }
            }
            pending[target.name] = items
        }
        return Outcome(pending: pending, errors: errors)
    }
}

/// `ldapsync simulate`'s report: per target, what the candidate configuration's next export
/// would write, what the current configuration's would, the difference, and the guards.
public struct SimulationReport: Sendable, Codable, Hashable {
    public struct Counts: Sendable, Codable, Hashable {
        public var adds = 0
        public var updates = 0
        public var renames = 0
        public var deletes = 0

        public init() {}

        init(_ pending: [Simulation.Pending]) {
            for item in pending {
                switch item.operation {
                case "add": adds += 1
                case "delete": deletes += 1
                case "rename": renames += 1
                default: updates += 1
                }
            }
        }

        public var text: String { "\(adds) adds, \(updates) updates, \(renames) renames, \(deletes) deletes" }
    }

    /// One object the candidate treats differently from the current configuration.
    public struct Change: Sendable, Codable, Hashable {
        public var dn: String
        /// What the candidate's next export would do with it (`none`: nothing).
        public var candidate: String
        public var current: String
    }

    public struct Target: Sendable, Codable, Hashable {
        public var connector: String
        public var candidate: Counts
        public var current: Counts
        public var changes: [Change]
        /// Why the candidate's next export of this target would stop, if it would.
        public var guardStop: String?
        /// The candidate's writes, as LDIF (`--ldif`).
        public var ldif: String?
    }

    public var candidateFile: String
    public var targets: [Target]
    /// The candidate's per-object sync errors.
    public var errors: [RunObjectError]

    public init(candidateFile: String, targets: [Target], errors: [RunObjectError]) {
        self.candidateFile = candidateFile
        self.targets = targets
        self.errors = errors
    }

    /// The report as the command line prints it.
    public var text: String {
        var lines = ["simulated \(candidateFile) on a copy of the state; no directory was contacted"]
        for target in targets {
            lines.append("\(target.connector): the next export would make \(target.candidate.text) (current configuration: \(target.current.text))")
            if let stop = target.guardStop { lines.append("  it would STOP: \(stop)") }
            let changed = target.changes
            if changed.isEmpty {
                lines.append("  the candidate changes nothing the current configuration would not")
            } else {
                lines.append("  \(changed.count) objects differ from the current configuration:")
                for change in changed.prefix(50) { lines.append("    \(change.candidate) \(change.dn) (current: \(change.current))") }
                if changed.count > 50 { lines.append("    … and \(changed.count - 50) more (--json lists all)") }
            }
        }
        for error in errors.prefix(20) { lines.append("sync error: \(error.dn): \(error.message)") }
        if errors.count > 20 { lines.append("… and \(errors.count - 20) more sync errors") }
        return lines.joined(separator: "\n")
    }

    /// Compares the candidate's and the current configuration's pending exports of one target.
    public static func target(
        _ name: String, candidate: [Simulation.Pending], current: [Simulation.Pending], guardStop: String?, ldif: String?
    ) -> Target {
        func byKey(_ items: [Simulation.Pending]) -> [String: Simulation.Pending] {
            Dictionary(items.map { (normalizedDN($0.object.dn), $0) }, uniquingKeysWith: { first, _ in first })
        }
        let candidateItems = byKey(candidate)
        let currentItems = byKey(current)
        var changes: [Change] = []
        for key in Set(candidateItems.keys).union(currentItems.keys).sorted() {
            let mine = candidateItems[key]
            let theirs = currentItems[key]
            let same =
                mine?.operation == theirs?.operation && mine.map { normalizedDN($0.dn) } == theirs.map { normalizedDN($0.dn) }
                && (mine?.object.desiredAttributes).map { attributes in
                    theirs?.object.desiredAttributes.map { attributes.sameContent(as: $0) } ?? false
                } ?? true
            guard !same else { continue }
            changes.append(Change(dn: mine?.dn ?? theirs?.dn ?? key, candidate: mine?.operation ?? "none", current: theirs?.operation ?? "none"))
        }
        return Target(connector: name, candidate: Counts(candidate), current: Counts(current), changes: changes, guardStop: guardStop, ldif: ldif)
    }
}
