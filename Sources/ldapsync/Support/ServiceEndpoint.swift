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
        let payload = try JSONEncoder().encode(body)
        let (status, data) = try exchange("POST", path, payload)
        guard accept.contains(status) else {
            throw CommandFailure("the running service (pid \(pid)) answered \(status) to \(path): \(String(decoding: data, as: UTF8.self))", code: Exit.runErrors)
        }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(type, from: data)
    }

    /// One HTTP/1.1 request over a socket (Connection: close).
    private func exchange(_ method: String, _ path: String, _ payload: Data) throws -> (Int, Data) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw CommandFailure("socket: errno \(errno)", code: Exit.runErrors) }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr(host == "localhost" ? "127.0.0.1" : host)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw CommandFailure("cannot reach the running service's API at \(host):\(port) (errno \(errno))", code: Exit.runErrors) }
        var request = Data("\(method) \(path) HTTP/1.1\r\nHost: \(host):\(port)\r\nConnection: close\r\nAuthorization: Bearer \(token)\r\nContent-Type: application/json\r\nContent-Length: \(payload.count)\r\n\r\n".utf8)
        request.append(payload)
        let sent = request.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, 0) }
        guard sent == request.count else { throw CommandFailure("could not send to the running service's API", code: Exit.runErrors) }
        var answer = Data()
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = recv(fd, &buffer, buffer.count, 0)
            if count <= 0 { break }
            answer.append(contentsOf: buffer[0..<count])
        }
        guard let split = answer.range(of: Data("\r\n\r\n".utf8)) else { throw CommandFailure("the running service's API sent no HTTP answer", code: Exit.runErrors) }
        let head = String(decoding: answer[..<split.lowerBound], as: UTF8.self)
        let status = head.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
        var body = Data(answer[split.upperBound...])
        if head.lowercased().contains("transfer-encoding: chunked") { body = Self.dechunk(body) }
        return (status, body)
    }

    private static func dechunk(_ data: Data) -> Data {
        var rest = data[...]
        var out = Data()
        while let line = rest.range(of: Data("\r\n".utf8)) {
            let size = Int(String(decoding: rest[rest.startIndex..<line.lowerBound], as: UTF8.self), radix: 16) ?? 0
            if size == 0 { break }
            let start = line.upperBound
            let end = min(start + size, rest.endIndex)
            out.append(rest[start..<end])
            rest = rest[min(end + 2, rest.endIndex)...]
        }
        return out
    }
}
