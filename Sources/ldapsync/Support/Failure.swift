import ArgumentParser
import Connectors
import Credentials
import Foundation
import LDAPClient
import Operations
import PostgresStore
import SyncEngine
import SyncService

/// Exit codes (DESIGN.md): 0 success; 1 a run finished with errors; 2 usage or configuration;
/// 3 credentials rejected; 4 directory unreachable.
enum Exit {
    static let runErrors: Int32 = 1
    static let usage: Int32 = 2
    static let credentials: Int32 = 3
    static let unreachable: Int32 = 4
}

/// Runs a command body and turns every error into one line on stderr and the right exit code.
func guarded(_ body: () async throws -> Int32) async throws {
    let code: Int32
    do {
        code = try await body()
    } catch let error as ExitCode {
        throw error
    } catch let error as ValidationError {
        code = fail("\(error)", Exit.usage)
    } catch let error as ConfigurationError {
        code = fail("\(error)", Exit.usage)
    } catch let error as CredentialError {
        code = fail("\(error)", Exit.usage)
    } catch let error as CoordinatorError {
        code = fail("\(error)", Exit.usage)
    } catch let error as OperationError {
        code = fail(error.message, error.exitCode)
    } catch let error as AdminListenerError {
        code = fail("\(error)", Exit.usage)
    } catch let error as CommandFailure {
        code = fail(error.message, error.code)
    } catch let error as PostgresError {
        code = fail("\(error)", error.connectionLost ? Exit.unreachable : Exit.runErrors)
    } catch let error as LDAPError {
        code = fail(
            "\(error)",
            error.isCredentialRejection ? Exit.credentials : (error.isTransient || error.reason == .tls ? Exit.unreachable : Exit.runErrors))
    } catch {
        code = fail("\(error)", Exit.runErrors)
    }
    if code != 0 { throw ExitCode(code) }
}

/// A failure a command reports itself, with its exit code.
struct CommandFailure: Error {
    var message: String
    var code: Int32
    init(_ message: String, code: Int32 = Exit.usage) {
        self.message = message
        self.code = code
    }
}

/// Prints `ldapsync: error: MESSAGE` to stderr and returns the code.
func fail(_ message: String, _ code: Int32) -> Int32 {
    FileHandle.standardError.write(Data("ldapsync: error: \(message)\n".utf8))
    return code
}

/// Prints a line to stderr.
func note(_ message: String) {
    FileHandle.standardError.write(Data("\(message)\n".utf8))
}
