import LDAPClient
import SyncEngine
import TestSupport
import Testing

@testable import Connectors

/// How a password is written to each kind of target, and the generated service passwords
/// (pure logic, no directory).
@Suite struct PasswordWriteTests {
    private func connector(_ flavor: ConnectorFlavor, uri: String) throws -> ConnectorConfiguration {
        let yaml = ConfigurationBuilder(connectors: [
            .init(name: "src", role: "source", uri: "ldap://127.0.0.1:1", bindDN: "cn=a,dc=x", baseDN: "dc=x"),
            .init(name: "tgt", flavor: flavor.rawValue, role: "target", uri: uri, bindDN: "cn=b,dc=y", baseDN: "dc=y"),
        ]).yaml
        return try Configuration.parse(yaml: yaml, file: "test.yaml").targets[0]
    }

    @Test func openLDAPTargetsTakeTheHashAsItIs() throws {
        let hash = Array("{SSHA}abcdefgh".utf8)
        let changes = try PasswordWrite.modifications([hash], for: connector(.openldap, uri: "ldap://127.0.0.1:2")).get()
        #expect(changes == [Modification(.replace, "userPassword", values: [hash])])
    }

    @Test func activeDirectoryTakesOnlyTheReversiblePasswordOverTLS() throws {
        let ad = try connector(.activeDirectory, uri: "ldaps://127.0.0.1:2")
        let changes = try PasswordWrite.modifications([Array("{CLEARTEXT}Pa55-word".utf8)], for: ad).get()
        #expect(
            changes == [Modification(.replace, "unicodePwd", values: [Array("\"Pa55-word\"".utf16).flatMap { [UInt8($0 & 0xff), UInt8($0 >> 8)] }])])
        #expect(throws: PasswordRefusal.self) { try PasswordWrite.modifications([Array("{SSHA}abcdefgh".utf8)], for: ad).get() }
        let plain = try connector(.activeDirectory, uri: "ldap://127.0.0.1:2")
        let refusal = #expect(throws: PasswordRefusal.self) { try PasswordWrite.modifications([Array("Pa55-word".utf8)], for: plain).get() }
        #expect(refusal?.message.contains("over TLS only") == true)
    }

    @Test func generatedPasswordsAreLongMixedAndDifferent() {
        let passwords = (0..<50).map { _ in RandomPassword.generate().unsafeText }
        #expect(Set(passwords).count == 50)
        for password in passwords {
            #expect(password.count == 32)
            #expect(password.contains(where: \.isUppercase) && password.contains(where: \.isLowercase))
            #expect(password.contains(where: \.isNumber) && password.contains(where: { !$0.isLetter && !$0.isNumber }))
        }
    }
}
