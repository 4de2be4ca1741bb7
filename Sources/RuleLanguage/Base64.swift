/// RFC 4648 base64 with padding, written out so the result never depends on a platform library.
enum Base64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    private static let decoding: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (index, byte) in alphabet.enumerated() { table[Int(byte)] = UInt8(index) }
        return table
    }()

    static func encode(_ bytes: [UInt8]) -> String {
        var output: [UInt8] = []
        output.reserveCapacity((bytes.count + 2) / 3 * 4)
        var index = 0
        while index < bytes.count {
            let chunk = bytes[index..<min(index + 3, bytes.count)]
            let b0 = chunk[chunk.startIndex]
            let b1 = chunk.count > 1 ? chunk[chunk.startIndex + 1] : 0
            let b2 = chunk.count > 2 ? chunk[chunk.startIndex + 2] : 0
            output.append(alphabet[Int(b0 >> 2)])
            output.append(alphabet[Int((b0 & 0x03) << 4 | b1 >> 4)])
            output.append(chunk.count > 1 ? alphabet[Int((b1 & 0x0F) << 2 | b2 >> 6)] : UInt8(ascii: "="))
            output.append(chunk.count > 2 ? alphabet[Int(b2 & 0x3F)] : UInt8(ascii: "="))
            index += 3
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// The decoded bytes, or `nil` when `text` is not padded base64 (whitespace is not allowed).
    static func decode(_ text: String) -> [UInt8]? {
        let input = Array(text.utf8)
        guard input.count.isMultiple(of: 4) else { return nil }
        var output: [UInt8] = []
        output.reserveCapacity(input.count / 4 * 3)
        var index = 0
        while index < input.count {
            let isLast = index + 4 == input.count
            let equals = UInt8(ascii: "=")
            let padding = isLast ? (input[index + 3] == equals ? 1 : 0) + (input[index + 2] == equals ? 1 : 0) : 0
            var sextets: [UInt8] = []
            for offset in 0..<(4 - padding) {
                let value = decoding[Int(input[index + offset])]
                guard value != 0xFF else { return nil }
                sextets.append(value)
            }
            if padding == 1 && input[index + 2] == UInt8(ascii: "=") { return nil }
            output.append(sextets[0] << 2 | sextets[1] >> 4)
            if sextets.count > 2 { output.append(sextets[1] << 4 | sextets[2] >> 2) }
            if sextets.count > 3 { output.append(sextets[2] << 6 | sextets[3]) }
            index += 4
        }
        return output
    }
}
