// `ldapsync-bench`: measurements for `make bench` (scripts/bench/run.sh).
//
//   ldapsync-bench read --uri U --bind-dn D --password-file F --base B [--page-size 1000]
//                       [--trace-rss-every PAGES]   (RSS to stderr while reading)
//   ldapsync-bench ad-seed --uri U [--ca-file F] --bind-dn D --password-file F --ou OU-DN
//                          [--users 20000] [--window 64]   (AD users, only those missing)
//   ldapsync-bench ad-remove --uri U [--ca-file F] --bind-dn D --password-file F --ou OU-DN
//                            [--window 64]   (the OU and the entries right below it)
//   ldapsync-bench realtime --source-uri U --source-bind-dn D --source-password-file F --source-base B
//                           --target-uri U --target-bind-dn D --target-password-file F --target-base B
//                           --phase NAME [--rate 100] [--seconds 30] [--users 100000]
//                           [--flavor openldap|active-directory --source-ca-file F
//                            --source-people OU-DN --source-scratch OU-DN]   (AD: the seeded OU, and
//                            one for the people it adds and the groups it changes)
//                           (changes at a steady rate; per change, the time until the target has it)
//
// Each subcommand prints one JSON line on stdout; errors go to stderr with exit status 1
// (usage errors: 2). Passwords are read from files, never from argv.
import Foundation

let arguments = Array(CommandLine.arguments.dropFirst())
let usage = """
    usage: ldapsync-bench read --uri URI --bind-dn DN --password-file FILE --base DN [--page-size N]
                               [--trace-rss-every PAGES]
           ldapsync-bench ad-seed --uri URI [--ca-file FILE] --bind-dn DN --password-file FILE --ou DN
                                  [--users N] [--window N]
           ldapsync-bench ad-remove --uri URI [--ca-file FILE] --bind-dn DN --password-file FILE --ou DN
                                    [--window N]
           ldapsync-bench realtime --source-uri URI --source-bind-dn DN --source-password-file FILE --source-base DN
                                   --target-uri URI --target-bind-dn DN --target-password-file FILE --target-base DN
                                   --phase NAME [--rate N] [--seconds N] [--users N]
                                   [--flavor openldap|active-directory] [--source-ca-file FILE]
                                   [--source-people DN --source-scratch DN]
    """

do {
    guard let command = arguments.first else { throw BenchUsageError(usage) }
    switch command {
    case "read":
        let options = try ReadOptions(BenchArguments(Array(arguments.dropFirst())))
        let result = try await ReadBenchmark(options: options).run()
        print(result.jsonLine)
    case "ad-seed":
        let options = try ADSeedOptions(BenchArguments(Array(arguments.dropFirst())))
        let result = try await ADSeed(options: options).run()
        print(result.jsonLine)
        if result.failed > 0 { exit(1) }
    case "ad-remove":
        let options = try ADSeedOptions(BenchArguments(Array(arguments.dropFirst())))
        let result = try await ADRemove(options: options).run()
        print(result.jsonLine)
        if result.failed > 0 { exit(1) }
    case "realtime":
        let options = try RealtimeOptions(BenchArguments(Array(arguments.dropFirst())))
        let result = try await RealtimeBenchmark(options: options).run()
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
