import Foundation
import LDAPClient
import SyncEngine

/// slapd's accesslog overlay on a private directory: every write it takes, logged under
/// `cn=accesslog` (reqType, reqDN, reqMod…), for tests that compare what ldapsync planned with
/// what the server received.
struct AccessLog {
    let directory: PrivateDirectory

    /// Loads the module, adds the log database and the overlay (cn=config, at run time).
    static func enable(on directory: PrivateDirectory) async throws -> AccessLog {
        let folder = directory.devDirectory + "/accesslog"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let config = try await LDAPConnection.connect(directory.directory.options())
        defer { Task { await config.close() } }
        try await config.bind("cn=admin,cn=config", password: directory.directory.adminPassword)
        try await config.modify("cn=module{0},cn=config", [Modification(.add, "olcModuleLoad", ["accesslog"])])
        try await config.add(
            "olcDatabase=mdb,cn=config",
            attributes: [
                LDAPAttribute("objectClass", ["olcDatabaseConfig", "olcMdbConfig"]), LDAPAttribute("olcDatabase", ["mdb"]),
                LDAPAttribute("olcDbDirectory", [folder]), LDAPAttribute("olcSuffix", ["cn=accesslog"]),
                LDAPAttribute("olcRootDN", [directory.directory.adminDN]), LDAPAttribute("olcDbMaxSize", ["1073741824"]),
            ])
        try await config.add(
            "olcOverlay=accesslog,olcDatabase={1}mdb,cn=config",
            attributes: [
                LDAPAttribute("objectClass", ["olcOverlayConfig", "olcAccessLogConfig"]), LDAPAttribute("olcOverlay", ["accesslog"]),
                LDAPAttribute("olcAccessLogDB", ["cn=accesslog"]), LDAPAttribute("olcAccessLogOps", ["writes"]),
            ])
        return AccessLog(directory: directory)
    }

    /// One logged write.
    struct Write: Hashable {
        var type: String  // add, modify, modrdn, delete
        var dn: String  // normalized
        var changes: Set<String>
    }

    /// The writes made by `bindDN` since `since` (generalized time, e.g. from `stamp()`).
    func writes(by bindDN: String, since: String) async throws -> [Write] {
        let admin = try await directory.directory.admin()
        defer { Task { await admin.close() } }
        let entries = try await admin.searchAll(
            SearchRequest(
                base: "cn=accesslog", scope: .oneLevel,
                filter: "(&(objectClass=auditWriteObject)(reqStart>=\(since))(reqResult=0))",
                attributes: ["reqType", "reqDN", "reqMod", "reqNewRDN", "reqDeleteOldRDN", "reqNewSuperior", "reqAuthzID"]))
        return entries.filter { normalizedDN($0.string("reqAuthzID")?.replacingOccurrences(of: "dn:", with: "") ?? "") == normalizedDN(bindDN) }
            .map { entry in
                var changes = Set(entry.strings("reqMod").filter { !Self.operational.contains(String($0.prefix { $0 != ":" }).lowercased()) })
                if let rdn = entry.string("reqNewRDN") { changes.insert("newrdn \(rdn.lowercased())") }
                if let superior = entry.string("reqNewSuperior") { changes.insert("newsuperior \(normalizedDN(superior))") }
                return Write(type: entry.string("reqType") ?? "", dn: normalizedDN(entry.string("reqDN") ?? ""), changes: changes)
            }
    }

    /// Attributes the server adds to every write (not sent by the client).
    static let operational: Set<String> = [
        "entryuuid", "entrycsn", "createtimestamp", "creatorsname", "modifytimestamp", "modifiersname", "structuralobjectclass",
    ]

    /// The server's time now, as the log's reqStart compares it.
    static func stamp() -> String {
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyyMMddHHmmss'Z'"
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: Date().addingTimeInterval(-1))
    }
}

/// The writes an `export preview` lists, in the accesslog's terms.
enum PreviewLDIF {
    static func writes(_ ldif: String) -> [AccessLog.Write] {
        var writes: [AccessLog.Write] = []
        for record in ldif.components(separatedBy: "\n\n") where record.contains("changetype:") {
            var dn = ""
            var type = ""
            var changes = Set<String>()
            var operation = ""
            for line in record.split(separator: "\n").map(String.init) where !line.hasPrefix("#") {
                let (name, value) = split(line)
                switch name.lowercased() {
                case "dn": dn = normalizedDN(value)
                case "changetype": type = value == "modrdn" ? "modrdn" : value
                case "add" where type == "modify", "delete" where type == "modify", "replace" where type == "modify":
                    operation = name == "add" ? "+" : (name == "delete" ? "-" : "=")
                case "-": operation = ""
                case "newrdn": changes.insert("newrdn \(value.lowercased())")
                case "newsuperior": changes.insert("newsuperior \(normalizedDN(value))")
                case "deleteoldrdn": break
                default:
                    if type == "add" {
                        changes.insert("\(name):+ \(value)")
                    } else if type == "modify" {
                        changes.insert("\(name):\(operation) \(value)")
                    }
                }
            }
            if type == "modify" {
                // "delete: attr" with no value: the log says "attr:-".
                for line in record.split(separator: "\n") where line.hasPrefix("delete: ") {
                    let name = String(line.dropFirst("delete: ".count))
                    if !changes.contains(where: { $0.hasPrefix("\(name):- ") }) { changes.insert("\(name):-") }
                }
            }
            writes.append(AccessLog.Write(type: type, dn: dn, changes: changes))
        }
        return writes
    }

    private static func split(_ line: String) -> (String, String) {
        guard let colon = line.firstIndex(of: ":") else { return (line, "") }
        let name = String(line[..<colon])
        var rest = line[line.index(after: colon)...]
        if rest.hasPrefix(":") {
            rest = rest.dropFirst()
            let decoded = Data(base64Encoded: rest.trimmingCharacters(in: .whitespaces)).map { String(decoding: $0, as: UTF8.self) } ?? ""
            return (name, decoded)
        }
        return (name, rest.trimmingCharacters(in: .whitespaces))
    }
}
