import LDAPClient

/// What an Active Directory import needs to know about the DC it is talking to, read from the
/// rootDSE and the DC's `NTDS Settings` object (both readable by any authenticated account).
struct ADDomainController: Sendable {
    /// `highestCommittedUSN` when read: every change after this has a higher `uSNChanged`.
    var highestCommittedUSN: UInt64
    /// The DC database's `invocationId` (canonical GUID text); nil when it could not be read.
    var invocationID: String?
    /// The naming context holding the connector's base: DirSync works only at an NC root, and
    /// tombstones live in its `CN=Deleted Objects`.
    var namingContext: String

    /// Reads the rootDSE, then the invocationId of the `dsServiceName` object.
    static func read(_ connection: LDAPConnection, base: DistinguishedName) async throws -> ADDomainController {
        let rootDSE = SearchRequest(base: "", scope: .base, attributes: ["highestCommittedUSN", "dsServiceName", "namingContexts"])
        guard let dse = try await firstEntry(connection, rootDSE),
            let usn = dse.string("highestCommittedUSN").flatMap(UInt64.init)
        else {
            throw LDAPError(
                code: .noSuchAttribute, operation: .search,
                diagnostic: "the rootDSE has no highestCommittedUSN: this server does not look like an Active Directory DC", dn: "")
        }
        // The longest naming context the base is within (a base below the domain root is allowed).
        let contexts = dse.strings("namingContexts").compactMap { try? DistinguishedName($0) }.filter { base.isWithin($0) }
        let context = contexts.max { $0.rdns.count < $1.rdns.count }?.description ?? base.description
        var invocationID: String?
        if let service = dse.string("dsServiceName") {
            let request = SearchRequest(base: service, scope: .base, attributes: ["invocationId"])
            invocationID = try? await firstEntry(connection, request)?.values("invocationId").first.flatMap(Anchor.guid)
        }
        return ADDomainController(highestCommittedUSN: usn, invocationID: invocationID, namingContext: context)
    }

    /// Whether this account can see tombstones at all: a Show Deleted look into the naming
    /// context's Deleted Objects container (found by its well-known GUID, not its name). An
    /// empty or unreadable container answers false, and the caller compares anchors instead.
    func tombstonesVisible(_ connection: LDAPConnection) async -> Bool {
        let request = SearchRequest(
            base: "<WKGUID=18e2ea80684f11d2b9aa00c04f79f805,\(namingContext)>", scope: .oneLevel,
            filter: "(isDeleted=TRUE)", attributes: ["objectGUID"], sizeLimit: 1, controls: [.showDeleted])
        do {
            for try await message in connection.search(request) {
                if case .entry(let entry) = message, entry.values("objectGUID").first?.count == 16 { return true }
            }
        } catch {
            return false
        }
        return false
    }

    /// The first entry of a small unpaged search (a base search), or nil.
    static func firstEntry(_ connection: LDAPConnection, _ request: SearchRequest) async throws -> LDAPEntry? {
        for try await message in connection.search(request) {
            if case .entry(let entry) = message { return entry }
        }
        return nil
    }
}

extension Anchor {
    /// The wire bytes of an AD objectGUID from its canonical text (the inverse of `guid(_:)`).
    static func guidBytes(_ text: String) -> [UInt8]? {
        let digits = text.utf8.filter { $0 != UInt8(ascii: "-") }.map { $0 }
        guard digits.count == 32 else { return nil }
        var bytes: [UInt8] = []
        for index in stride(from: 0, to: 32, by: 2) {
            guard let byte = UInt8(String(decoding: digits[index..<index + 2], as: UTF8.self), radix: 16) else { return nil }
            bytes.append(byte)
        }
        // The first three fields are little-endian on the wire: the same swaps undo them.
        return [3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15].map { bytes[$0] }
    }
}
