// `ldapsync-bench`: measurements for `make bench` (scripts/bench/run.sh).
//
//   ldapsync-bench read --uri U --bind-dn D --password-file F --base B [--page-size 1000]
//                       [--trace-rss-every PAGES]   (RSS to stderr while reading)
//
// Each subcommand prints one JSON line on stdout; errors go to stderr with exit status 1
// (usage errors: 2). Passwords are read from files, never from argv.
import Foundation

let arguments = Array(CommandLine.arguments.dropFirst())
let usage = """
    usage: ldapsync-bench read --uri URI --bind-dn DN --password-file FILE --base DN [--page-size N]
                               [--trace-rss-every PAGES]
    """

do {
    guard let command = arguments.first else { throw BenchUsageError(usage) }
    switch command {
    case "read":
        let options = try ReadOptions(BenchArguments(Array(arguments.dropFirst())))
        let result = try await ReadBenchmark(options: options).run()
        print(result.jsonLine)
    case "-h", "--help", "help":
        print(usage)
    default:
        throw BenchUsageError("unknown subcommand \"\(command)\"\n\(usage)")
    }
} catch let error as BenchUsageError {
    FileHandle.standardError.write(Data("ldapsync-bench: \(error.message)\n".utf8))
    exit(2)
} catch {
    FileHandle.standardError.write(Data("ldapsync-bench: \(error)\n".utf8))
    exit(1)
}
