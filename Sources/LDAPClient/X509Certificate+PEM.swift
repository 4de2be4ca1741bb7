#if canImport(Glibc)
    import Glibc
#endif

extension X509Certificate {
    /// The system CA store GnuTLS uses on Debian when no CA file is given (its default trust file).
    static let systemBundlePath = "/etc/ssl/certs/ca-certificates.crt"

    /// The certificates in a PEM file (a CA file or bundle). A file that cannot be read, and
    /// blocks that do not parse, are left out: this only words an error message.
    static func bundle(atPath path: String) -> [X509Certificate] {
        guard let text = readText(path) else { return [] }
        return pemBlocks(text).compactMap { try? X509Certificate(der: $0) }
    }

    /// The DER bytes of each `-----BEGIN CERTIFICATE-----` block of a PEM text.
    static func pemBlocks(_ text: String) -> [[UInt8]] {
        var blocks: [[UInt8]] = []
        var body: String?
        for line in text.split(whereSeparator: \.isNewline) {
            let line = line.trimmingTrailingSpace
            if line == "-----BEGIN CERTIFICATE-----" {
                body = ""
            } else if line == "-----END CERTIFICATE-----" {
                if let body, let der = base64Decoded(body) { blocks.append(der) }
                body = nil
            } else if let current = body {
                body = current + line
            }
        }
        return blocks
    }

    /// Standard base64 (RFC 4648 section 4) without line breaks; nil on any other character.
    static func base64Decoded(_ text: String) -> [UInt8]? {
        var bytes: [UInt8] = []
        var buffer: UInt32 = 0
        var bits = 0
        for character in text.utf8 {
            let value: UInt8
            switch character {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): value = character - UInt8(ascii: "A")
            case UInt8(ascii: "a")...UInt8(ascii: "z"): value = character - UInt8(ascii: "a") + 26
            case UInt8(ascii: "0")...UInt8(ascii: "9"): value = character - UInt8(ascii: "0") + 52
            case UInt8(ascii: "+"): value = 62
            case UInt8(ascii: "/"): value = 63
            case UInt8(ascii: "="): continue
            default: return nil
            }
            buffer = (buffer << 6) | UInt32(value)
            bits += 6
            if bits >= 8 {
                bits -= 8
                bytes.append(UInt8(truncatingIfNeeded: buffer >> UInt32(bits)))
            }
        }
        return bytes
    }

    /// A file's contents as UTF-8 text (at most 16 MiB), or nil when it cannot be read.
    private static func readText(_ path: String) -> String? {
        guard let file = fopen(path, "rb") else { return nil }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while bytes.count < 16 << 20 {
            let count = fread(&chunk, 1, chunk.count, file)
            guard count > 0 else { break }
            bytes += chunk[..<count]
        }
        return ferror(file) == 0 ? String(decoding: bytes, as: UTF8.self) : nil
    }
}

extension Substring {
    /// Without trailing spaces, tabs or carriage returns (PEM files written on Windows).
    fileprivate var trimmingTrailingSpace: Substring {
        var result = self
        while let last = result.last, last == " " || last == "\t" || last == "\r" { result.removeLast() }
        return result
    }
}
