import Foundation
import Operations

/// The service's admin API and metrics from a test, off Swift's cooperative pool (the request
/// blocks on a socket: it runs on a thread of its own).
enum HTTP {
    struct Response {
        var status: Int
        var body: String
    }

    /// Sends one request to 127.0.0.1:`port` and reads the whole answer.
    static func request(port: Int, method: String = "GET", path: String, headers: [String: String] = [:], body: String = "") async throws -> Response
    {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(
                    with: Result {
                        let answer = try LoopbackHTTP.exchange(
                            host: "127.0.0.1", port: port, method: method, path: path, headers: headers, body: Data(body.utf8))
                        return Response(status: answer.status, body: answer.text)
                    })
            }
        }
    }
}
