import LDAPProtocol
import Testing

/// Parses space-separated hex such as `"30 06 02 02 03 e8 04 00"`; shared by the BER-based suites.
func berHex(_ hex: String) throws -> [UInt8] {
    try hex.split(separator: " ").map { try #require(UInt8($0, radix: 16), "bad hex byte \($0)") }
}

@Suite struct BERTests {
    @Test(arguments: [
        (Int64(0), "02 01 00"), (127, "02 01 7f"), (128, "02 02 00 80"), (256, "02 02 01 00"),
        (1000, "02 02 03 e8"), (-1, "02 01 ff"), (-128, "02 01 80"), (-129, "02 02 ff 7f"),
        (Int64(Int32.min), "02 04 80 00 00 00"), (Int64(UInt32.max), "02 05 00 ff ff ff ff"),
        (.max, "02 08 7f ff ff ff ff ff ff ff"), (.min, "02 08 80 00 00 00 00 00 00 00"),
    ])
    func integerUsesMinimalTwosComplementAndRoundTrips(value: Int64, hex: String) throws {
        var encoder = BEREncoder()
        encoder.writeInteger(value)
        #expect(encoder.bytes == (try berHex(hex)))
        var decoder = BERDecoder(encoder.bytes)
        #expect(try decoder.readInteger() == value)
        #expect(decoder.isAtEnd)
    }

    @Test func primitivesEncodeAsLDAPRequires() throws {
        var encoder = BEREncoder()
        encoder.writeBoolean(true)
        encoder.writeBoolean(false)
        encoder.writeNull()
        encoder.writeEnumerated(3)
        encoder.writeOctetString(Array("ab".utf8))
        encoder.writeOctetString([0x01], tag: .contextPrimitive(2))
        encoder.writeConstructed(.contextConstructed(3)) { $0.writeConstructed(.set) { _ in } }
        #expect(encoder.bytes == (try berHex("01 01 ff 01 01 00 05 00 0a 01 03 04 02 61 62 82 01 01 a3 02 31 00")))
    }

    @Test func primitivesDecode() throws {
        var decoder = BERDecoder(try berHex("01 01 01 01 01 00 05 00 0a 01 02 04 00 83 01 07"))
        #expect(try decoder.readBoolean() == true, "any non-zero octet is TRUE")
        #expect(try decoder.readBoolean() == false)
        try decoder.readNull()
        #expect(try decoder.readEnumerated() == 2)
        #expect(try decoder.readOctetStringIfPresent() == [])
        #expect(try decoder.readOctetStringIfPresent() == nil, "next tag is 0x83, not 0x04")
        #expect(try decoder.readInteger(tag: .contextPrimitive(3)) == 7)
        try decoder.finish()
    }

    @Test(arguments: [0, 1, 127, 128, 255, 256, 300, 70_000])
    func octetStringLengthsUseShortOrLongFormAndRoundTrip(count: Int) throws {
        let payload = (0..<count).map { UInt8(truncatingIfNeeded: $0) }
        var encoder = BEREncoder()
        encoder.writeOctetString(payload)
        let header: [UInt8] =
            switch count {
            case ..<128: [0x04, UInt8(count)]
            case ..<256: [0x04, 0x81, UInt8(count)]
            case ..<65536: [0x04, 0x82, UInt8(count >> 8), UInt8(count & 0xFF)]
            default: [0x04, 0x83, UInt8(count >> 16), UInt8((count >> 8) & 0xFF), UInt8(count & 0xFF)]
            }
        #expect(Array(encoder.bytes.prefix(header.count)) == header)
        #expect(encoder.bytes.count == header.count + count)
        var decoder = BERDecoder(encoder.bytes)
        #expect(try decoder.readOctetString() == payload)
        try decoder.finish()
    }

    @Test func threeHundredByteOctetStringHasTwoOctetLength() throws {
        var encoder = BEREncoder()
        encoder.writeOctetString([UInt8](repeating: 0x41, count: 300))
        #expect(Array(encoder.bytes.prefix(4)) == (try berHex("04 82 01 2c")))
    }

    @Test func acceptsZeroPaddedLongFormLengthsAsActiveDirectorySendsThem() throws {
        var decoder = BERDecoder(try berHex("30 84 00 00 00 03 02 01 05"))
        #expect(try decoder.readSequence { body throws(BERError) in try body.readInteger() } == 5)
        try decoder.finish()
    }

    @Test func acceptsNonMinimalIntegersAsBERAllows() throws {
        var decoder = BERDecoder(try berHex("02 03 00 00 05 02 02 ff ff"))
        #expect(try decoder.readInteger() == 5)
        #expect(try decoder.readInteger() == -1)
        try decoder.finish()
    }

    @Test func constructedOctetStringIsRejectedAsLDAPRequires() throws {
        // 0x24 is the constructed (segmented) OCTET STRING: BER allows it, RFC 4511 section 5.1 does not.
        var decoder = BERDecoder(try berHex("30 08 02 01 05 24 03 04 01 41"))
        let error = #expect(throws: BERError.self) {
            _ = try decoder.readSequence { body throws(BERError) in (try body.readInteger(), try body.readOctetString()) }
        }
        #expect(error?.code == .unexpectedTag)
        #expect(error?.offset == 5)
    }

    @Test func decodesFromASliceWithOffsetsFromTheSliceStart() throws {
        let bytes = try berHex("ff ff 30 03 01 01 ff")
        var decoder = BERDecoder(bytes[2...])
        let error = #expect(throws: BERError.self) {
            _ = try decoder.readSequence { body throws(BERError) in try body.readInteger() }
        }
        #expect(error?.code == .unexpectedTag)
        #expect(error?.offset == 2)
    }

    @Test(arguments: [
        ("", BERError.Code.truncated), ("30", .truncated), ("30 80 02 01 05 00 00", .invalidLength),
        ("30 84 ff ff ff ff", .invalidLength), ("30 89 00 00 00 00 00 00 00 00 01 00", .invalidLength),
        ("30 ff", .invalidLength), ("30 82 01", .truncated), ("30 05 02 02 03", .invalidLength),
        ("30 06 02 01 05 00", .invalidLength), ("30 02 02 00", .invalidValue),
        ("30 0b 02 09 00 00 00 00 00 00 00 00 01", .invalidValue), ("30 07 02 01 05 01 02 ff ff", .invalidValue),
        ("30 05 02 01 05 01 00", .invalidValue), ("04 01 00", .unexpectedTag), ("30 03 1f 01 00", .unexpectedTag),
        ("30 03 02 01 05 00", .trailingData), ("30 04 02 01 05 00 00", .trailingData),
    ])
    func hostileInputThrowsTheRightCode(hex: String, code: BERError.Code) throws {
        var decoder = BERDecoder(try berHex(hex))
        let error = #expect(throws: BERError.self) {
            _ = try decoder.readSequence { body throws(BERError) in
                (try body.readInteger(), try body.readBooleanIfPresent())
            }
            try decoder.finish()
        }
        #expect(error?.code == code, "\(error?.description ?? "no error")")
    }

    @Test(arguments: ["1f 81 00 00", "04 84 ff ff ff ff", "04 80 00 00", "", "30"])
    func readElementRejectsHighTagNumbersAndBadLengths(hex: String) throws {
        var decoder = BERDecoder(try berHex(hex))
        #expect(throws: BERError.self) { _ = try decoder.readElement() }
    }

    @Test func integerOutsideThirtyTwoBitsIsRejectedForInt32Fields() throws {
        var decoder = BERDecoder(try berHex("02 05 00 80 00 00 00"))
        let error = #expect(throws: BERError.self) { _ = try decoder.readInt32() }
        #expect(error?.code == .invalidValue)
    }

    @Test func errorReportsOffsetAndExpectationButNeverValueBytes() throws {
        // SEQUENCE { INTEGER 5, OCTET STRING "secret" } where the structure wants a BOOLEAN second.
        var decoder = BERDecoder(try berHex("30 0b 02 01 05 04 06 73 65 63 72 65 74"))
        let error = try #require(
            #expect(throws: BERError.self) {
                _ = try decoder.readSequence { body throws(BERError) in (try body.readInteger(), try body.readBoolean()) }
            })
        #expect(error.offset == 5)
        #expect(error.description == "BER unexpectedTag at offset 5: expected BOOLEAN (tag 0x01), found tag 0x04")
        #expect(!error.description.contains("secret") && !error.description.contains("73"))
    }
}

/// Seeded fuzzing: every decoder must either succeed or throw `BERError` on arbitrary bytes.
@Suite struct BERFuzzTests {
    /// SplitMix64, so every run sees the same inputs and a failure reproduces.
    private struct SeededGenerator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var mixed = (state ^ (state >> 30)) &* 0xBF58_476D_1CE4_E5B9
            mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
            return mixed ^ (mixed >> 31)
        }
    }

    /// Tags that send the decoders down their deeper paths, so random input gets past the first byte.
    private static let interestingTags: [UInt8] = [0x01, 0x02, 0x04, 0x05, 0x0a, 0x30, 0x31, 0x80, 0xa1, 0xa2, 0xa3, 0x1f]

    /// Runs every decoder on `bytes`; returns how many accepted it. Offsets must stay in bounds.
    private static func decodeEverything(_ bytes: [UInt8]) -> Int {
        var accepted = 0
        func attempt(_ decode: () throws(BERError) -> Void) {
            do throws(BERError) {
                try decode()
                accepted += 1
            } catch {
                #expect(error.offset >= 0 && error.offset <= bytes.count, "\(error)")
            }
        }
        attempt { () throws(BERError) in _ = try PagedResultsResponse(LDAPControl(oid: LDAPControl.OID.pagedResults, value: bytes)) }
        attempt { () throws(BERError) in _ = try DirSyncResponse(LDAPControl(oid: LDAPControl.OID.dirSync, value: bytes)) }
        attempt { () throws(BERError) in _ = try SyncStateControl(LDAPControl(oid: LDAPControl.OID.syncState, value: bytes)) }
        attempt { () throws(BERError) in _ = try SyncDoneControl(LDAPControl(oid: LDAPControl.OID.syncDone, value: bytes)) }
        attempt { () throws(BERError) in _ = try SyncInfoMessage(value: bytes) }
        attempt { () throws(BERError) in _ = try PasswordModify.generatedPassword(fromResponse: bytes) }
        attempt { () throws(BERError) in
            var decoder = BERDecoder(bytes)
            try walk(&decoder, depth: 0)
        }
        return accepted
    }

    /// Reads every element, descending into constructed ones, as a generic dump would.
    private static func walk(_ decoder: inout BERDecoder, depth: Int) throws(BERError) {
        while !decoder.isAtEnd {
            let element = try decoder.readElement()
            if element.tag.isConstructed, depth < 64 {
                var inner = BERDecoder(element.contents)
                try walk(&inner, depth: depth + 1)
            }
        }
    }

    @Test func randomBytesNeverCrashAnyDecoder() {
        var generator = SeededGenerator(state: 0x1DA9_5EED)
        var accepted = 0
        for _ in 0..<10_000 {
            let count = Int.random(in: 0..<48, using: &generator)
            var bytes = (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
            if !bytes.isEmpty, Bool.random(using: &generator) {
                bytes[0] = Self.interestingTags.randomElement(using: &generator) ?? 0x30
            }
            accepted += Self.decodeEverything(bytes)
        }
        #expect(accepted > 0, "some random inputs should be valid BER (the generic walk)")
    }

    @Test func mutatedValidValuesNeverCrashAnyDecoder() throws {
        let seeds: [[UInt8]] = [
            try berHex("30 06 02 02 03 e8 04 00"),
            try berHex("30 84 00 00 00 0a 02 01 01 02 01 00 04 02 aa bb"),
            try berHex("30 15 0a 01 01 04 10 00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f"),
            try berHex(
                "a3 2a 01 01 ff 31 24 04 10 00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f"
                    + " 04 10 10 11 12 13 14 15 16 17 18 19 1a 1b 1c 1d 1e 1f"),
            try berHex("a1 05 04 03 61 62 63"),
            try berHex("30 07 80 05 58 79 39 21 6b"),
        ]
        var generator = SeededGenerator(state: 4533)
        var accepted = 0
        for _ in 0..<10_000 {
            var bytes = seeds.randomElement(using: &generator) ?? []
            for _ in 0..<Int.random(in: 1...3, using: &generator) where !bytes.isEmpty {
                let index = Int.random(in: 0..<bytes.count, using: &generator)
                switch Int.random(in: 0..<3, using: &generator) {
                case 0: bytes[index] = UInt8.random(in: 0...255, using: &generator)
                case 1: bytes.removeSubrange(index...)
                default: bytes.insert(UInt8.random(in: 0...255, using: &generator), at: index)
                }
            }
            accepted += Self.decodeEverything(bytes)
        }
        #expect(accepted > 0)
    }
}
