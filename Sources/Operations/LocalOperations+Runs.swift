import Connectors
import SyncEngine

extension LocalOperations {
    public func run(_ connector: String, _ profile: RunProfile, options: RunOptions) async throws -> RunRecord {
        let name = try self.connector(connector).name
        let coordinator = coordinator
        do {
            return try await queued { try await coordinator.run(name, profile, options: options) }
        } catch let error as CoordinatorError {
            throw OperationError(.invalid, error.description)
        }
    }

    public func cycle(initial: Bool, options: RunOptions) async throws -> [RunRecord] {
        let coordinator = coordinator
        return try await queued { try await coordinator.cycle(initial: initial, options: options) }
    }
}
