import Foundation
import Hummingbird
import NIOCore
import Operations
import SyncEngine

/// How the admin API answers: JSON for a result, and an `OperationError` (JSON, with the
/// status its kind gives) for a failure, so the command line through the service reports the
/// same words as without it. Nothing else escapes: an unexpected error is a 500 with its text.
extension AdminServer {
    static func answer(status: HTTPResponse.Status = .ok, _ body: () async throws -> some Encodable) async throws -> Response {
        do {
            return try json(try await body(), status: status)
        } catch let error as OperationError {
            return try json(error, status: HTTPResponse.Status(code: error.httpStatus))
        } catch let error as HTTPError {
            throw error
        } catch {
            return try json(OperationError(.failed, "\(error)"), status: .internalServerError)
        }
    }

    static func json(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        return response(String(decoding: try encoder.encode(value), as: UTF8.self), contentType: "application/json", status: status)
    }

    /// The body as `T` (64 KiB at most); a body that is not that JSON is `invalid`.
    static func decode<T: Decodable>(_ type: T.Type, _ request: Request) async throws -> T {
        guard let value = try await decodeIfPresent(type, request) else { throw OperationError(.invalid, "the request needs a JSON body") }
        return value
    }

    /// The body as `T`, or nil when the body is empty.
    static func decodeIfPresent<T: Decodable>(_ type: T.Type, _ request: Request) async throws -> T? {
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: 64 * 1024)
        } catch {
            throw OperationError(.invalid, "the request body is larger than 64 KiB")
        }
        guard body.readableBytes > 0 else { return nil }
        do {
            return try JSONDecoder().decode(type, from: Data(buffer: body))
        } catch {
            throw OperationError(.invalid, "the request body is not the expected JSON: \(error)")
        }
    }

    static func name(_ context: BasicRequestContext) throws -> String {
        guard let name = context.parameters.get("name"), !name.isEmpty else { throw OperationError(.invalid, "no connector named in the path") }
        return name
    }

    static func id(_ context: BasicRequestContext) throws -> Int64 {
        guard let text = context.parameters.get("id"), let id = Int64(text) else {
            throw OperationError(.invalid, "the id in the path is not a number")
        }
        return id
    }

    /// The query parameter `name` as a whole number (within `range`, as the document says).
    static func int(_ request: Request, _ name: String, in range: ClosedRange<Int>? = nil) throws -> Int? {
        guard let text = request.uri.queryParameters.get(name) else { return nil }
        guard let value = Int(text) else { throw OperationError(.invalid, "\(name) must be a whole number, not \"\(text.prefix(50))\"") }
        if let range, !range.contains(value) {
            throw OperationError(.invalid, "\(name) must be from \(range.lowerBound) to \(range.upperBound), not \(value)")
        }
        return value
    }

    /// The query parameter `name` as `true` or `false`.
    static func bool(_ request: Request, _ name: String) throws -> Bool? {
        guard let text = request.uri.queryParameters.get(name) else { return nil }
        guard let value = Bool(text) else { throw OperationError(.invalid, "\(name) must be true or false, not \"\(text.prefix(50))\"") }
        return value
    }
}

/// The body of an action that takes no options: nothing, or an empty JSON object.
struct NoOptions: Decodable {
    init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys([])
    }
}
