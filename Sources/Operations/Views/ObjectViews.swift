import Foundation
import LDAPProtocol
import SyncEngine

/// Attribute values for people: text as text, binary as `base64:…`; secrets never.
public enum AttributeText {
    public static func render(_ set: AttributeSet) -> [String: [String]] {
        var out: [String: [String]] = [:]
        for key in set.keys where !AttributeSet.secretAttributes.contains(key) {
            out[set.displayName(key)] = set[key].map { isText($0) ? String(decoding: $0, as: UTF8.self) : "base64:" + Data($0).base64EncodedString() }
        }
        return out
    }

    /// Printable UTF-8 without control characters (what LDIF may write as is).
    static func isText(_ value: [UInt8]) -> Bool {
        guard String(validating: value, as: UTF8.self) != nil else { return false }
        return value.allSatisfy { $0 >= 0x20 || $0 == 0x09 }
    }
}

/// A connector space object as the command line and the API show it.
public struct ConnectorSpaceView: Sendable, Codable, Hashable {
    public var id: Int64
    public var connector: String
    public var dn: String
    public var anchor: String?
    public var objectType: String
    public var pendingImport: String
    public var pendingExport: String
    public var exportUnconfirmed: Bool
    public var metaverseID: Int64?
    public var attributes: [String: [String]]
    public var desiredDN: String?
    public var desiredAttributes: [String: [String]]?
    public var exportError: String?

    public init(_ object: ConnectorSpaceObject) {
        id = object.id
        connector = object.connector
        dn = object.dn
        anchor = object.anchor
        objectType = object.objectType.rawValue
        pendingImport = object.pendingImport.rawValue
        pendingExport = object.pendingExport.rawValue
        exportUnconfirmed = object.exportUnconfirmed
        metaverseID = object.metaverseID
        attributes = AttributeText.render(object.attributes)
        desiredDN = object.desiredDN
        desiredAttributes = object.desiredAttributes.map(AttributeText.render)
        exportError = object.exportError
    }
}

/// A metaverse object with its connector links.
public struct MetaverseView: Sendable, Codable, Hashable {
    public var id: Int64
    public var objectType: String
    public var attributes: [String: [String]]
    public var references: [String: [Int64]]
    public var links: [Link]

    public struct Link: Sendable, Codable, Hashable {
        public var connector: String
        public var dn: String
        public var pendingExport: String
    }

    public init(_ object: MetaverseObject, links: [ConnectorSpaceObject]) {
        id = object.id
        objectType = object.objectType.rawValue
        attributes = AttributeText.render(object.attributes)
        references = object.references
        self.links = links.map { Link(connector: $0.connector, dn: $0.desiredDN ?? $0.dn, pendingExport: $0.pendingExport.rawValue) }
    }
}
