import LDAPProtocol

/// `ldapsync undo RUN`: the writes that take an export run back, from its journal (the
/// pre-images kept with the run), and what the admin must know before and after applying them.
public struct UndoPlan: Sendable {
    public var run: RunRecord
    public var inverses: [ExportJournal.Inverse]

    /// The inverse of `run`'s journal. A re-added entry gets the user attributes of its
    /// pre-image: not the directory's own (`schema`'s operational attributes, anchors,
    /// timestamps, AD's system attributes), and never a password (none is ever kept).
    public init(run: RunRecord, journal: [JournalEntry], schema: DirectorySchema?) {
        self.run = run
        inverses = ExportJournal.inverse(journal) { name in
            let key = name.lowercased()
            return !FlowPolicy.protectedAttributes.contains(key) && !AttributeSet.secretAttributes.contains(key)
                && !(schema?.isOperational(name) ?? false)
        }
    }

    /// How many of each inverse write.
    public var counts: UndoReport.Counts {
        var counts = UndoReport.Counts()
        for inverse in inverses {
            switch inverse.entry.operation {
            case .delete: counts.readds += 1
            case .modify: counts.reverts += 1
            case .rename: counts.renames += 1
            case .add: counts.removals += 1
            }
        }
        return counts
    }

    /// The inverse writes as LDIF change records.
    public var ldif: String { LDIF.changes(inverses.map(\.write)) }

    /// What stays different after the undo, for the admin: entries put back that no source holds,
    /// objects held at their old values until their source changes.
    public func notes(existing metaverseIDs: Set<Int64>) -> [String] {
        let managed = { (inverse: ExportJournal.Inverse) in inverse.entry.metaverseID.map(metaverseIDs.contains) ?? false }
        let orphans = inverses.filter { $0.entry.operation != .add && !managed($0) }
        let held = inverses.filter(managed)
        var notes: [String] = []
        if !orphans.isEmpty {
            notes.append(
                "\(orphans.count) entries are put back that no source object holds any more: they stay in \(run.connector) as they were, "
                    + "unmanaged (ldapsync neither updates nor deletes them) until a source object is synced to them again (it adopts them "
                    + "by DN); restore them in the source, or remove them in \(run.connector) if the run was right")
        }
        if !held.isEmpty {
            notes.append(
                "\(held.count) objects are held at their state before run \(run.id) while their source objects stay as they are: "
                    + "the next cycles leave them alone; a change in the source (or `ldapsync undo \(run.id) --release`) syncs them again")
        }
        if inverses.contains(where: { $0.entry.operation == .delete }) {
            notes.append("entries put back have no password: ldapsync never keeps one (set it, or let password sync write it)")
        }
        return notes
    }
}

/// What `undo` shows (the preview) and did (`--apply`, `--release`).
public struct UndoReport: Sendable, Codable, Hashable {
    public struct Counts: Sendable, Codable, Hashable {
        /// Entries the run deleted, added again.
        public var readds = 0
        /// Entries the run modified, given their old values.
        public var reverts = 0
        /// Entries the run renamed or moved, moved back.
        public var renames = 0
        /// Entries the run added, deleted.
        public var removals = 0

        public init() {}

        public var total: Int { readds + reverts + renames + removals }
        public var text: String {
            "\(readds) entries added back, \(reverts) modifies reverted, \(renames) renames reverted, \(removals) added entries deleted"
        }
    }

    public var runID: Int64
    public var connector: String
    public var counts: Counts
    public var ldif: String
    public var notes: [String]
    /// The undo's own run (`--apply`), and the confirming import's.
    public var applied: RunRecord?
    public var confirmed: RunRecord?
    /// Holds dropped (`--release`).
    public var released: Int?

    public init(runID: Int64, connector: String, counts: Counts, ldif: String, notes: [String]) {
        self.runID = runID
        self.connector = connector
        self.counts = counts
        self.ldif = ldif
        self.notes = notes
    }

    /// The report as the command line prints it (the LDIF apart).
    public var text: String {
        if let released {
            return "released \(released) objects held by the undo of run \(runID): the next sync of \(connector) writes them as the rules say"
        }
        var lines: [String] = []
        if let applied {
            lines.append(
                "undo of export run \(runID) to \(connector): run \(applied.id) \(applied.status.rawValue): \(counts.text)"
                    + (applied.message.map { " (\($0))" } ?? ""))
            if let confirmed { lines.append("confirming import: run \(confirmed.id) \(confirmed.status.rawValue)") }
        } else {
            lines.append("undo of export run \(runID) to \(connector) would write: \(counts.text)")
            lines.append("nothing was written; apply it with `ldapsync undo \(runID) --apply`")
        }
        lines += notes.map { "note: \($0)" }
        return lines.joined(separator: "\n")
    }
}
