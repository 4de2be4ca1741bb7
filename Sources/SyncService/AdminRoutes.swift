import HTTPTypes
import Hummingbird

/// One route of the admin API, as `AdminServer+Routes.swift` declares it.
struct AdminRoute: Sendable {
    var method: HTTPRequest.Method
    /// Hummingbird's pattern: `/api/runs/:id`.
    var path: String
    var handler: @Sendable (Request, BasicRequestContext) async throws -> Response
}

/// Which methods each route path takes: what a request with another method is refused with
/// (405, and `Allow`), before the JSON rule for state changes is applied to it.
public struct AdminRoutes: Sendable {
    /// Path patterns split at `/` (`:name` segments match any one segment), with their methods.
    private var patterns: [(segments: [Substring], methods: Set<HTTPRequest.Method>)] = []

    /// No routes: every method goes on to the router.
    public init() {}

    /// The routes of `(method, pattern)` pairs; a path with GET also takes HEAD.
    public init(_ routes: [(HTTPRequest.Method, String)]) {
        for (method, path) in routes {
            let segments = path.split(separator: "/", omittingEmptySubsequences: false)
            let methods: Set<HTTPRequest.Method> = method == .get ? [.get, .head] : [method]
            if let index = patterns.firstIndex(where: { $0.segments == segments }) {
                patterns[index].methods.formUnion(methods)
            } else {
                patterns.append((segments, methods))
            }
        }
    }

    /// The methods of the route `path` (as sent, no query) names, or nil when it names none.
    public func methods(at path: String) -> Set<HTTPRequest.Method>? {
        let segments = path.split(separator: "/", omittingEmptySubsequences: false)
        return patterns.first { pattern in
            pattern.segments.count == segments.count
                && zip(pattern.segments, segments).allSatisfy { expected, sent in
                    expected.hasPrefix(":") ? !sent.isEmpty : expected == sent
                }
        }?.methods
    }

    /// An `Allow` header's value: the methods in a fixed order.
    public static func allow(_ methods: Set<HTTPRequest.Method>) -> String {
        methods.map(\.rawValue).sorted().joined(separator: ", ")
    }
}
