/// The range option of an attribute description, Active Directory's way of handing out a large
/// multi-valued attribute a slice at a time (MS-ADTS 3.1.1.3.1.3.3, "range retrieval").
///
/// AD answers a request for `member` of a group with more values than its MaxValRange policy
/// (1500) as `member;range=0-1499`; the client asks for `member;range=1500-*` next, and so on
/// until the name it gets back ends in `-*`. `low` and `high` are zero-based value indexes,
/// both inclusive; `high` nil stands for `*` ("to the end").
///
/// Not to be confused with DirSync's incremental values, where `member;range=1-1` lists added
/// values and `member;range=0-0` removed ones: those are not slices and must not be completed.
public struct AttributeRange: Sendable, Hashable, CustomStringConvertible {
    /// The attribute description without the range option: `member`, `userCertificate;binary`.
    public var attribute: String
    /// Index of the first value.
    public var low: Int
    /// Index of the last value, or nil for `*`: every value from `low` to the end.
    public var high: Int?

    /// A range of `attribute` (its description without a range option).
    public init(attribute: String, low: Int, high: Int?) {
        self.attribute = attribute
        self.low = low
        self.high = high
    }

    /// Parses an attribute description as the server wrote it. nil when it has no range option,
    /// or when the option is malformed (`hasRangeOption` tells the two apart): not digits,
    /// `high` below `low`, an empty attribute type, or two range options.
    /// The option's name is matched case-insensitively (`Range=` too).
    public init?(_ description: String) {
        var kept: [Substring] = []
        var found: (low: Int, high: Int?)?
        for (index, part) in Self.parts(description).enumerated() {
            guard index > 0, Self.isRangeOption(part) else {
                kept.append(part)
                continue
            }
            guard found == nil, let bounds = Self.bounds(Substring(part.unicodeScalars.dropFirst(Self.prefix.utf8.count))) else { return nil }
            found = bounds
        }
        guard let found, let type = kept.first, !type.isEmpty, !kept.contains(where: \.isEmpty) else { return nil }
        self.init(attribute: kept.joined(separator: ";"), low: found.low, high: found.high)
    }

    /// Whether an attribute description carries a range option at all, well-formed or not
    /// (a quick check on the name; no allocation for names without `;`).
    public static func hasRangeOption(_ description: String) -> Bool {
        guard description.utf8.contains(UInt8(ascii: ";")) else { return false }
        return parts(description).dropFirst().contains { isRangeOption($0) }
    }

    /// The type and options of a description: split at each `;` scalar. Not a `Character`
    /// split: Swift compares characters by canonical equivalence, so U+037E (GREEK QUESTION
    /// MARK) would split too, and `init` would read a range that `hasRangeOption` never sees.
    private static func parts(_ description: String) -> [Substring] {
        description.unicodeScalars.split(separator: ";", omittingEmptySubsequences: false).map(Substring.init)
    }

    /// `member;range=1500-*`: the description to request or that the server sent.
    public var description: String {
        "\(attribute);range=\(low)-\(high.map(String.init) ?? "*")"
    }

    /// Whether this is the last slice (`high` is `*`).
    public var isLast: Bool { high == nil }

    /// How many values the slice holds, when it is not the last one.
    public var count: Int? { high.map { $0 - low + 1 } }

    /// The option as clients send it. Samba matches `range=` case-sensitively: `Range=0-9` makes
    /// it ignore the option and send every value under the plain name.
    static let prefix = "range="

    private static func isRangeOption(_ option: Substring) -> Bool {
        option.utf8.count >= prefix.utf8.count
            && String(decoding: option.utf8.prefix(prefix.utf8.count), as: UTF8.self).equalsIgnoringASCIICase(prefix)
    }

    /// `low-high` or `low-*`, plain decimal digits (no sign, no spaces), at most 18 digits.
    private static func bounds(_ text: Substring) -> (low: Int, high: Int?)? {
        let parts = text.unicodeScalars.split(separator: "-", omittingEmptySubsequences: false).map(Substring.init)
        guard parts.count == 2, let low = index(parts[0]) else { return nil }
        if parts[1] == "*" { return (low, nil) }
        guard let high = index(parts[1]), high >= low else { return nil }
        return (low, high)
    }

    private static func index(_ text: Substring) -> Int? {
        guard !text.isEmpty, text.utf8.count <= 18, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        return Int(text)
    }
}

extension LDAPAttribute {
    /// The attribute's range option, if its name has a well-formed one.
    public var range: AttributeRange? { AttributeRange(name) }
}

extension LDAPEntry {
    /// Whether any attribute came as a slice (`member;range=0-1499`), well-formed or not:
    /// `LDAPConnection.completeRangedAttributes` has work to do. Cheap: a scan of the names.
    public var hasRangedAttributes: Bool {
        attributes.contains { AttributeRange.hasRangeOption($0.name) }
    }
}
