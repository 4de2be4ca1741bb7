#if canImport(Glibc)
    import Glibc
#endif

/// What a plain TCP connection to a host and port finds.
///
/// libldap reports every way of not reaching a server as -1 "Can't contact LDAP server", and
/// errno is clobbered by then; so after such a failure the connection is tried once more here,
/// where the resolver's and the socket's own errors are seen.
enum TCPProbe: Equatable {
    /// A connection was made (so whatever failed came after TCP).
    case connected
    /// The host answered that nothing listens on the port (ECONNREFUSED).
    case refused
    /// The resolver answered that the name does not exist.
    case nameNotFound
    /// The resolver failed (no name server, temporary failure): its message.
    case resolverFailed(String)
    /// No route to the host or its network.
    case noRoute
    /// Nothing within the timeout.
    case timedOut
    /// Any other socket error: its message.
    case failed(String)

    /// Resolves `host` and tries each of its addresses until one connects, each within
    /// `timeoutMilliseconds`. Without a connection, the most telling failure wins.
    static func connect(host: String, port: Int, timeoutMilliseconds: Int) -> TCPProbe {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        let resolved = getaddrinfo(host, String(port), &hints, &list)
        guard resolved == 0, let first = list else {
            if resolved == EAI_NONAME || resolved == eaiNoData { return .nameNotFound }
            if resolved == EAI_SYSTEM { return .resolverFailed(String(cString: strerror(errno))) }
            return .resolverFailed(String(cString: gai_strerror(resolved)))
        }
        defer { freeaddrinfo(list) }
        var outcomes: [TCPProbe] = []
        var current: UnsafeMutablePointer<addrinfo>? = first
        while let info = current {
            let outcome = attempt(info.pointee, timeoutMilliseconds: timeoutMilliseconds)
            if outcome == .connected { return .connected }
            outcomes.append(outcome)
            current = info.pointee.ai_next
        }
        let rank: (TCPProbe) -> Int = { [.refused, .noRoute, .timedOut].firstIndex(of: $0) ?? 3 }
        return outcomes.min { rank($0) < rank($1) } ?? .failed("no address")
    }

    /// glibc's EAI_NODATA (the name exists but has no address), hidden from Swift behind _GNU_SOURCE.
    private static let eaiNoData: Int32 = -5

    /// One non-blocking connect to one address.
    private static func attempt(_ info: addrinfo, timeoutMilliseconds: Int) -> TCPProbe {
        let fd = socket(info.ai_family, info.ai_socktype | Int32(SOCK_NONBLOCK.rawValue), info.ai_protocol)
        guard fd >= 0 else { return .failed(String(cString: strerror(errno))) }
        defer { close(fd) }
        if Glibc.connect(fd, info.ai_addr, info.ai_addrlen) == 0 { return .connected }
        guard errno == EINPROGRESS else { return outcome(errno) }
        var poller = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
        let ready = poll(&poller, 1, Int32(clamping: timeoutMilliseconds))
        guard ready > 0 else { return ready == 0 ? .timedOut : .failed(String(cString: strerror(errno))) }
        var error: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        guard getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length) == 0 else { return outcome(errno) }
        return error == 0 ? .connected : outcome(error)
    }

    /// The probe outcome of a connect errno.
    private static func outcome(_ error: Int32) -> TCPProbe {
        switch error {
        case ECONNREFUSED: .refused
        case EHOSTUNREACH, ENETUNREACH: .noRoute
        case ETIMEDOUT: .timedOut
        default: .failed(String(cString: strerror(error)))
        }
    }
}
