import Foundation

/// A minimal HTTP/1.1 client over a plain socket (Connection: close), for the service's admin
/// API and metrics: FoundationNetworking's URLSession crashed here (an implicitly unwrapped nil
/// inside its curl handle code), and the tests need no more than this.
enum HTTP {
    struct Response {
        var status: Int
        var body: String
    }

    /// Sends one request to 127.0.0.1:`port` and reads the whole answer.
    static func request(port: Int, method: String = "GET", path: String, headers: [String: String] = [:]) async throws -> Response {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(with: Result { try blockingRequest(port: port, method: method, path: path, headers: headers) })
            }
        }
    }

    private static func blockingRequest(port: Int, method: String, path: String, headers: [String: String]) throws -> Response {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw DirectoryScriptError(message: "socket: errno \(errno)") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw DirectoryScriptError(message: "connect to 127.0.0.1:\(port): errno \(errno)") }
        var text = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\nContent-Length: 0\r\n"
        for (name, value) in headers { text += "\(name): \(value)\r\n" }
        text += "\r\n"
        let bytes = Array(text.utf8)
        guard send(fd, bytes, bytes.count, 0) == bytes.count else { throw DirectoryScriptError(message: "send: errno \(errno)") }
        var answer: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = recv(fd, &buffer, buffer.count, 0)
            if count <= 0 { break }
            answer += buffer[0..<count]
        }
        let whole = String(decoding: answer, as: UTF8.self)
        guard let statusLine = whole.split(separator: "\r\n").first, let code = statusLine.split(separator: " ").dropFirst().first.flatMap({ Int($0) }) else {
            throw DirectoryScriptError(message: "not an HTTP answer: \(whole.prefix(200))")
        }
        var body = whole.components(separatedBy: "\r\n\r\n").dropFirst().joined(separator: "\r\n\r\n")
        if whole.lowercased().contains("transfer-encoding: chunked") { body = dechunk(body) }
        return Response(status: code, body: body)
    }

    /// The payload of a chunked body.
    private static func dechunk(_ body: String) -> String {
        var bytes = Array(body.utf8)[...]
        var out: [UInt8] = []
        while let lineEnd = bytes.firstRange(of: Array("\r\n".utf8)) {
            let size = Int(String(decoding: bytes[bytes.startIndex..<lineEnd.lowerBound], as: UTF8.self), radix: 16) ?? 0
            if size == 0 { break }
            let start = lineEnd.upperBound
            out += bytes[start..<min(start + size, bytes.endIndex)]
            bytes = bytes[min(start + size + 2, bytes.endIndex)...]
        }
        return String(decoding: out, as: UTF8.self)
    }
}
