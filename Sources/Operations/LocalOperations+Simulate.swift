import Foundation
import SyncEngine

/// A configuration as text, with the name its messages use (a candidate for `simulate`).
public struct ConfigurationText: Sendable, Codable, Hashable {
    public var yaml: String
    public var file: String

    public init(yaml: String, file: String) {
        self.yaml = yaml
        self.file = file
    }
}

extension LocalOperations {
    public func simulate(candidate: ConfigurationText?, against: ConfigurationText?, ldif: Bool) async throws -> SimulationReport {
        let simulated = try candidate.map(load) ?? configuration
        let baseline = try against.map(load) ?? (candidate == nil ? nil : configuration)
        for connector in simulated.connectors + (baseline?.connectors ?? []) where configuration.connector(named: connector.name) == nil {
            throw OperationError(
                .invalid,
                "\(connector.name) is not a connector of \(configuration.file): a simulation works on the connector spaces this state holds "
                    + "(known: \(configuration.connectors.map(\.name).joined(separator: ", ")))")
        }
        let base = configuration.statePath + "/simulate-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        defer {
            for name in ["candidate", "baseline"] {
                for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: "\(base)-\(name).db\(suffix)") }
            }
        }
        let candidateStore = try await store.snapshot(at: base + "-candidate.db")
        let outcome = try await Simulation.run(configuration: simulated, store: candidateStore)
        var baselinePending: [String: [Simulation.Pending]] = [:]
        if let baseline {
            baselinePending = try await Simulation.run(configuration: baseline, store: try await store.snapshot(at: base + "-baseline.db")).pending
        }
        let guards = try await GuardReport.read(configuration: simulated, store: candidateStore)
        var targets: [SimulationReport.Target] = []
        for target in simulated.targets {
            let pending = outcome.pending[target.name] ?? []
            var text: String?
            if ldif {
                let planner = try ExportPlanner(configuration: simulated, target: target)
                text = pending.compactMap { try? LDIF.changes(planner.plan($0.object)) }.joined(separator: "\n")
            }
            targets.append(
                SimulationReport.target(
                    target.name, candidate: pending, current: baselinePending[target.name] ?? [],
                    guardStop: guards.exports.first { $0.connector == target.name }?.exceeded, ldif: text))
        }
        return SimulationReport(candidateFile: candidate?.file ?? simulated.file, targets: targets, errors: outcome.errors)
    }

    private func load(_ text: ConfigurationText) throws -> Configuration {
        do {
            return try Configuration.parse(yaml: text.yaml, file: text.file)
        } catch {
            throw OperationError(.invalid, error.description)
        }
    }
}
