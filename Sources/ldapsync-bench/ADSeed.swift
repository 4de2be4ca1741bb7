import Foundation
import LDAPClient

/// Options of `ldapsync-bench ad-seed`.
struct ADSeedOptions {
    let uri: String
    let caFile: String?
    let bindDN: String
    let passwordFile: String
    /// The OU that holds the bench users (created when missing), e.g. `OU=Bench20k,DC=contoso,DC=com`.
    let ou: String
    let users: Int
    let window: Int

    init(_ arguments: BenchArguments) throws(BenchUsageError) {
        let extra = arguments.unknown(besides: ["uri", "ca-file", "bind-dn", "password-file", "ou", "users", "window"])
        guard extra.isEmpty else { throw BenchUsageError("unknown option --\(extra[0])") }
        uri = try arguments.required("uri")
        caFile = try? arguments.required("ca-file")
        bindDN = try arguments.required("bind-dn")
        passwordFile = try arguments.required("password-file")
        ou = try arguments.required("ou")
        users = try arguments.integer("users", default: 20_000)
        window = try arguments.integer("window", default: 64)
        guard ou.lowercased().hasPrefix("ou="), ou.contains(",") else {
            throw BenchUsageError("--ou must be an OU's DN (OU=name,DC=…), not \"\(ou)\"")
        }
    }

    /// The OU's name (the value of its RDN).
    var ouName: String { String(ou.dropFirst(3).prefix { $0 != "," }) }
}

/// Fills an OU of an Active Directory DC with `users` users, over LDAP with pipelined adds
/// (`writeAll`), adding only those missing: a second run with the same count adds nothing.
/// Users are `CN=bench-u000000` … with a sAMAccountName made from the OU's name, and the
/// attributes of a typical directory person.
extension ADSeedOptions {
    /// A connection to the DC bound as the domain admin (long operation timeout: big adds and deletes).
    func boundConnection() async throws -> LDAPConnection {
        let password = Password(try readPasswordFile(passwordFile))
        let connection = try await LDAPConnection.connect(
            LDAPConnectionOptions(
                uri: uri, caFile: caFile, connectTimeoutMilliseconds: 10_000, operationTimeoutMilliseconds: 300_000))
        do {
            try await connection.bind(bindDN, password: password)
        } catch {
            await connection.close()
            throw error
        }
        return connection
    }
}

/// A string escaped for a JSON string literal (backslashes and quotes; the errors are one line).
private func jsonEscaped(_ text: String) -> String {
    text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
}

struct ADSeed {
    let options: ADSeedOptions

    struct Result {
        var existing = 0
        var added = 0
        var failed = 0
        var firstError = ""
        var seconds = 0.0

        var jsonLine: String {
            let rate = seconds > 0 ? Double(added) / seconds : 0
            let error = jsonEscaped(firstError)
            return
                #"{"existing":\#(existing),"added":\#(added),"failed":\#(failed),"seconds":\#(String(format: "%.3f", seconds)),"addsPerSecond":\#(String(format: "%.1f", rate)),"firstError":"\#(error)"}"#
        }
    }

    func run() async throws -> Result {
        let connection = try await options.boundConnection()
        defer { Task { await connection.close() } }
        var result = Result()
        do {
            _ = try await connection.searchAll(SearchRequest(base: options.ou, scope: .base, attributes: ["1.1"]))
        } catch let error as LDAPError where error.code == .noSuchObject {
            try await connection.add(
                options.ou,
                attributes: [
                    LDAPAttribute("objectClass", ["top", "organizationalUnit"]), LDAPAttribute("ou", [options.ouName]),
                    LDAPAttribute("description", ["ldapsync benchmark users (scripts/bench/lib/ad.sh)"]),
                ])
        }
        let present = Set(
            try await connection.searchAll(SearchRequest(base: options.ou, scope: .oneLevel, filter: "(objectClass=user)", attributes: ["1.1"]))
                .map { $0.dn.lowercased() })
        var requests: [WriteRequest] = []
        for index in 0..<options.users {
            let number = String(index)
            let padded = String(repeating: "0", count: max(0, 6 - number.count)) + number
            let dn = "CN=bench-u\(padded),\(options.ou)"
            if present.contains(dn.lowercased()) {
                result.existing += 1
                continue
            }
            requests.append(.add(dn: dn, attributes: user(index, padded)))
        }
        let clock = ContinuousClock()
        let start = clock.now
        for (index, outcome) in try await connection.writeAll(requests, window: options.window).enumerated() {
            switch outcome {
            case .success:
                result.added += 1
            case .failure(let error) where error.code == .entryAlreadyExists:
                result.existing += 1
            case .failure(let error):
                if result.failed == 0 { result.firstError = "\(requests[index].dn): \(error)" }
                result.failed += 1
            }
        }
        let elapsed = clock.now - start
        result.seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return result
    }

    /// One bench user: about what an HR-fed directory holds for a person.
    private func user(_ index: Int, _ padded: String) -> [LDAPAttribute] {
        let given = ["Ada", "Ben", "Chloé", "Dmitri", "Eun-ji", "Farid", "Greta", "Hiro"][index % 8]
        let family = "Bench\(padded)"
        let account = "\(options.ouName.prefix(10))-\(padded)"
        return [
            LDAPAttribute("objectClass", ["top", "person", "organizationalPerson", "user"]),
            LDAPAttribute("sAMAccountName", [account]),
            LDAPAttribute("userPrincipalName", ["\(account)@bench.invalid"]),
            LDAPAttribute("givenName", [given]),
            LDAPAttribute("sn", [family]),
            LDAPAttribute("displayName", ["\(given) \(family)"]),
            LDAPAttribute("mail", ["\(account.lowercased())@bench.invalid"]),
            LDAPAttribute("title", [["Engineer", "Analyst", "Manager", "Director"][index % 4]]),
            LDAPAttribute("department", ["Dept \(index % 50)"]),
            LDAPAttribute("telephoneNumber", ["+1 555 \(padded)"]),
            LDAPAttribute("employeeID", [padded]),
        ]
    }
}

/// Removes what `ad-seed` made: every entry directly below the OU (pipelined deletes), then
/// the OU itself. Refuses an OU with anything deeper (it would not be the bench's).
struct ADRemove {
    let options: ADSeedOptions

    struct Result {
        var deleted = 0
        var failed = 0
        var firstError = ""
        var seconds = 0.0

        var jsonLine: String {
            let error = jsonEscaped(firstError)
            return #"{"deleted":\#(deleted),"failed":\#(failed),"seconds":\#(String(format: "%.3f", seconds)),"firstError":"\#(error)"}"#
        }
    }

    func run() async throws -> Result {
        let connection = try await options.boundConnection()
        defer { Task { await connection.close() } }
        var result = Result()
        let below: [LDAPEntry]
        do {
            below = try await connection.searchAll(SearchRequest(base: options.ou, scope: .subtree, attributes: ["1.1"]))
        } catch let error as LDAPError where error.code == .noSuchObject {
            return result
        }
        let depth = options.ou.split(separator: ",").count
        let children = below.filter { $0.dn.split(separator: ",").count == depth + 1 }
        guard children.count + 1 == below.count else {
            throw BenchUsageError("\(options.ou) holds entries below its children: not removed")
        }
        let clock = ContinuousClock()
        let start = clock.now
        let results = try await connection.writeAll(children.map { .delete(dn: $0.dn) }, window: options.window)
        for (index, outcome) in results.enumerated() {
            if case .failure(let error) = outcome, error.code != .noSuchObject {
                if result.failed == 0 { result.firstError = "\(children[index].dn): \(error)" }
                result.failed += 1
            } else {
                result.deleted += 1
            }
        }
        if result.failed == 0 { try await connection.delete(options.ou) }
        let elapsed = clock.now - start
        result.seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return result
    }
}
