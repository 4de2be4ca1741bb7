import Foundation
import Logging

/// Events to syslog (`LDAPSYNC_SYSLOG=1`): every log record that carries an `event.id` (each
/// stored event is also logged) is sent as one datagram to the local syslog socket, /dev/log
/// (journald's too) or `LDAPSYNC_SYSLOG_SOCKET`, facility daemon, tagged `ldapsync[PID]`.
/// Other log lines stay on stderr only.
struct SyslogLogHandler: LogHandler {
    let socketPath: String
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let all = metadata.merging(event.metadata ?? [:]) { $1 }
        guard let id = all["event.id"] else { return }
        let severity =
            switch event.level {
            case .trace, .debug: 7
            case .info: 6
            case .notice: 5
            case .warning: 4
            case .error: 3
            case .critical: 2
            }
        var text = "<\(3 * 8 + severity)>ldapsync[\(getpid())]: event.id=\(id)"
        if let connector = all["connector.name"] { text += " connector=\(connector)" }
        if let run = all["sync.run.id"] { text += " run=\(run)" }
        text += " \(event.message)"
        send(Array(text.utf8.prefix(8_000)))
    }

    /// One datagram; a missing or full socket drops the record (syslog is best effort).
    private func send(_ bytes: [UInt8]) {
        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        guard fd >= 0 else { return }
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let path = Array(socketPath.utf8)
        guard path.count < MemoryLayout.size(ofValue: address.sun_path) else { return }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in path.enumerated() { raw[index] = byte }
            raw[path.count] = 0
        }
        _ = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                sendto(fd, bytes, bytes.count, Int32(MSG_DONTWAIT), $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
    }
}
