import LDAPProtocol

/// The journal of an export run (what each write changed, with the pre-image) and its inverse:
/// what `undo` writes to put the target back as it was before the run.
public enum ExportJournal {
    /// The journal entries of a plan the directory took whole. The pre-images are the connector
    /// space's image of the entry before the run (what the last import read or the last export
    /// wrote). An add's follow-up writes (AD's member chunks) are part of the add.
    public static func entries(_ plan: ExportPlan, runID: Int64, sequence: inout Int) -> [JournalEntry] {
        let object = plan.object
        var entries: [JournalEntry] = []
        func append(_ operation: JournalEntry.Operation, _ dn: String, newDN: String? = nil, changed: [String] = [], image: AttributeSet? = nil) {
            sequence += 1
            entries.append(
                JournalEntry(
                    runID: runID, sequence: sequence, connector: object.connector, operation: operation, dn: dn, newDN: newDN,
                    changed: changed, preImage: image, metaverseID: object.metaverseID))
        }
        for step in plan.steps {
            switch step {
            case .add(let dn, _):
                append(.add, dn)
                return entries
            case .delete(let dn):
                append(.delete, dn, image: object.attributes)
            case .rename(let dn, let newRDN, let newSuperior, _):
                let parent = newSuperior ?? Self.parent(dn)
                append(.rename, dn, newDN: parent.isEmpty ? newRDN : newRDN + "," + parent)
            case .modify(let dn, let changes):
                var names: [String] = []
                var image = AttributeSet()
                for change in changes where !names.contains(where: { $0.lowercased() == change.attribute.lowercased() }) {
                    names.append(change.attribute)
                    image[change.attribute] = object.attributes[change.attribute]
                }
                append(.modify, dn, changed: names, image: image)
            }
        }
        return entries
    }

    /// One inverse write and the journal entry it takes back.
    public struct Inverse: Sendable, Hashable {
        public var entry: JournalEntry
        public var write: WriteRequest
    }

    /// The writes that take a run's journal back, in the order to send them: deleted entries
    /// added again (in the run's order: people before the groups that list them), then modifies
    /// and renames undone newest first, then added entries deleted (newest first). A re-added
    /// entry gets its pre-image's user attributes: `keep` says which (not the directory's own).
    public static func inverse(_ entries: [JournalEntry], keep: (String) -> Bool) -> [Inverse] {
        var readds: [Inverse] = []
        var changes: [Inverse] = []
        var removals: [Inverse] = []
        for entry in entries {
            switch entry.operation {
            case .delete:
                guard let image = entry.preImage else { continue }
                let attributes = image.keys.sorted().filter { keep($0) && !image[$0].isEmpty }.map {
                    LDAPAttribute(image.displayName($0), values: image[$0])
                }
                readds.append(Inverse(entry: entry, write: .add(dn: entry.dn, attributes: attributes)))
            case .modify:
                let image = entry.preImage ?? AttributeSet()
                let modifications = entry.changed.map { name in
                    image[name].isEmpty ? Modification(.delete, name, values: []) : Modification(.replace, name, values: image[name])
                }
                changes.append(Inverse(entry: entry, write: .modify(dn: entry.dn, changes: modifications)))
            case .rename:
                guard let newDN = entry.newDN, let old = try? DistinguishedName(entry.dn), let rdn = old.rdn else { continue }
                let oldParent = old.parent?.description ?? ""
                let moved = normalizedDN(Self.parent(newDN)) != normalizedDN(oldParent)
                changes.append(
                    Inverse(
                        entry: entry, write: .rename(dn: newDN, newRDN: rdn.description, newSuperior: moved ? oldParent : nil, deleteOldRDN: true)))
            case .add:
                removals.append(Inverse(entry: entry, write: .delete(dn: entry.dn)))
            }
        }
        return readds + changes.reversed() + removals.reversed()
    }

    /// The parent of a DN as text (after the first unescaped comma).
    static func parent(_ dn: String) -> String {
        (try? DistinguishedName(dn).parent?.description) ?? ""
    }
}
