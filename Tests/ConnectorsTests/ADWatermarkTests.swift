import SyncEngine
import Testing

@testable import Connectors

/// The stored form of an AD delta watermark (no directory needed).
@Suite struct ADWatermarkTests {
    @Test func bothKindsRoundTrip() {
        let cookie: [UInt8] = Array("MSDS".utf8) + [3, 0, 0, 0, 0x80, 0xff, 0]
        for watermark in [
            ADWatermark.dirSync(cookie: cookie, seesTombstones: false), .dirSync(cookie: cookie, seesTombstones: true),
            .usn(invocationID: "3d4fed8e-a57d-4a36-b416-b646eb6a8ad5", usn: 4055), .usn(invocationID: "x", usn: .max),
        ] {
            #expect(ADWatermark(encoded: watermark.encoded) == watermark)
        }
        #expect(ADWatermark.usn(invocationID: "g", usn: 0x0102).encoded == Array("ADW".utf8) + [1, 2, 0, 0, 0, 0, 0, 0, 1, 2, UInt8(ascii: "g")])
    }

    @Test func foreignBlobsAreNotWatermarks() {
        // An OpenLDAP syncprov cookie, a bare DirSync cookie, another version, truncated forms.
        for blob in [
            Array("rid=000,csn=20261122072733.000000Z#000000#000#000000".utf8), Array("MSDS".utf8), [],
            Array("ADW".utf8) + [2, 1, 0, 1], Array("ADW".utf8) + [1, 1], Array("ADW".utf8) + [1, 2, 0, 0, 0], Array("ADW".utf8) + [1, 9, 0],
        ] {
            #expect(ADWatermark(encoded: blob) == nil, "\(blob)")
        }
    }

    @Test func guidTextGoesBackToWireBytes() throws {
        let wire: [UInt8] = [0x20, 0x65, 0x56, 0x58, 0xfa, 0x75, 0xfe, 0x4f, 0xb7, 0xa6, 0xf2, 0x1c, 0xb4, 0x58, 0x32, 0x94]
        let text = try #require(Anchor.guid(wire))
        #expect(text == "58566520-75fa-4ffe-b7a6-f21cb4583294")
        #expect(Anchor.guidBytes(text) == wire)
        #expect(Anchor.guidBytes("not-a-guid") == nil)
        #expect(Anchor.guidBytes("58566520-75fa-4ffe-b7a6-f21cb458329z") == nil)
    }
}
