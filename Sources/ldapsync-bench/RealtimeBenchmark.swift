import Foundation
import LDAPClient
import Synchronization

/// Changes the source at a steady rate (modifies, adds, deletes, renames, memberships) while a
/// persistent search on the target (RFC 4533 refreshAndPersist) sees each marked value arrive:
/// per change, the time from its write to its visibility in the target. Then waits for quiet
/// and compares source and target (every person's description, the phase's people, the groups
/// it touched).
struct RealtimeBenchmark {
    let options: RealtimeOptions

    struct Result {
        var sent = 0
        /// Changes the source refused (each is on stderr).
        var failed = 0
        var measured = 0
        var arrived = 0
        var achievedRate = 0.0
        var p50 = 0.0, p99 = 0.0, max = 0.0
        var firstHalfP50 = 0.0, secondHalfP50 = 0.0
        var equal = false
        /// Seconds from the last marker seen (or given up on) until the target equalled the source.
        var convergedSeconds = 0.0
        var differences: [String] = []
        /// Member values of the source's touched groups that named no entry of the source at the
        /// last comparison (see `compare`).
        var danglingSourceMembers = 0

        var jsonLine: String {
            let fields: [String: Any] = [
                "sent": sent, "failed": failed, "measured": measured, "arrived": arrived, "achievedRate": achievedRate, "p50": p50, "p99": p99,
                "max": max,
                "firstHalfP50": firstHalfP50, "secondHalfP50": secondHalfP50, "equal": equal, "convergedSeconds": convergedSeconds,
                "differences": Array(differences.prefix(5)), "danglingSourceMembers": danglingSourceMembers,
            ]
            let data = (try? JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys])) ?? Data()
            return String(decoding: data, as: UTF8.self)
        }
    }

    private func connect(_ uri: String, _ bindDN: String, _ passwordFile: String, caFile: String? = nil) async throws -> LDAPConnection {
        let connection = try await LDAPConnection.connect(
            LDAPConnectionOptions(uri: uri, caFile: caFile, connectTimeoutMilliseconds: 10_000, operationTimeoutMilliseconds: 120_000))
        try await connection.bind(bindDN, password: Password(try readPasswordFile(passwordFile)))
        return connection
    }

    func run() async throws -> Result {
        // Unique across runs (an AD source keeps its people and their descriptions); the names
        // of added people stay short enough for sAMAccountName.
        let tag = String((0..<4).map { _ in "abcdefghijklmnopqrstuvwxyz".randomElement()! })
        let marker = "rt-\(options.phase)-\(tag)-"
        let layout = options.layout
        let source = try await connect(options.sourceURI, options.sourceBindDN, options.sourcePasswordFile, caFile: options.sourceCAFile)
        // Writes go out on four connections in turn, none waiting for another's answer (a DC
        // that takes 100-200 ms a write could not keep up a rate on one); a connection's next
        // batch waits for its last.
        var writers: [LDAPConnection] = []
        for _ in 0..<4 {
            writers.append(try await connect(options.sourceURI, options.sourceBindDN, options.sourcePasswordFile, caFile: options.sourceCAFile))
        }
        var inFlight = [Task<Int, any Error>?](repeating: nil, count: writers.count)
        var turn = 0
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

        // People added, oldest first, with the turn of the batch that last wrote them or a group
        // membership of theirs: deletes, renames and memberships take only those whose batch is
        // done (4 turns back: its connection has sent a later one since). Otherwise a delete on
        // one connection could land before a membership add on another, and the source's group
        // would keep a member that no longer exists (slapd's refint acts on the delete only).
        var added: [(dn: String, turn: Int)] = []
        var generator = SystemRandomNumberGenerator()
        let total = options.rate * options.seconds
        let clock = ContinuousClock()
        let start = clock.now
        var next = 0
        var touchedGroups = Set<String>()
        var failed = 0
        func settled(_ person: (dn: String, turn: Int)?) -> Bool { person.map { $0.turn < turn - writers.count } ?? false }
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
                    let (dn, attributes) = layout.newPerson("rt\(tag)\(index)", description: value)
                    batch.append(.add(dn: dn, attributes: attributes))
                    added.append((dn, turn))
                    markers.append(value)
                case 16,
                    17 where settled(added.first):
                    batch.append(.delete(dn: added.removeFirst().dn))
                case 18 where settled(added.first):
                    let old = added.removeFirst().dn
                    let rdn = layout.renamedRDN("rt\(tag)\(index)r")
                    batch.append(.rename(dn: old, newRDN: rdn, newSuperior: nil, deleteOldRDN: true))
                    added.append(("\(rdn),\(layout.scratch)", turn))
                case 19 where settled(added.first):
                    let group = layout.groups.randomElement(using: &generator)!
                    touchedGroups.insert(group)
                    batch.append(.modify(dn: group, changes: [Modification(.add, "member", [added[0].dn])]))
                    added[0].turn = turn
                default:
                    batch.append(
                        .modify(
                            dn: layout.person(Int.random(in: layout.people, using: &generator)),
                            changes: [Modification(.replace, "description", [value])]
                        ))
                    markers.append(value)
                }
            }
            if !batch.isEmpty {
                let now = clock.now
                sentAt.withLock { sent in for value in markers { sent[value] = now } }
                let slot = turn % writers.count
                turn += 1
                failed += try await inFlight[slot]?.value ?? 0
                let connection = writers[slot]
                inFlight[slot] = Task { [batch] in
                    var failures = 0
                    for result in try await connection.writeAll(batch, window: 64) {
                        guard case .failure(let error) = result else { continue }
                        FileHandle.standardError.write(Data("ldapsync-bench: a change failed: \(error)\n".utf8))
                        failures += 1
                    }
                    return failures
                }
            }
            try await Task.sleep(for: .milliseconds(5))
        }
        for task in inFlight { failed += try await task?.value ?? 0 }
        for writer in writers { await writer.close() }
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
        result.failed = failed
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
        // Deletes an AD source's account is not told of wait for the service's next deletion
        // scan (every 30 s): compare until equal, for up to 90 s.
        let quiet = clock.now
        repeat {
            try await Task.sleep(for: .seconds(2))
            (result.differences, result.danglingSourceMembers) = try await compare(source, target, groups: touchedGroups)
        } while !result.differences.isEmpty && clock.now - quiet < .seconds(90)
        result.convergedSeconds = seconds(clock.now - quiet)
        result.equal = result.differences.isEmpty
        await source.close()
        await target.close()
        await watcher.close()
        return result
    }

    /// What differs between source and target: every person's description (by name: the
    /// source's key attribute, the target's `uid`), people on one side only, and the members of
    /// the touched groups (each member by its person's name); and how many of the source groups'
    /// members name no entry.
    ///
    /// Those are left out of the comparison: a member value naming an entry that does not exist
    /// is not an object the engine syncs (it drops such references, as Azure AD Connect does),
    /// so no target can hold it. slapd's refint removes them after a delete or rename, but
    /// through one background queue that falls behind under a stream of deletes; a value it
    /// could not rewrite stays for good (its modify of the group fails as a whole when the new
    /// DN is already a member).
    private func compare(
        _ source: LDAPConnection, _ target: LDAPConnection, groups: Set<String>
    ) async throws -> (
        differences: [String], danglingSourceMembers: Int
    ) {
        let layout = options.layout
        /// Name → description, and DN (lowercased) → name, of the people in `containers`.
        func people(
            _ connection: LDAPConnection, _ containers: [String], key: String, filter: String
        ) async throws -> (
            descriptions: [String: String], names: [String: String]
        ) {
            var descriptions: [String: String] = [:]
            var names: [String: String] = [:]
            for container in Set(containers) {
                for try await page in connection.pagedSearch(
                    SearchRequest(base: container, scope: .oneLevel, filter: filter, attributes: [key, "description"]))
                {
                    for entry in page {
                        let name = (entry.string(key) ?? entry.dn).lowercased()
                        descriptions[name] = entry.string("description") ?? ""
                        names[entry.dn.lowercased()] = name
                    }
                }
            }
            return (descriptions, names)
        }
        let inSource = try await people(source, layout.peopleContainers, key: layout.key, filter: layout.personFilter)
        let inTarget = try await people(
            target, layout.peopleContainers.map(rebased), key: "uid", filter: "(objectClass=inetOrgPerson)")
        var differences: [String] = []
        for (name, description) in inSource.descriptions where inTarget.descriptions[name] != description {
            differences.append(
                "\(name): source \"\(description)\", target \(inTarget.descriptions[name].map { "\"\($0)\"" } ?? "absent")")
        }
        for name in inTarget.descriptions.keys where inSource.descriptions[name] == nil { differences.append("\(name): in the target only") }
        func members(_ connection: LDAPConnection, _ dn: String, _ names: [String: String]) async throws -> Set<String> {
            var values = Set<String>()
            for try await message in connection.search(SearchRequest(base: dn, scope: .base, attributes: ["member"])) {
                if case .entry(let entry) = message {
                    for value in entry.strings("member") where !value.isEmpty { values.insert(names[value.lowercased()] ?? "?\(value)") }
                }
            }
            return values
        }
        var danglingSourceMembers = 0
        for group in groups.sorted() {
            let all = try await members(source, group, inSource.names)
            let inSourceGroup = all.filter { !$0.hasPrefix("?") }
            danglingSourceMembers += all.count - inSourceGroup.count
            let inTargetGroup = try await members(target, rebased(group), inTarget.names)
            if inSourceGroup != inTargetGroup {
                let onlyInSource = inSourceGroup.subtracting(inTargetGroup)
                let onlyInTarget = inTargetGroup.subtracting(inSourceGroup)
                differences.append(
                    "\(group): members differ (\(onlyInSource.count) only in the source"
                        + (onlyInSource.isEmpty ? "" : ", e.g. \(onlyInSource.sorted()[0])")
                        + "; \(onlyInTarget.count) only in the target" + (onlyInTarget.isEmpty ? "" : ", e.g. \(onlyInTarget.sorted()[0])") + ")")
            }
        }
        return (differences, danglingSourceMembers)
    }

    /// A source DN under the target's base (as the built-in rules name it there).
    private func rebased(_ dn: String) -> String {
        guard dn.lowercased().hasSuffix(options.sourceBase.lowercased()) else { return dn }
        return String(dn.dropLast(options.sourceBase.count)) + options.targetBase
    }
}
