import Foundation
import LDAPClient
import Synchronization

/// Options of `ldapsync-bench realtime`.
struct RealtimeOptions {
    let sourceURI, sourceBindDN, sourcePasswordFile, sourceBase: String
    let targetURI, targetBindDN, targetPasswordFile, targetBase: String
    let rate, seconds, users: Int
    let phase: String

    init(_ arguments: BenchArguments) throws(BenchUsageError) {
        let known: Set<String> = [
            "source-uri", "source-bind-dn", "source-password-file", "source-base", "target-uri", "target-bind-dn", "target-password-file",
            "target-base", "rate", "seconds", "users", "phase",
        ]
        let extra = arguments.unknown(besides: known)
        guard extra.isEmpty else { throw BenchUsageError("unknown option --\(extra[0])") }
        sourceURI = try arguments.required("source-uri")
        sourceBindDN = try arguments.required("source-bind-dn")
        sourcePasswordFile = try arguments.required("source-password-file")
        sourceBase = try arguments.required("source-base")
        targetURI = try arguments.required("target-uri")
        targetBindDN = try arguments.required("target-bind-dn")
        targetPasswordFile = try arguments.required("target-password-file")
        targetBase = try arguments.required("target-base")
        rate = try arguments.integer("rate", default: 100)
        seconds = try arguments.integer("seconds", default: 30)
        users = try arguments.integer("users", default: 100_000)
        phase = try arguments.required("phase")
    }
}

/// Changes the source at a steady rate (modifies, adds, deletes, renames, memberships) while a
/// persistent search on the target (RFC 4533 refreshAndPersist) sees each marked value arrive:
/// per change, the time from its write to its visibility in the target. Then waits for quiet
/// and compares source and target (every person's description, the phase's people, the groups
/// it touched).
struct RealtimeBenchmark {
    let options: RealtimeOptions

    struct Result {
        var sent = 0
        var measured = 0
        var arrived = 0
        var achievedRate = 0.0
        var p50 = 0.0, p99 = 0.0, max = 0.0
        var firstHalfP50 = 0.0, secondHalfP50 = 0.0
        var equal = false
        var differences: [String] = []

        var jsonLine: String {
            let fields: [String: Any] = [
                "sent": sent, "measured": measured, "arrived": arrived, "achievedRate": achievedRate, "p50": p50, "p99": p99, "max": max,
                "firstHalfP50": firstHalfP50, "secondHalfP50": secondHalfP50, "equal": equal, "differences": Array(differences.prefix(5)),
            ]
            let data = (try? JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys])) ?? Data()
            return String(decoding: data, as: UTF8.self)
        }
    }

    private func connect(_ uri: String, _ bindDN: String, _ passwordFile: String) async throws -> LDAPConnection {
        let connection = try await LDAPConnection.connect(
            LDAPConnectionOptions(uri: uri, connectTimeoutMilliseconds: 10_000, operationTimeoutMilliseconds: 120_000))
        try await connection.bind(bindDN, password: Password(try readPasswordFile(passwordFile)))
        return connection
    }

    func run() async throws -> Result {
        let marker = "rt-\(options.phase)-"
        let source = try await connect(options.sourceURI, options.sourceBindDN, options.sourcePasswordFile)
        let target = try await connect(options.targetURI, options.targetBindDN, options.targetPasswordFile)
        let watcher = try await connect(options.targetURI, options.targetBindDN, options.targetPasswordFile)
        let sentAt = Mutex<[String: ContinuousClock.Instant]>([:])
        let seenAt = Mutex<[String: ContinuousClock.Instant]>([:])
        let watch = watcher.watch(
            SearchRequest(
                base: options.targetBase, scope: .subtree, filter: "(description=\(marker)*)", attributes: ["description"],
                controls: [.syncRequest(mode: .refreshAndPersist, cookie: nil)]))
        let watching = Task {
            while !Task.isCancelled {
                guard let messages = try? await watch.next(waitingUpTo: 100) else { return }
                let now = ContinuousClock.now
                for case .entry(let entry) in messages {
                    for value in entry.strings("description") where value.hasPrefix(marker) {
                        seenAt.withLock { if $0[value] == nil { $0[value] = now } }
                    }
                }
            }
        }
        try await Task.sleep(for: .milliseconds(500))

        let people = "ou=people,\(options.sourceBase)"
        let width = max(6, String(options.users).count)
        func user(_ number: Int) -> String { "uid=user\(String(repeating: "0", count: max(0, width - String(number).count)))\(number),\(people)" }
        var added: [String] = []
        var generator = SystemRandomNumberGenerator()
        let total = options.rate * options.seconds
        let clock = ContinuousClock()
        let start = clock.now
        var next = 0
        var touchedGroups = Set<String>()
        while next < total {
            let due = min(
                total,
                Int(
                    Double((clock.now - start).components.seconds) * Double(options.rate)
                        + Double((clock.now - start).components.attoseconds) / 1e18 * Double(options.rate)) + 1)
            var batch: [WriteRequest] = []
            var markers: [String] = []
            while next < due {
                let index = next
                next += 1
                let value = "\(marker)\(index)"
                switch index % 20 {
                case 14, 15:
                    let dn = "uid=\(marker)\(index),\(people)"
                    batch.append(
                        .add(
                            dn: dn,
                            attributes: [
                                LDAPAttribute("objectClass", ["inetOrgPerson"]), LDAPAttribute("uid", ["\(marker)\(index)"]),
                                LDAPAttribute("cn", ["RT \(index)"]), LDAPAttribute("sn", ["RT"]), LDAPAttribute("description", [value]),
                            ]))
                    added.append(dn)
                    markers.append(value)
                case 16,
                    17 where added.count > 4:
                    batch.append(.delete(dn: added.removeFirst()))
                case 18 where added.count > 4:
                    let old = added.removeFirst()
                    batch.append(.rename(dn: old, newRDN: "uid=\(marker)\(index)-r", newSuperior: nil, deleteOldRDN: true))
                    added.append("uid=\(marker)\(index)-r,\(people)")
                case 19 where !added.isEmpty:
                    let group = "cn=group\(String(format: "%04d", Int.random(in: 1...20, using: &generator))),ou=groups,\(options.sourceBase)"
                    touchedGroups.insert(group)
                    batch.append(.modify(dn: group, changes: [Modification(.add, "member", [added[added.count - 1]])]))
                default:
                    batch.append(
                        .modify(
                            dn: user(Int.random(in: 1...options.users, using: &generator)), changes: [Modification(.replace, "description", [value])]
                        ))
                    markers.append(value)
                }
            }
            if !batch.isEmpty {
                let now = clock.now
                sentAt.withLock { sent in for value in markers { sent[value] = now } }
                for result in try await source.writeAll(batch, window: 64) {
                    if case .failure(let error) = result { FileHandle.standardError.write(Data("ldapsync-bench: a change failed: \(error)\n".utf8)) }
                }
            }
            try await Task.sleep(for: .milliseconds(5))
        }
        let elapsed = clock.now - start
        // Wait for every marker (or a minute of nothing new).
        var lastCount = -1
        var quietSince = clock.now
        while true {
            let (arrived, expected) = (seenAt.withLock { $0.count }, sentAt.withLock { $0.count })
            if arrived >= expected { break }
            if arrived != lastCount { (lastCount, quietSince) = (arrived, clock.now) }
            if clock.now - quietSince > .seconds(60) { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        watching.cancel()
        var result = Result()
        let sent = sentAt.withLock { $0 }
        let seen = seenAt.withLock { $0 }
        result.sent = total
        result.measured = sent.count
        result.arrived = seen.count
        result.achievedRate = Double(total) / (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
        func seconds(_ duration: Duration) -> Double { Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18 }
        let ordered = sent.sorted { $0.value < $1.value }
        let lags = ordered.compactMap { key, time in seen[key].map { seconds($0 - time) } }
        func quantile(_ values: [Double], _ q: Double) -> Double {
            let sorted = values.sorted()
            return sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, max(0, Int((Double(sorted.count) * q).rounded(.up)) - 1))]
        }
        result.p50 = quantile(lags, 0.5)
        result.p99 = quantile(lags, 0.99)
        result.max = lags.max() ?? 0
        result.firstHalfP50 = quantile(Array(lags.prefix(lags.count / 2)), 0.5)
        result.secondHalfP50 = quantile(Array(lags.suffix(lags.count / 2)), 0.5)
        // The target equals the source: every person's description and the phase's people, and
        // the touched groups' members (relative to each base).
        try await Task.sleep(for: .seconds(2))
        result.differences = try await compare(source, target, groups: touchedGroups)
        result.equal = result.differences.isEmpty
        await source.close()
        await target.close()
        await watcher.close()
        return result
    }

    private func compare(_ source: LDAPConnection, _ target: LDAPConnection, groups: Set<String>) async throws -> [String] {
        func people(_ connection: LDAPConnection, _ base: String) async throws -> [String: String] {
            var map: [String: String] = [:]
            for try await page in connection.pagedSearch(
                SearchRequest(base: "ou=people,\(base)", scope: .oneLevel, filter: "(objectClass=inetOrgPerson)", attributes: ["uid", "description"]))
            {
                for entry in page { map[entry.string("uid") ?? entry.dn] = entry.string("description") ?? "" }
            }
            return map
        }
        let inSource = try await people(source, options.sourceBase)
        let inTarget = try await people(target, options.targetBase)
        var differences: [String] = []
        for (uid, description) in inSource where inTarget[uid] != description {
            differences.append("\(uid): source \"\(description)\", target \(inTarget[uid].map { "\"\($0)\"" } ?? "absent")")
        }
        for uid in inTarget.keys where inSource[uid] == nil { differences.append("\(uid): in the target only") }
        for group in groups.sorted() {
            let targetGroup = group.replacingOccurrences(of: options.sourceBase, with: options.targetBase)
            func members(_ connection: LDAPConnection, _ dn: String, _ base: String) async throws -> Set<String> {
                var values = Set<String>()
                for try await message in connection.search(SearchRequest(base: dn, scope: .base, attributes: ["member"])) {
                    if case .entry(let entry) = message {
                        for value in entry.strings("member") {
                            values.insert(value.lowercased().replacingOccurrences(of: base.lowercased(), with: ""))
                        }
                    }
                }
                return values
            }
            if try await members(source, group, options.sourceBase) != members(target, targetGroup, options.targetBase) {
                differences.append("\(group): members differ")
            }
        }
        return differences
    }
}
