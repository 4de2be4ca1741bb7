import Foundation
import SyncService

/// The admin API of the `ldapsync service` running on this state folder, if it listens:
/// `cycle`, `run`, `connector set-password` and `service-account reset` then go through it, so
/// runs queue behind the service's own and its pooled connections are flushed by the service
/// itself. (`state/service.listen` holds HOST:PORT while it runs; the token is state/admin.token.)
struct ServiceEndpoint {
    let host: String
    let port: Int
    let token: String
    let pid: pid_t

    static func path(stateDirectory: String) -> String { (stateDirectory as NSString).appendingPathComponent("service.listen") }

    /// The running service's endpoint, or nil (no service, or one without --listen).
    static func current(stateDirectory: String) -> ServiceEndpoint? {
        guard let pid = ServicePIDFile(stateDirectory: stateDirectory).runningPID(),
              let text = try? String(contentsOfFile: path(stateDirectory: stateDirectory), encoding: .utf8),
              let colon = text.lastIndex(of: ":"),
              let port = Int(text[text.index(after: colon)...].trimmingCharacters(in: .whitespacesAndNewlines)),
              let token = try? AdminToken.loadOrCreate(stateDirectory: stateDirectory) else { return nil }
        return ServiceEndpoint(host: String(text[..<colon]), port: port, token: token.value, pid: pid)
    }

    /// POSTs JSON and decodes the answer; throws on a transport failure or an unexpected status.
    func post<T: Decodable>(_ path: String, body: some Encodable, as type: T.Type, accept: Set<Int> = [200]) throws -> T {
        let response: LoopbackHTTP.Response
        do {
            response = try LoopbackHTTP.exchange(host: host, port: port, method: "POST", path: path,
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
