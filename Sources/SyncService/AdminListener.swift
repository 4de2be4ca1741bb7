import Credentials
import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import LDAPProtocol
import NIOSSL

/// One address the service's HTTP side listens on, and who may reach it there.
///
/// The service always listens on `state/service.sock` (a Unix socket in the private state
/// folder, mode 0600: the command line's way in). `--listen HOST:PORT` adds a TCP listener for
/// the console, remote admins and Prometheus: plain HTTP on the loopback, HTTPS anywhere else
/// (`--tls-cert`/`--tls-key`), unless the admin opts out by name (`--insecure-http-off-loopback`).
public struct AdminListener: Sendable {
    /// Where to listen.
    public enum Address: Sendable, Equatable {
        case tcp(host: String, port: Int)
        case unixSocket(path: String)
    }

    /// The certificate chain and private key (PEM files) for HTTPS.
    public struct TLSFiles: Sendable, Equatable {
        public var certificate: String
        public var key: String
        public init(certificate: String, key: String) {
            self.certificate = certificate
            self.key = key
        }
    }

    public var address: Address
    public var tls: TLSFiles?
    /// Names clients use to reach the service besides the listen address (`--host-name`): the
    /// `Host` header must be one of them, so a DNS name rebound to this address is refused.
    public var hostNames: [String]

    /// A listener; check it with ``validate(allowPlaintextOffLoopback:)`` before use.
    public init(address: Address, tls: TLSFiles? = nil, hostNames: [String] = []) {
        self.address = address
        self.tls = tls
        self.hostNames = hostNames
    }

    /// Parses `--listen HOST:PORT` (`[::1]:8787` for IPv6).
    public static func parse(listen: String) throws(AdminListenerError) -> Address {
        guard let colon = listen.lastIndex(of: ":"), let port = Int(listen[listen.index(after: colon)...]), (1...65535).contains(port) else {
            throw AdminListenerError("--listen takes HOST:PORT (e.g. 127.0.0.1:8787), not \"\(listen)\"")
        }
        var host = String(listen[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty else { throw AdminListenerError("--listen needs a host before the port (e.g. 127.0.0.1:\(port))") }
        return .tcp(host: host, port: port)
    }

    /// Whether `host` is a loopback address or name (nothing leaves the machine).
    public static func isLoopback(_ host: String) -> Bool {
        LDAPConnectionOptions.isLoopback(host: host)
    }

    /// Refuses what would expose the admin token or the API: a TCP listener off the loopback
    /// without TLS (unless opted out by name), a wildcard address without `--host-name`, TLS
    /// files that do not exist or a key others may read.
    public func validate(allowPlaintextOffLoopback: Bool) throws {
        guard case .tcp(let host, let port) = address else { return }
        if tls == nil, !Self.isLoopback(host), !allowPlaintextOffLoopback {
            throw AdminListenerError(
                "--listen \(host):\(port) is not a loopback address: the admin token and passwords would cross the network "
                    + "in clear. Give --tls-cert FILE and --tls-key FILE (HTTPS), or listen on 127.0.0.1 "
                    + "(--insecure-http-off-loopback turns this check off; do not)")
        }
        if host == "0.0.0.0" || host == "::", hostNames.isEmpty {
            throw AdminListenerError(
                "--listen \(host):\(port) accepts any address: name the host names clients use with --host-name NAME "
                    + "(requests for other names are refused, which stops DNS rebinding)")
        }
        if let tls {
            guard FileManager.default.isReadableFile(atPath: tls.certificate) else {
                throw AdminListenerError("--tls-cert \(tls.certificate) cannot be read")
            }
            _ = try PrivateFile.read(tls.key, limit: 1 << 20, private: true)
        }
    }

    /// The access policy of this listener: which Host and Origin values it accepts.
    public func access(token: AdminToken) -> AdminAccess {
        guard case .tcp(let host, let port) = address else {
            // No browser reaches a Unix socket: Host and Origin say nothing there.
            return AdminAccess(token: token, allowedHosts: nil, allowedOrigins: [])
        }
        var names = Set(hostNames.map { $0.lowercased() })
        if host != "0.0.0.0", host != "::" { names.insert(host.lowercased()) }
        if Self.isLoopback(host) { names.formUnion(["localhost", "127.0.0.1", "::1"]) }
        let scheme = tls == nil ? "http" : "https"
        let defaultPort = tls == nil ? 80 : 443
        var hosts = Set<String>()
        var origins = Set<String>()
        for name in names {
            let bracketed = name.contains(":") ? "[\(name)]" : name
            hosts.insert("\(bracketed):\(port)")
            origins.insert("\(scheme)://\(bracketed):\(port)")
            if port == defaultPort {
                hosts.insert(bracketed)
                origins.insert("\(scheme)://\(bracketed)")
            }
        }
        return AdminAccess(token: token, allowedHosts: hosts, allowedOrigins: origins)
    }

    /// Hummingbird's bind address.
    var bindAddress: BindAddress {
        switch address {
        case .tcp(let host, let port): .hostname(host, port: port)
        case .unixSocket(let path): .unixDomainSocket(path: path)
        }
    }

    /// HTTP/1.1, or HTTPS with the certificate and key.
    func serverBuilder() throws -> HTTPServerBuilder {
        guard let tls else { return .http1() }
        let key = try PrivateFile.read(tls.key, limit: 1 << 20, private: true)?.bytes ?? []
        let configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: try NIOSSLCertificate.fromPEMFile(tls.certificate).map { .certificate($0) },
            privateKey: .privateKey(try NIOSSLPrivateKey(bytes: key, format: .pem)))
        return try .tls(.http1(), tlsConfiguration: configuration)
    }

    /// How the address reads in logs and in `state/service.listen`.
    public var description: String {
        switch address {
        case .tcp(let host, let port): "\(tls == nil ? "http" : "https")://\(host.contains(":") ? "[\(host)]" : host):\(port)"
        case .unixSocket(let path): "unix:\(path)"
        }
    }
}

/// A listener that would expose the admin API, or that cannot be set up.
public struct AdminListenerError: Error, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}
