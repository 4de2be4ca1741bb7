import Foundation
import SyncService

/// The admin API of the `ldapsync service` running on this state folder, through its Unix
/// socket `state/service.sock`: `cycle`, `run`, `connector set-password` and
/// `service-account reset` go through it, so runs queue behind the service's own and its pooled
/// connections are flushed by the service itself. (The token is state/admin.token.)
struct ServiceEndpoint {
    let socketPath: String
    let token: String
    let pid: pid_t

    static func socketPath(stateDirectory: String) -> String { (stateDirectory as NSString).appendingPathComponent("service.sock") }

    /// The running service's endpoint, or nil when no service runs on this state folder.
    static func current(stateDirectory: String) -> ServiceEndpoint? {
        let socketPath = socketPath(stateDirectory: stateDirectory)
        guard let pid = ServicePIDFile(stateDirectory: stateDirectory).runningPID(),
              FileManager.default.fileExists(atPath: socketPath),
              let token = try? AdminToken.loadOrCreate(stateDirectory: stateDirectory) else { return nil }
        return ServiceEndpoint(socketPath: socketPath, token: token.value, pid: pid)
    }

    /// POSTs JSON and decodes the answer; throws on a transport failure or an unexpected status.
    func post<T: Decodable>(_ path: String, body: some Encodable, as type: T.Type, accept: Set<Int> = [200]) throws -> T {
        let response: LoopbackHTTP.Response
        do {
            response = try LoopbackHTTP.exchange(socketPath: socketPath, method: "POST", path: path,
                                                 headers: ["Authorization": "Bearer \(token)", "Content-Type": "application/json"],
                                                 body: try JSONEncoder().encode(body))
        } catch let failure as LoopbackHTTP.Failure {
            throw CommandFailure("the running service's API (pid \(pid)): \(failure)", code: Exit.runErrors)
        }
        guard accept.contains(response.status) else {
            throw CommandFailure("the running service (pid \(pid)) answered \(response.status) to \(path): \(response.text)", code: Exit.runErrors)
        }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(type, from: response.body)
    }
}
