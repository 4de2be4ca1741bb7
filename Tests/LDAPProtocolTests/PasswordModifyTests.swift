import LDAPProtocol
import Testing

@Suite struct PasswordModifyTests {
    @Test func operationOID() {
        #expect(PasswordModify.oid == "1.3.6.1.4.1.4203.1.11.1")
    }

    @Test func requestWithOnlyNewPassword() throws {
        let value = PasswordModify.requestValue(userIdentity: nil, oldPassword: nil, newPassword: Array("secret".utf8))
        #expect(value == (try berHex("30 08 82 06 73 65 63 72 65 74")))
    }

    @Test func requestWithAllThreeFieldsInTagOrder() throws {
        let value = PasswordModify.requestValue(userIdentity: "u:jdoe", oldPassword: Array("old".utf8), newPassword: Array("new".utf8))
        #expect(value == (try berHex("30 12 80 06 75 3a 6a 64 6f 65 81 03 6f 6c 64 82 03 6e 65 77")))
    }

    @Test func requestWithNoFieldsAsksServerToGenerateForTheBoundUser() {
        #expect(PasswordModify.requestValue(userIdentity: nil, oldPassword: nil, newPassword: nil) == [0x30, 0x00])
    }

    @Test func longPasswordUsesLongFormLengths() throws {
        let value = PasswordModify.requestValue(userIdentity: nil, oldPassword: nil, newPassword: [UInt8](repeating: 0x61, count: 300))
        #expect(Array(value.prefix(8)) == (try berHex("30 82 01 30 82 82 01 2c")))
        #expect(value.count == 308)
    }

    @Test func userIdentityIsEncodedAsUTF8() throws {
        let value = PasswordModify.requestValue(userIdentity: "cn=Zoë", oldPassword: nil, newPassword: nil)
        #expect(value == (try berHex("30 09 80 07 63 6e 3d 5a 6f c3 ab")))
    }

    @Test func responseWithGeneratedPassword() throws {
        let generated = try PasswordModify.generatedPassword(fromResponse: try berHex("30 07 80 05 58 79 39 21 6b"))
        #expect(generated == Array("Xy9!k".utf8))
    }

    @Test(arguments: [nil, [], [0x30, 0x00]] as [[UInt8]?])
    func responseWithoutGeneratedPasswordIsNil(value: [UInt8]?) throws {
        #expect(try PasswordModify.generatedPassword(fromResponse: value) == nil)
    }

    @Test(arguments: [
        ("30 03 81 01 41", BERError.Code.trailingData), ("04 00", .unexpectedTag),
        ("30 07 80 05 58", .invalidLength), ("30 00 00", .trailingData), ("30 02 80 80", .invalidLength),
    ])
    func malformedResponseThrows(hex: String, code: BERError.Code) throws {
        let value = try berHex(hex)
        let error = #expect(throws: BERError.self) { _ = try PasswordModify.generatedPassword(fromResponse: value) }
        #expect(error?.code == code, "\(error?.description ?? "no error")")
    }
}
