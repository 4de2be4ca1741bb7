import Connectors
import SyncEngine

/// What `undo` does with an export run: show its inverse, apply it, or release its holds.
public enum UndoAction: String, Sendable, Codable, CaseIterable {
    case preview, apply, release
}

/// `POST /api/runs/{id}/undo`.
public struct UndoRequest: Codable, Sendable {
    public var action: UndoAction
    public var options: RunOptions?

    public init(action: UndoAction, options: RunOptions?) {
        self.action = action
        self.options = options
    }
}

extension LocalOperations {
    public func undo(runID: Int64, action: UndoAction, options: RunOptions) async throws -> UndoReport {
        let coordinator = coordinator
        do {
            let plan = try await coordinator.undoPlan(runID)
            var report = UndoReport(
                runID: runID, connector: plan.run.connector, counts: plan.counts, ldif: plan.ldif,
                notes: plan.notes(existing: try await coordinator.existingMetaverseObjects(plan)))
            switch action {
            case .preview:
                break
            case .release:
                let released = try await store.write { try $0.deleteHolds(runID: runID) }
                report.released = released
                try await store.write {
                    try $0.insert(EventCatalog.undoReleased(connector: plan.run.connector, runID: runID, released: released))
                }
            case .apply:
                let (undo, confirm) = try await queued { try await coordinator.undo(plan, options: options) }
                (report.applied, report.confirmed) = (undo, confirm)
            }
            return report
        } catch let error as CoordinatorError {
            throw OperationError(error)
        }
    }
}
