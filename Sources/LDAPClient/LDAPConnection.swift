import CLDAP
import Dispatch

/// One connection to one directory server, owning one libldap handle.
///
/// Every libldap call for this connection runs on the connection's own serial dispatch queue,
/// never on Swift's cooperative thread pool (libldap blocks), and never from two places at once.
/// Operations are `async` and may be called from any task; they run one after another.
///
/// A connection whose bind failed, or whose server went away, is discarded: its handle is freed
/// at once and every later call throws `LDAPError` with reason `.connectionDiscarded`. libldap
/// would otherwise reconnect such a handle silently and carry on **anonymously**.
public final class LDAPConnection: @unchecked Sendable {
    /// What this connection was opened with.
    public let options: LDAPConnectionOptions

    /// Serial queue that confines `handle` and every libldap call on it.
    let queue: DispatchQueue
    /// The libldap handle; only touched on `queue`. nil once discarded or closed.
    var handle: OpaquePointer?
    /// Why the handle was discarded, for the error later calls get.
    var discardedBecause: String?
    /// The identity of the last successful bind; only touched on `queue`.
    var boundIdentity: String?

    private init(options: LDAPConnectionOptions) {
        self.options = options
        self.queue = DispatchQueue(label: "ldapsync.ldap.\(options.uri)")
    }

    deinit {
        if let handle { ldap_unbind_ext(handle, nil, nil) }
    }

    /// Opens a connection: TCP, then TLS as `options.tls` asks (StartTLS before anything else),
    /// with certificate verification and TLS 1.2 at least. No bind is made.
    public static func connect(_ options: LDAPConnectionOptions) async throws -> LDAPConnection {
        try options.validate()
        let connection = LDAPConnection(options: options)
        try await connection.onQueue(.connect, requiresHandle: false) { connection in
            try connection.openHandle()
        }
        return connection
    }

    /// Sends an unbind and frees the handle. Later calls throw `.connectionDiscarded`.
    public func close() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            queue.async {
                self.discard(because: "it was closed")
                continuation.resume()
            }
        }
    }

    /// Whether the connection can still be used (not closed, not discarded).
    public var isOpen: Bool {
        get async {
            await withCheckedContinuation { continuation in
                queue.async { continuation.resume(returning: self.handle != nil) }
            }
        }
    }

    /// The identity this connection is bound as, or nil when anonymous or discarded.
    public var boundAs: String? {
        get async {
            await withCheckedContinuation { continuation in
                queue.async { continuation.resume(returning: self.handle == nil ? nil : self.boundIdentity) }
            }
        }
    }

    /// Runs `body` on the connection's queue and resumes the caller with its result.
    /// An error that leaves the session unusable discards the handle before returning.
    func onQueue<T: Sendable>(
        _ operation: LDAPOperation, requiresHandle: Bool = true,
        _ body: @escaping @Sendable (LDAPConnection) throws -> T
    ) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async {
                do {
                    if requiresHandle, self.handle == nil {
                        throw self.discardedError(operation)
                    }
                    continuation.resume(returning: try body(self))
                } catch let error as LDAPError {
                    if error.code.closesConnection { self.discard(because: "the server connection was lost (\(error.code))") }
                    continuation.resume(throwing: error)
                } catch {
                    continuation.resume(throwing: error)
                }
            }
        }
    }

    /// The live handle, or the error that says why there is none. Call on `queue` only.
    func liveHandle(_ operation: LDAPOperation) throws(LDAPError) -> OpaquePointer {
        guard let handle else { throw discardedError(operation) }
        return handle
    }

    /// Frees the handle (sending an unbind when the session is alive). Call on `queue` only.
    func discard(because reason: String) {
        if let handle {
            ldap_unbind_ext(handle, nil, nil)
            self.handle = nil
            self.boundIdentity = nil
        }
        if discardedBecause == nil { discardedBecause = reason }
    }

    private func discardedError(_ operation: LDAPOperation) -> LDAPError {
        LDAPError(
            code: .serverDown, operation: operation,
            diagnostic: "the connection to \(options.uri) was discarded because \(discardedBecause ?? "it was closed")",
            reason: .connectionDiscarded)
    }
}
