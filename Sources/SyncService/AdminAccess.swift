import Foundation
import Hummingbird

/// Who may reach what on the service's HTTP side, decided for every request before any route
/// runs, on the request exactly as it arrived.
///
/// Deny by default: only `GET`/`HEAD` of the exact paths in ``publicPaths`` (the console page
/// and `/metrics`) go through without the admin token. Every other request — any other path
/// or spelling of a path (`//api/x`, `/./api/x`, `/%61pi/x`, `/API/x`, `/api/x/`), any method —
/// needs exactly one `Authorization: Bearer <token>` header with the right token. The guard
/// never has to agree with the router on how a path is normalised: whatever the router would
/// make of a spelling, a request that is not byte for byte a public route carries the token.
///
/// Browsers are kept out of the API: a request whose `Host` is not one of the service's own
/// names (DNS rebinding) or whose `Origin` is not the service's own is refused, and a request
/// that changes state must say `Content-Type: application/json` (which a cross-site form or a
/// "simple" cross-origin request cannot send without a preflight the service never approves).
/// A request with the token and a method its route does not take is answered 405 (with
/// `Allow`) before that rule, whatever its Content-Type.
public struct AdminAccess: Sendable {
    /// Routes that need no token (GET and HEAD only, exact raw paths).
    public static let publicPaths: Set<String> = ["/", "/metrics"]

    /// The admin token.
    public var token: AdminToken
    /// `host[:port]` values (lowercased) a request's `Host` header may hold; nil for a listener
    /// no browser can reach (the state folder's Unix socket), where any Host is accepted.
    public var allowedHosts: Set<String>?
    /// `scheme://host[:port]` values (lowercased) an `Origin` header may hold.
    public var allowedOrigins: Set<String>
    /// The routes and their methods (none: every method goes on to the router).
    public var routes = AdminRoutes()

    /// A policy for one listener.
    public init(token: AdminToken, allowedHosts: Set<String>?, allowedOrigins: Set<String>) {
        self.token = token
        self.allowedHosts = allowedHosts
        self.allowedOrigins = allowedOrigins
    }

    /// Why a request is refused: the status and a message for the caller (never a secret).
    public struct Refusal: Sendable, Equatable {
        public var status: HTTPResponse.Status
        public var message: String
        /// The methods the path takes, for a 405's `Allow` header.
        public var allow: String? = nil
    }

    /// Decides one request: nil lets it through. `path` is the request's path as sent (nothing
    /// decoded or collapsed, no query); `authority` its `Host`.
    public func check(method: HTTPRequest.Method, path: String, authority: String?, headers: HTTPFields) -> Refusal? {
        if let allowedHosts {
            guard let authority, allowedHosts.contains(authority.lowercased()) else {
                return Refusal(
                    status: .misdirectedRequest,
                    message: "the Host header must name this service (one of: \(allowedHosts.sorted().joined(separator: ", ")))")
            }
        }
        for origin in headers[values: .origin] where !allowedOrigins.contains(origin.lowercased()) {
            return Refusal(status: .forbidden, message: "cross-origin requests are refused (Origin \(origin.prefix(100)))")
        }
        let readOnly = method == .get || method == .head
        if readOnly, Self.publicPaths.contains(path) { return nil }
        guard token.accepts(headers[values: .authorization]) else {
            return Refusal(status: .unauthorized, message: "the admin token is missing or wrong (see state/admin.token)")
        }
        if let methods = routes.methods(at: path), !methods.contains(method) {
            let allow = AdminRoutes.allow(methods)
            return Refusal(
                status: .methodNotAllowed, message: "\(method.rawValue.prefix(20)) is not a method of this route (it takes \(allow))", allow: allow)
        }
        if !readOnly {
            let types = headers[values: .contentType]
            guard types.count == 1, Self.isJSON(types[0]) else {
                return Refusal(status: .unsupportedMediaType, message: "requests that change state must send Content-Type: application/json")
            }
        }
        return nil
    }

    /// Whether a Content-Type value is `application/json` (parameters such as charset allowed).
    static func isJSON(_ value: String) -> Bool {
        let media = value.split(separator: ";", maxSplits: 1).first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        return media == "application/json"
    }
}
