import LDAPProtocol
import Testing

@Suite struct PasswordTests {
    @Test func neverPrints() {
        let secret = Password("Hunter2-Secret")
        #expect("\(secret)" == "<redacted>")
        #expect(String(describing: secret) == "<redacted>")
        #expect(String(reflecting: secret) == "<redacted>")
        #expect(!"\([secret])".contains("Hunter2"))
        #expect(secret.bytes == Array("Hunter2-Secret".utf8))
    }
}
