import Foundation
import Testing

@testable import SyncService

/// The admin API's contract and its routes agree: every route of `AdminServer+Routes.swift` is
/// in the OpenAPI document with the same method, every documented operation is a route, every
/// operation documents its 401, and every schema reference resolves.
@Suite struct OpenAPIContractTests {
    private var document: [String: Any] {
        get throws { try #require(try JSONSerialization.jsonObject(with: Data(OpenAPI.document.utf8)) as? [String: Any]) }
    }

    private func routes() throws -> Set<String> {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../Sources/SyncService/AdminServer+Routes.swift").standardized
        let source = try String(contentsOf: file, encoding: .utf8)
        let pattern = try NSRegularExpression(pattern: #"router\.(get|post|put|delete)\("(/api[^"]*)"\)"#)
        var found = Set<String>()
        for match in pattern.matches(in: source, range: NSRange(source.startIndex..., in: source)) {
            let method = String(source[Range(match.range(at: 1), in: source)!]).uppercased()
            let path = String(source[Range(match.range(at: 2), in: source)!])
                .split(separator: "/", omittingEmptySubsequences: false)
                .map { $0.hasPrefix(":") ? "{\($0.dropFirst())}" : String($0) }.joined(separator: "/")
            found.insert("\(method) \(path)")
        }
        return found
    }

    @Test func everyRouteIsDocumentedAndEveryDocumentedOperationIsARoute() throws {
        let paths = try #require(try document["paths"] as? [String: [String: Any]])
        var documented = Set<String>()
        for (path, operations) in paths {
            for method in operations.keys { documented.insert("\(method.uppercased()) \(path)") }
        }
        let routes = try routes()
        #expect(routes.count > 20, "the routes were read: \(routes)")
        #expect(routes.subtracting(documented).isEmpty, "routes missing from the OpenAPI document: \(routes.subtracting(documented).sorted())")
        #expect(documented.subtracting(routes).isEmpty, "documented operations with no route: \(documented.subtracting(routes).sorted())")
    }

    @Test func everyOperationAnswers401AndEveryReferenceResolves() throws {
        let document = try document
        let paths = try #require(document["paths"] as? [String: [String: [String: Any]]])
        for (path, operations) in paths {
            for (method, operation) in operations {
                let responses = operation["responses"] as? [String: Any] ?? [:]
                #expect(responses["401"] != nil, "\(method) \(path) documents no 401")
            }
        }
        let schemas = try #require((document["components"] as? [String: Any])?["schemas"] as? [String: Any])
        let text = OpenAPI.document
        let pattern = try NSRegularExpression(pattern: ##""#/components/schemas/([A-Za-z0-9]+)""##)
        for match in pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
            let name = String(text[Range(match.range(at: 1), in: text)!])
            #expect(schemas[name] != nil, "#/components/schemas/\(name) is referenced but not defined")
        }
    }
}
