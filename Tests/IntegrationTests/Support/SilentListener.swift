import Foundation

/// A TCP listener on a free loopback port that never sends a byte.
final class SilentListener: Sendable {
    /// What the listener does with connections.
    enum Behaviour: Sendable {
        /// The kernel completes every TCP handshake (up to the backlog); nobody ever reads.
        case acceptsAndStaysSilent
        /// The backlog is full: a new connection's SYN gets no answer at all.
        case backlogFull
    }

    let port: Int
    private let sockets: [Int32]

    init(_ behaviour: Behaviour) throws {
        let port = freePortPair()
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = loopback(port)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(listener, behaviour == .backlogFull ? 0 : 16) == 0 else {
            close(listener)
            throw DirectoryScriptError(message: "cannot listen on 127.0.0.1:\(port): errno \(errno)")
        }
        var sockets = [listener]
        if behaviour == .backlogFull {
            // With a backlog of 0, Linux queues one connection; these take every place.
            for _ in 0..<3 {
                let filler = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0)
                var target = loopback(port)
                _ = withUnsafePointer(to: &target) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(filler, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
                }
                sockets.append(filler)
            }
            usleep(200_000)
        }
        self.port = port
        self.sockets = sockets
    }

    deinit { sockets.forEach { close($0) } }
}

/// A server that answers the first StartTLS request with success, then never sends another
/// byte: the TLS handshake that follows gets no answer.
final class StartTLSThenSilence: @unchecked Sendable {
    let port: Int
    private let listener: Int32
    private let lock = NSLock()
    private var connections: [Int32] = []
    private var stopped = false

    init() throws {
        port = freePortPair()
        listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = loopback(port)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(listener, 16) == 0 else {
            close(listener)
            throw DirectoryScriptError(message: "cannot listen on 127.0.0.1:\(port): errno \(errno)")
        }
        Thread.detachNewThread { [self] in serve() }
    }

    /// Stops serving and closes every socket.
    func stop() {
        lock.withLock {
            stopped = true
            connections.forEach { close($0) }
            connections = []
        }
    }

    deinit { close(listener) }

    private func serve() {
        while !lock.withLock({ stopped }) {
            var poller = pollfd(fd: listener, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, 100) == 1 else { continue }
            let connection = accept(listener, nil, nil)
            guard connection >= 0 else { continue }
            lock.withLock { connections.append(connection) }
            // ExtendedRequest: 30 len 02 01 <id> 77 ...; the message ID is the fifth octet.
            var request = [UInt8](repeating: 0, count: 512)
            guard recv(connection, &request, request.count, 0) >= 5 else { continue }
            // ExtendedResponse { resultCode success, matchedDN "", diagnosticMessage "" }
            let response: [UInt8] = [0x30, 0x0C, 0x02, 0x01, request[4], 0x78, 0x07, 0x0A, 0x01, 0x00, 0x04, 0x00, 0x04, 0x00]
            _ = send(connection, response, response.count, Int32(MSG_NOSIGNAL))
        }
    }
}

/// Whether a TCP connection to 127.0.0.1:`port` succeeds now.
func connects(to port: Int) -> Bool {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { return false }
    defer { close(fd) }
    var address = loopback(port)
    return withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
    }
}

/// 127.0.0.1:`port` as a socket address.
func loopback(_ port: Int) -> sockaddr_in {
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = in_port_t(UInt16(port).bigEndian)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    return address
}
