import Dispatch

/// Where a store's sessions run: the threads of a dispatch queue, outside Swift's cooperative
/// pool.
///
/// A session's body is synchronous: it never suspends while it holds the database's locks or
/// a pooled connection. It may still wait, for the database's write lock (up to the store's
/// lock timeout) or for the disk and the network; on the cooperative pool, which has one
/// thread per core, two such waits would stall every other task of the process (the service's
/// HTTP API, its lease, its schedules). So `run` suspends the caller's task and runs the body
/// here, as GRDB's and postgres-nio's asynchronous APIs do. The body may use the caller's
/// state, `inout` included: the caller does nothing until the body has returned.
public struct TransactionQueue: Sendable {
    private let queue: DispatchQueue

    /// A queue for one store's sessions, named `label` in debuggers and crash reports.
    public init(label: String) {
        queue = DispatchQueue(label: label, qos: .userInitiated, attributes: .concurrent)
    }

    /// Runs `body` on the queue; the caller's task waits without holding a thread. A caller
    /// cancelled meanwhile still waits for the body: a transaction is never left half-done.
    public func run<T>(_ body: () throws -> T) async throws -> T {
        try await withoutActuallyEscaping(body) { escapable in
            let job = Job(escapable)
            return try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Handover<T>, any Error>) in
                queue.async { continuation.resume(with: job.run()) }
            }.value
        }
    }
}

/// The body handed from the waiting caller to the queue's thread, and its result back: never
/// used by both at once, since the caller is suspended until the body has returned.
private final class Job<T>: @unchecked Sendable {
    private var body: (() throws -> T)?

    init(_ body: @escaping () throws -> T) { self.body = body }

    /// Runs the body once and lets go of it before the caller resumes: the closure may not
    /// outlive `withoutActuallyEscaping`, which checks that nothing else holds it.
    func run() -> Result<Handover<T>, any Error> {
        guard let body else { preconditionFailure("a transaction's body ran twice") }
        self.body = nil
        return Result { Handover(try body()) }
    }
}

private struct Handover<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
