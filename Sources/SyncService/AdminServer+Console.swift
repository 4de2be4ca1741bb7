import Connectors
import Credentials
import Foundation
import Hummingbird
import LDAPClient
import NIOCore
import SyncEngine

/// The routes behind the web console's actions: set a connector's password (verified by a
/// test bind, stored, the service flushed), test a connection, search the metaverse and a
/// connector space; and the console page itself.
extension AdminServer {
    func addConsoleRoutes(to router: Router<BasicRequestContext>) {
        router.get("/") { _, _ -> Response in
            Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: ConsolePage.html)))
        }
        router.post("/api/connectors/:name/password") { request, context -> Response in
            let connector = try connector(context)
            let body = try await request.body.collect(upTo: 64 * 1024)
            guard let form = try? JSONDecoder().decode(PasswordForm.self, from: Data(buffer: body)), !form.password.isEmpty else {
                throw HTTPError(.badRequest, message: "send {\"password\": \"…\"}")
            }
            let password = Password(form.password)
            let verify = form.verify ?? true
            do {
                if verify { try await ConnectorCheck.verify(connector, password: password) }
            } catch let error as LDAPError where error.isCredentialRejection {
                return try Self.json(ConsoleResult(ok: false, message: "The directory refused a test bind as \(connector.bindDN) with this password: "
                    + "\(error.bindRejectionReason). The stored password was not changed."), status: .unprocessableContent)
            }
            let actor = form.actor ?? "admin console"
            let record = try credentials.setPassword(password, for: connector.name, by: actor)
            _ = try store.write { try $0.insert(EventCatalog.credentialUpdated(connector: connector.name, by: actor, generation: record.generation, verified: verify)) }
            let closed = await flush()
            return try Self.json(ConsoleResult(ok: true, message: "The password of \(connector.name) was \(verify ? "verified and stored" : "stored without a test bind") (generation \(record.generation)); "
                + "\(closed) pooled connection(s) closed. The next run binds with it."))
        }
        router.post("/api/connectors/:name/test") { _, context -> Response in
            let connector = try connector(context)
            do {
                let report = try await ConnectorCheck.test(connector, credentials: credentials)
                let counts = report.objectsPerContainer.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", ")
                return try Self.json(ConsoleResult(ok: true, message: "Bound as \(report.boundAs); objects in scope: \(counts)."))
            } catch {
                return try Self.json(ConsoleResult(ok: false, message: "\(error)"))
            }
        }
        router.get("/api/mv") { request, _ -> Response in
            let (attribute, value) = try searchTerms(request)
            let found = try store.read { try $0.mvSearch(attribute: attribute, value: value, limit: 50) }
            return try Self.json(found.map { FoundObject(id: $0.id, objectType: $0.objectType, dn: nil, attributes: Self.strings($0.attributes)) })
        }
        router.get("/api/cs/:name") { request, context -> Response in
            let connector = try connector(context)
            let (attribute, value) = try searchTerms(request)
            let found = try store.read { try $0.csSearch(connector: connector.name, attribute: attribute, value: value, limit: 50) }
            return try Self.json(found.map { FoundObject(id: $0.id, objectType: $0.objectType, dn: $0.dn, attributes: Self.strings($0.attributes)) })
        }
    }

    private func connector(_ context: BasicRequestContext) throws -> ConnectorConfiguration {
        let name = try context.parameters.require("name")
        guard let connector = configuration.connector(named: name) else { throw HTTPError(.notFound, message: "no connector is named \(name)") }
        return connector
    }

    private func searchTerms(_ request: Request) throws -> (String, String) {
        guard let attribute = request.uri.queryParameters.get("attribute"), let value = request.uri.queryParameters.get("value"),
              !attribute.isEmpty, !value.isEmpty else { throw HTTPError(.badRequest, message: "give attribute= and value=") }
        return (attribute, value)
    }

    static func strings(_ attributes: AttributeSet) -> [String: [String]] {
        var out: [String: [String]] = [:]
        for key in attributes.keys where !AttributeSet.secretAttributes.contains(key) { out[attributes.displayName(key)] = attributes.strings(key) }
        return out
    }
}

struct PasswordForm: Decodable { var password: String; var verify: Bool?; var actor: String? }
struct ConsoleResult: Encodable { var ok: Bool; var message: String }
struct FoundObject: Encodable { var id: Int64; var objectType: String; var dn: String?; var attributes: [String: [String]] }
