import Foundation
import LDAPClient

/// Options of `ldapsync-bench read`.
struct ReadOptions {
    let uri: String
    let bindDN: String
    let passwordFile: String
    let base: String
    let pageSize: Int32
    /// Every this many pages, the current RSS goes to stderr (0: never); to see memory grow.
    let traceEvery: Int

    init(_ arguments: BenchArguments) throws(BenchUsageError) {
        let extra = arguments.unknown(besides: ["uri", "bind-dn", "password-file", "base", "page-size", "trace-rss-every"])
        guard extra.isEmpty else { throw BenchUsageError("unknown option --\(extra[0])") }
        uri = try arguments.required("uri")
        bindDN = try arguments.required("bind-dn")
        passwordFile = try arguments.required("password-file")
        base = try arguments.required("base")
        pageSize = Int32(clamping: try arguments.integer("page-size", default: 1000))
        traceEvery = try arguments.integer("trace-rss-every", default: Int.max)
    }
}

/// What a read saw; every value's bytes went through `checksum`, so decoding cannot be skipped.
struct ReadResult {
    var entries = 0
    var values = 0
    var bytes = 0
    var checksum: UInt64 = 0
    var seconds = 0.0
    var peakRSSMB = 0.0

    var jsonLine: String {
        let s = String(format: "%.3f", seconds)
        let m = String(format: "%.1f", peakRSSMB)
        return #"{"entries":\#(entries),"values":\#(values),"bytes":\#(bytes),"seconds":\#(s),"peakRSSMB":\#(m),"checksum":\#(checksum)}"#
    }

    /// Counts one entry: its DN and every attribute value, byte by byte.
    mutating func add(_ entry: LDAPEntry) {
        entries += 1
        bytes += entry.dn.utf8.count
        for attribute in entry.attributes {
            values += attribute.values.count
            for value in attribute.values {
                bytes += value.count
                var sum: UInt64 = 0
                for byte in value { sum &+= UInt64(byte) }
                checksum = checksum &* 31 &+ sum
            }
        }
    }
}

/// Reads every entry below a base with all user attributes through `LDAPClient`'s paged search,
/// the way an import does, and times it from connect to the last page.
struct ReadBenchmark {
    let options: ReadOptions

    func run() async throws -> ReadResult {
        let password = Password(try readPasswordFile(options.passwordFile))
        let clock = ContinuousClock()
        let start = clock.now
        let connection = try await LDAPConnection.connect(
            LDAPConnectionOptions(
                uri: options.uri, tls: nil, caFile: nil,
                connectTimeoutMilliseconds: 10_000, operationTimeoutMilliseconds: 300_000))
        try await connection.bind(options.bindDN, password: password)
        var result = ReadResult()
        let request = SearchRequest(base: options.base, scope: .subtree, filter: "(objectClass=*)", attributes: [])
        var pages = 0
        for try await page in connection.pagedSearch(request, pageSize: options.pageSize) {
            for entry in page { result.add(entry) }
            pages += 1
            if pages % options.traceEvery == 0 {
                let rss = ProcessMemory.residentKiB().map { "\($0 / 1024) MB" } ?? "?"
                FileHandle.standardError.write(Data("page \(pages): \(result.entries) entries, RSS \(rss)\n".utf8))
            }
        }
        await connection.close()
        let elapsed = clock.now - start
        result.seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        result.peakRSSMB = Double(ProcessMemory.peakResidentKiB() ?? 0) / 1024
        return result
    }
}
