import Foundation
import SyncEngine

/// The Samba AD DC's JSON audit of database changes (`log level = … dsdb_json_audit:5@<file>`,
/// set by scripts/lib/samba.sh): every write it took, in the accesslog's terms, for tests that
/// compare what ldapsync planned with what the DC received.
enum SambaAudit {
    static var file: String {
        (ProcessInfo.processInfo.environment["LDAPSYNC_DEV_DIR"] ?? TestDirectory.repositoryRoot.appendingPathComponent(".dev").path)
            + "/samba/log/dsdb-audit.json"
    }

    /// How many bytes the audit holds now (read the writes after this point).
    static func mark() -> UInt64 {
        ((try? FileManager.default.attributesOfItem(atPath: file)[.size]) as? NSNumber)?.uint64Value ?? 0
    }

    /// The writes below `base` logged after `mark` (secret values are redacted by Samba: those
    /// attributes appear as `name:redacted`).
    static func writes(since mark: UInt64, below base: String) throws -> [AccessLog.Write] {
        guard let handle = FileHandle(forReadingAtPath: file) else { return [] }
        defer { try? handle.close() }
        try handle.seek(toOffset: mark)
        let text = String(decoding: handle.readDataToEndOfFile(), as: UTF8.self)
        let suffix = normalizedDN(base)
        var writes: [AccessLog.Write] = []
        for line in text.split(separator: "\n") {
            guard let start = line.firstIndex(of: "{"),
                let json = try? JSONSerialization.jsonObject(with: Data(line[start...].utf8)) as? [String: Any],
                json["type"] as? String == "dsdbChange", let change = json["dsdbChange"] as? [String: Any],
                change["statusCode"] as? Int == 0, let dn = change["dn"] as? String,
                normalizedDN(dn).hasSuffix(suffix)
            else { continue }
            let operation = (change["operation"] as? String ?? "").lowercased()
            var changes = Set<String>()
            for (name, detail) in change["attributes"] as? [String: Any] ?? [:] {
                for action in (detail as? [String: Any])?["actions"] as? [[String: Any]] ?? [] {
                    if action["redacted"] as? Bool == true {
                        changes.insert("\(name.lowercased()):redacted")
                        continue
                    }
                    let verb = action["action"] as? String ?? ""
                    let mark = operation == "add" ? "+" : (verb == "add" ? "+" : (verb == "delete" ? "-" : "="))
                    let values = (action["values"] as? [[String: Any]] ?? []).compactMap { $0["value"] as? String }
                    if values.isEmpty { changes.insert("\(name.lowercased()):\(mark)") }
                    for value in values { changes.insert("\(name.lowercased()):\(mark) \(value)") }
                }
            }
            writes.append(AccessLog.Write(type: operation, dn: normalizedDN(dn), changes: changes))
        }
        return writes
    }
}

extension String {
    /// `Name:+ value` compared as the DC means it: the attribute name lowercased (AD's log
    /// names attributes its own way), a DN value normalized and without the extended-DN
    /// `<GUID=…>;<SID=…>;` prefix the log adds.
    var lowercasedName: String {
        guard let colon = firstIndex(of: ":") else { return lowercased() }
        let name = self[..<colon].lowercased()
        let rest = self[colon...]
        guard let space = rest.firstIndex(of: " ") else { return name + rest }
        var value = String(rest[rest.index(after: space)...])
        if value.hasPrefix("<"), let end = value.range(of: ">;", options: .backwards) { value = String(value[end.upperBound...]) }
        if value.contains("="), value.contains(",") { value = normalizedDN(value) }
        return name + rest[..<space] + " " + value
    }
}
