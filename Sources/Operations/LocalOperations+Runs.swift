import Connectors
import SyncEngine

extension LocalOperations {
    public func run(_ connector: String, _ profile: RunProfile, options: RunOptions) async throws -> RunRecord {
        let name = try self.connector(connector).name
        let coordinator = coordinator
        do {
            return try await queued { try await coordinator.run(name, profile, options: options) }
        } catch let error as CoordinatorError {
            throw OperationError(error)
        }
    }

    public func cycle(initial: Bool, options: RunOptions) async throws -> [RunRecord] {
        let coordinator = coordinator
        return try await queued { try await coordinator.cycle(initial: initial, options: options) }
    }
}

extension OperationError {
    /// A run the coordinator would not start: a connector or run that does not exist, or one
    /// the action does not apply to.
    init(_ error: CoordinatorError) {
        self.init(error.kind == .notFound ? .notFound : .conflict, error.description)
    }
}
