import LDAPProtocol

// The BER decoder on any bytes, walked as a tree of elements the way every LDAP structure is
// read. Properties beyond "no crash":
// - it never reads past its buffer: the input is handed over as a slice of a larger array,
//   every contents slice it returns lies inside the input, and what lies beyond the input
//   (two different fillings) changes neither the tree nor the error;
// - offsets in errors point inside the input;
// - decode ∘ encode = identity on the tree, and the re-encoding is no longer than the input
//   (a minimal definite length never exceeds the one it replaces);
// - typed reads (INTEGER, BOOLEAN, NULL) agree with the encoder: what decodes re-encodes to
//   something that decodes to the same value.

/// One element: its contents octets, or for a constructed one its members (whose encoding
/// may differ from the original contents: lengths are re-encoded minimally).
struct Element: Equatable {
    var tag: BERTag
    var contents: [UInt8]
    var members: [Element]?
}

/// Deeper trees than this are kept as bytes: the harness must not overflow its own stack.
let maximumDepth = 64

func fuzz(_ input: [UInt8]) {
    let quiet = decodeEmbedded(input, filler: 0x00)
    let noisy = decodeEmbedded(input, filler: 0x30)
    require(quiet == noisy, "the bytes after the input changed what was decoded")
    switch quiet {
    case .failure(let error):
        require(error.offset >= 0 && error.offset <= input.count, "error offset \(error.offset) outside \(input.count) bytes")
    case .success(let elements):
        let encoded = encode(elements)
        require(encoded.count <= input.count, "re-encoding grew from \(input.count) to \(encoded.count) bytes")
        require(decodeEmbedded(encoded, filler: 0xFF) == .success(elements), "decode(encode(tree)) differs from the tree")
        for element in elements { checkTypedReads(element) }
    }
}

/// Decodes `bytes` placed between two runs of `filler`, as a slice that excludes them.
func decodeEmbedded(_ bytes: [UInt8], filler: UInt8) -> Result<[Element], BERError> {
    let padding = [UInt8](repeating: filler, count: 16)
    let buffer = padding + bytes + padding
    let slice = buffer[padding.count..<padding.count + bytes.count]
    var decoder = BERDecoder(slice)
    do throws(BERError) {
        let elements = try readElements(&decoder, within: slice.indices, depth: 0)
        require(decoder.isAtEnd && decoder.offset == bytes.count, "the decoder stopped at \(decoder.offset) of \(bytes.count)")
        return .success(elements)
    } catch {
        return .failure(error)
    }
}

/// Reads elements until the end, checking that every contents slice stays within `bounds`.
func readElements(_ decoder: inout BERDecoder, within bounds: Range<Int>, depth: Int) throws(BERError) -> [Element] {
    var elements: [Element] = []
    while !decoder.isAtEnd {
        let before = decoder.offset
        let (tag, contents) = try decoder.readElement()
        require(decoder.offset > before, "readElement consumed nothing")
        require(
            contents.startIndex >= bounds.lowerBound && contents.endIndex <= bounds.upperBound,
            "contents \(contents.indices) outside the input \(bounds)")
        var element = Element(tag: tag, contents: Array(contents), members: nil)
        if tag.isConstructed, depth < maximumDepth {
            var inner = BERDecoder(contents)
            element.members = try readElements(&inner, within: bounds, depth: depth + 1)
            element.contents = []
        }
        elements.append(element)
    }
    return elements
}

/// The tree with minimal definite lengths.
func encode(_ elements: [Element]) -> [UInt8] {
    var encoder = BEREncoder()
    for element in elements {
        if let members = element.members {
            encoder.writeElement(element.tag, contents: encode(members))
        } else {
            encoder.writeElement(element.tag, contents: element.contents)
        }
    }
    return encoder.bytes
}

/// Reads the universal primitive types with the typed readers and round-trips what decodes.
func checkTypedReads(_ element: Element) {
    var single = BEREncoder()
    single.writeElement(element.tag, contents: element.contents)
    let bytes = single.bytes
    switch element.tag {
    case .integer, .enumerated:
        var decoder = BERDecoder(bytes)
        guard let value = try? decoder.readInteger(tag: element.tag) else { return }
        var encoder = BEREncoder()
        encoder.writeInteger(value, tag: element.tag)
        var again = BERDecoder(encoder.bytes)
        require((try? again.readInteger(tag: element.tag)) == value, "INTEGER \(value) does not survive re-encoding")
        require(encoder.bytes.count <= bytes.count, "INTEGER \(value) re-encoded longer than its minimal form")
        var narrow = BERDecoder(bytes)
        let narrowed = try? narrow.readInt32(tag: element.tag)
        require(narrowed.map(Int64.init) == Int32(exactly: value).map(Int64.init), "readInt32 disagrees with readInteger for \(value)")
    case .boolean:
        var decoder = BERDecoder(bytes)
        guard let value = try? decoder.readBoolean() else { return }
        var encoder = BEREncoder()
        encoder.writeBoolean(value)
        var again = BERDecoder(encoder.bytes)
        require((try? again.readBoolean()) == value, "BOOLEAN \(value) does not survive re-encoding")
    case .null:
        var decoder = BERDecoder(bytes)
        let isNull = (try? decoder.readNull()) != nil
        require(isNull == element.contents.isEmpty, "readNull accepted \(element.contents.count) contents octets")
    default:
        for member in element.members ?? [] { checkTypedReads(member) }
    }
}
