/// An anchor as a set or dictionary key: a UUID in its canonical text (entryUUID, objectGUID —
/// every anchor read from OpenLDAP or AD) is held as its 16 bytes, anything else as text.
///
/// An import that tracks every anchor of a connector space (what a refresh sent, what a
/// full import has not seen yet) keeps a million of them at a million objects: as strings
/// that is about 100 MB (a 36-character string lives on the heap), as keys about 30 MB.
enum AnchorKey: Hashable, Sendable {
    case uuid(UInt64, UInt64)
    case text(String)

    init(_ anchor: String) {
        self = Self.parseUUID(anchor) ?? .text(anchor)
    }

    /// The anchor's text, as the connector space stores it.
    var anchor: String {
        switch self {
        case .text(let text): return text
        case .uuid(let high, let low):
            let bytes = (0..<16).map { UInt8(truncatingIfNeeded: ($0 < 8 ? high : low) >> UInt64(56 - ($0 % 8) * 8)) }
            return Anchor.uuid(bytes) ?? ""
        }
    }

    /// The 16 bytes of `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx` in lowercase hex (the form
    /// `Anchor.uuid` writes); nil for any other text, which stays text, so two anchors are
    /// equal keys exactly when they are equal strings.
    private static func parseUUID(_ text: String) -> AnchorKey? {
        guard text.utf8.count == 36 else { return nil }
        var high: UInt64 = 0
        var low: UInt64 = 0
        var nibbles = 0
        for (index, byte) in text.utf8.enumerated() {
            if index == 8 || index == 13 || index == 18 || index == 23 {
                guard byte == UInt8(ascii: "-") else { return nil }
                continue
            }
            let value: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): value = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): value = byte - UInt8(ascii: "a") + 10
            default: return nil
            }
            if nibbles < 16 { high = high << 4 | UInt64(value) } else { low = low << 4 | UInt64(value) }
            nibbles += 1
        }
        return .uuid(high, low)
    }
}
