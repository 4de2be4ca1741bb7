import Foundation

/// One blocking HTTP/1.1 request over a plain socket (Connection: close): how the command line
/// talks to a running service through `state/service.sock`, and the tests to its loopback
/// listener. FoundationNetworking's URLSession crashed here (an implicitly unwrapped nil in its
/// curl handle code), and nothing more than this is needed.
public enum LoopbackHTTP {
    /// What came back: the status and the body (de-chunked).
    public struct Response: Sendable {
        public var status: Int
        public var body: Data
        public var text: String { String(decoding: body, as: UTF8.self) }
    }

    /// A transport failure, in words.
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// Sends one request to `host:port` (an IPv4 address or `localhost`) and reads the whole answer.
    public static func exchange(
        host: String, port: Int, method: String, path: String,
        headers: [String: String] = [:], body: Data = Data()
    ) throws -> Response {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "socket: errno \(errno)") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr(host == "localhost" ? "127.0.0.1" : host)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw Failure(description: "cannot reach \(host):\(port) (errno \(errno))") }
        return try exchange(fd, peer: "\(host):\(port)", host: "\(host):\(port)", method: method, path: path, headers: headers, body: body)
    }

    /// Sends one request through the Unix socket at `socketPath` and reads the whole answer.
    public static func exchange(
        socketPath: String, method: String, path: String,
        headers: [String: String] = [:], body: Data = Data()
    ) throws -> Response {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "socket: errno \(errno)") }
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(socketPath.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else {
            throw Failure(description: "the socket path \(socketPath) is too long for a Unix socket")
        }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in bytes.enumerated() { raw[index] = byte }
        }
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard connected == 0 else { throw Failure(description: "cannot reach \(socketPath) (errno \(errno))") }
        return try exchange(fd, peer: socketPath, host: "localhost", method: method, path: path, headers: headers, body: body)
    }

    private static func exchange(
        _ fd: Int32, peer: String, host: String, method: String, path: String,
        headers: [String: String], body: Data
    ) throws -> Response {
        var head = "\(method) \(path) HTTP/1.1\r\nHost: \(host)\r\nConnection: close\r\nContent-Length: \(body.count)\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        var request = Data((head + "\r\n").utf8)
        request.append(body)
        let sent = request.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, 0) }
        guard sent == request.count else { throw Failure(description: "could not send to \(peer)") }
        var answer = Data()
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = recv(fd, &buffer, buffer.count, 0)
            if count <= 0 { break }
            answer.append(contentsOf: buffer[0..<count])
        }
        guard let split = answer.range(of: Data("\r\n\r\n".utf8)) else { throw Failure(description: "\(peer) sent no HTTP answer") }
        let status = String(decoding: answer[..<split.lowerBound], as: UTF8.self)
        let code = status.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
        var payload = Data(answer[split.upperBound...])
        if status.lowercased().contains("transfer-encoding: chunked") { payload = dechunk(payload) }
        return Response(status: code, body: payload)
    }

    /// The payload of a chunked body.
    static func dechunk(_ data: Data) -> Data {
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
