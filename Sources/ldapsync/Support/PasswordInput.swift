import ArgumentParser
import Credentials
import Foundation
import LDAPClient

/// Where a password comes from: never argv.
struct PasswordOptions: ParsableArguments {
    @Flag(name: .long, help: "Read the password from standard input (one trailing newline is dropped).")
    var passwordStdin = false

    @Option(name: .long, help: "Read the password from this file (mode 0600, owned by you; one trailing newline is dropped).")
    var passwordFile: String?

    func validate() throws {
        if passwordStdin && passwordFile != nil {
            throw ValidationError("use either --password-stdin or --password-file, not both")
        }
    }

    /// Reads the password from stdin, the file, or a prompt without echo on the terminal.
    func read(prompt: String) throws -> Password {
        try Self.read(stdin: passwordStdin, file: passwordFile, prompt: prompt)
    }

    /// Reads a password from stdin (`stdin`), a file, or a prompt without echo.
    static func read(stdin passwordStdin: Bool, file passwordFile: String? = nil, prompt: String) throws -> Password {
        let text: String
        if passwordStdin {
            text = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
        } else if let passwordFile {
            // A password file others may read has already leaked it: refuse it (says chmod 600).
            guard let contents = try PrivateFile.read(passwordFile, limit: 64 * 1024, private: true) else {
                throw CommandFailure("the password file \(passwordFile) does not exist")
            }
            text = String(decoding: contents.bytes, as: UTF8.self)
        } else {
            text = try PasswordPrompt.read(prompt)
        }
        let password = Password(text.hasSuffix("\r\n") ? String(text.dropLast(2)) : (text.hasSuffix("\n") ? String(text.dropLast()) : text))
        guard !password.isEmpty else { throw CommandFailure("the password is empty") }
        return password
    }
}

/// A terminal prompt with echo turned off.
enum PasswordPrompt {
    static func read(_ prompt: String) throws -> String {
        guard isatty(STDIN_FILENO) != 0 else {
            throw CommandFailure("no password given: use --password-stdin or --password-file (standard input is not a terminal)")
        }
        FileHandle.standardError.write(Data(prompt.utf8))
        var original = termios()
        tcgetattr(STDIN_FILENO, &original)
        var silent = original
        silent.c_lflag &= ~tcflag_t(ECHO)
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &silent)
        defer {
            tcsetattr(STDIN_FILENO, TCSAFLUSH, &original)
            FileHandle.standardError.write(Data("\n".utf8))
        }
        return Swift.readLine(strippingNewline: true) ?? ""
    }
}

/// Who is doing this, for events (never a secret).
func currentActor() -> String {
    let environment = ProcessInfo.processInfo.environment
    let user = environment["SUDO_USER"] ?? environment["USER"] ?? environment["LOGNAME"] ?? "uid \(getuid())"
    return "\(user) (command line)"
}
