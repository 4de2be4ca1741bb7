import Foundation
import LDAPProtocol
import Testing

@testable import SyncEngine

/// A stored schema decodes to what was stored, the same bytes from the process's cache, other
/// bytes afresh, and bytes that are no schema to an error.
@Suite struct StoredSchemaTests {
    static func schema(_ attribute: String) throws -> DirectorySchema {
        DirectorySchema(
            attributeTypes: [
                try AttributeTypeDescription(parsing: "( 1.2.3.\(attribute.count) NAME '\(attribute)' SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 )")
            ],
            objectClasses: [])
    }

    @Test func theSameBytesDecodeOnceAndOtherBytesAfresh() throws {
        let first = try Self.schema("favouriteColour")
        let second = try Self.schema("shoeSize")
        let firstData = try JSONEncoder().encode(first)
        #expect(try StoredSchema.decode(firstData) == first)
        #expect(try StoredSchema.decode(firstData) == first, "from the cache")
        #expect(try StoredSchema.decode(JSONEncoder().encode(second)) == second, "other bytes are decoded")
        #expect(try StoredSchema.decode(firstData).attributeType(named: "FAVOURITECOLOUR") != nil)
        #expect(throws: DecodingError.self) { try StoredSchema.decode(Data("not a schema".utf8)) }
    }

    @Test func theCacheStaysBounded() throws {
        for index in 0..<(StoredSchema.capacity * 2) {
            let schema = try Self.schema("attribute\(index)")
            #expect(try StoredSchema.decode(JSONEncoder().encode(schema)) == schema)
            #expect(StoredSchema.cached <= StoredSchema.capacity)
        }
    }
}
