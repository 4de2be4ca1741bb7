/// One change to one attribute in a modify request.
public struct Modification: Sendable, Hashable {
    /// What to do with the values.
    public enum Kind: Int32, Sendable, Hashable {
        /// Add these values (the attribute may be new).
        case add = 0
        /// Delete these values, or the whole attribute when no values are given.
        case delete = 1
        /// Replace all values with these (none: remove the attribute).
        case replace = 2
    }

    /// What to do.
    public var kind: Kind
    /// The attribute description.
    public var attribute: String
    /// The values, binary-safe.
    public var values: [[UInt8]]

    /// Creates a modification with byte values.
    public init(_ kind: Kind, _ attribute: String, values: [[UInt8]]) {
        self.kind = kind
        self.attribute = attribute
        self.values = values
    }

    /// Creates a modification with text values.
    public init(_ kind: Kind, _ attribute: String, _ strings: [String]) {
        self.init(kind, attribute, values: strings.map { Array($0.utf8) })
    }
}

/// A write the client can pipeline: add, modify, delete or rename (modify DN).
public enum WriteRequest: Sendable, Hashable {
    /// Add an entry.
    case add(dn: String, attributes: [LDAPAttribute])
    /// Modify an entry's attributes.
    case modify(dn: String, changes: [Modification])
    /// Delete a leaf entry.
    case delete(dn: String)
    /// Rename and/or move an entry (RFC 4511 ModifyDN).
    case rename(dn: String, newRDN: String, newSuperior: String?, deleteOldRDN: Bool)

    /// The DN the request is about.
    public var dn: String {
        switch self {
        case .add(let dn, _), .modify(let dn, _), .delete(let dn), .rename(let dn, _, _, _): dn
        }
    }

    /// The operation, for errors.
    public var operation: LDAPOperation {
        switch self {
        case .add: .add
        case .modify: .modify
        case .delete: .delete
        case .rename: .rename
        }
    }
}
