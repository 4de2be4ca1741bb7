import Foundation

/// curl, as an admin or an attacker would point it at the service: `--path-as-is` so that a
/// path spelling (`//api/x`, `/./api/x`) reaches the service exactly as written.
enum Curl {
    struct Response {
        var status: Int
        var body: String
    }

    /// One request. `headers` are sent as given, in order (a name twice sends it twice);
    /// `resolve` pins a host name to an address (`sync.test:8443:127.0.0.1`).
    static func request(
        _ url: String, method: String = "GET", headers: [(String, String)] = [], body: String? = nil,
        caFile: String? = nil, resolve: String? = nil
    ) async throws -> Response {
        let folder = NSTemporaryDirectory() + "ldapsync-curl-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var arguments = ["-sS", "--path-as-is", "-X", method, "-o", folder + "/body", "-w", "%{http_code}", "--max-time", "20"]
        for (name, value) in headers { arguments += ["-H", value.isEmpty ? "\(name);" : "\(name): \(value)"] }
        if let body { arguments += ["--data-binary", body] }
        if let caFile { arguments += ["--cacert", caFile] }
        if let resolve { arguments += ["--resolve", resolve] }
        arguments.append(url)
        let pid = try spawn("/usr/bin/curl", arguments, environment: [:], stdin: "/dev/null", stdout: folder + "/out", stderr: folder + "/err")
        let code = await exitStatus(of: pid)
        let status = Int((try? String(contentsOfFile: folder + "/out", encoding: .utf8)) ?? "") ?? 0
        guard code == 0 || status != 0 else {
            throw CurlError(message: "curl \(url): exit \(code): \((try? String(contentsOfFile: folder + "/err", encoding: .utf8)) ?? "")")
        }
        return Response(status: status, body: (try? String(contentsOfFile: folder + "/body", encoding: .utf8)) ?? "")
    }
}

struct CurlError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
