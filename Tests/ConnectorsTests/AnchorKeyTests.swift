import Testing

@testable import Connectors

/// Anchors as compact keys: equal keys exactly when equal anchors.
@Suite struct AnchorKeyTests {
    @Test func aUUIDIsHeldAsBytesAndReadsBackAsItsText() {
        let bytes: [UInt8] = [0x3d, 0x4f, 0xed, 0x8e, 0xa5, 0x7d, 0x4a, 0x36, 0xb4, 0x16, 0xb6, 0x46, 0xeb, 0x6a, 0x8a, 0xd5]
        let text = Anchor.uuid(bytes)!
        let key = AnchorKey(text)
        #expect(key == .uuid(0x3d4f_ed8e_a57d_4a36, 0xb416_b646_eb6a_8ad5))
        #expect(key.anchor == "3d4fed8e-a57d-4a36-b416-b646eb6a8ad5")
        #expect(AnchorKey("00000000-0000-0000-0000-000000000000").anchor == "00000000-0000-0000-0000-000000000000")
        #expect(AnchorKey("ffffffff-ffff-ffff-ffff-ffffffffffff") == .uuid(.max, .max))
    }

    @Test func otherTextStaysTextSoDifferentSpellingsStayDifferent() {
        // Uppercase, braces, missing or moved dashes, a non-hex digit, one character more or
        // less, other characters of the same length: each is a different anchor.
        let lower = "3d4fed8e-a57d-4a36-b416-b646eb6a8ad5"
        let others = [
            "3D4FED8E-A57D-4A36-B416-B646EB6A8AD5", "{3d4fed8e-a57d-4a36-b416-b646eb6a8ad5}", "3d4fed8ea57d4a36b416b646eb6a8ad5",
            "3d4fed8e-a57d4-a36-b416-b646eb6a8ad5", "3d4fed8e-a57d-4a36-b416-b646eb6a8adg", "3d4fed8e-a57d-4a36-b416-b646eb6a8ad",
            "3d4fed8e-a57d-4a36-b416-b646eb6a8ad5a", "uid=someone,ou=people,dc=example,dc", "",
            "3d4fed8e-a57d-4a36-b416-b646eb6a8aé",
        ]
        var keys: Set<AnchorKey> = [AnchorKey(lower)]
        for text in others {
            let key = AnchorKey(text)
            #expect(key == .text(text))
            #expect(key.anchor == text)
            keys.insert(key)
        }
        #expect(keys.count == others.count + 1)
        #expect(keys.contains(AnchorKey(String(lower))))
    }
}
