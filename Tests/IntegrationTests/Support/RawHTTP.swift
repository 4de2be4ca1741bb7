import Foundation

/// An HTTP/1.1 request sent byte for byte as written (path spellings, repeated or missing
/// headers: what an attacker sends), on a thread of its own; the answer's status and body.
enum RawHTTP {
    static func send(
        port: Int, method: String = "GET", path: String, headers: [(String, String)] = [],
        host: String? = nil, body: String = ""
    ) async throws -> Curl.Response {
        var head = "\(method) \(path) HTTP/1.1\r\n"
        head += "Host: \(host ?? "127.0.0.1:\(port)")\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        head += "Content-Length: \(Array(body.utf8).count)\r\nConnection: close\r\n\r\n\(body)"
        let request = Array(head.utf8)
        return try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(with: Result { try exchange(port: port, request: request) })
            }
        }
    }

    private static func exchange(port: Int, request: [UInt8]) throws -> Curl.Response {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw CurlError(message: "socket: errno \(errno)") }
        defer { close(fd) }
        var timeout = timeval(tv_sec: 30, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw CurlError(message: "cannot reach 127.0.0.1:\(port) (errno \(errno))") }
        guard Glibc.send(fd, request, request.count, 0) == request.count else { throw CurlError(message: "could not send") }
        var answer: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = recv(fd, &buffer, buffer.count, 0)
            if count <= 0 { break }
            answer += buffer[0..<count]
        }
        let text = String(decoding: answer, as: UTF8.self)
        guard let split = text.range(of: "\r\n\r\n") else { throw CurlError(message: "no HTTP answer: \(text.prefix(200))") }
        let status = text[..<split.lowerBound].split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
        return Curl.Response(status: status, body: String(text[split.upperBound...]))
    }
}
