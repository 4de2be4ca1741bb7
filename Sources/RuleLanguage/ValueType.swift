/// The kind of the values an expression produces.
public enum ValueKind: String, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    /// Text (UTF-8 in the directory).
    case text
    /// A 64-bit signed integer.
    case number
    /// `TRUE` or `FALSE` (LDAP Boolean syntax).
    case boolean
    /// Bytes, such as `objectGUID` or `jpegPhoto`.
    case binary
    /// Not known until evaluation, for example an `IIF` whose branches differ in kind.
    case any

    /// The kind's name, as used in messages.
    public var description: String { rawValue }
}

/// The static type of an expression: the kind of its values and whether there may be several.
///
/// Every expression evaluates to a list of values; an empty list means no value (null). A
/// single-valued type promises at most one value.
public struct ValueType: Hashable, Sendable, CustomStringConvertible {
    /// The kind of every value.
    public var kind: ValueKind
    /// Whether the expression may produce more than one value.
    public var isMultiValued: Bool

    /// Creates a type.
    public init(_ kind: ValueKind, multiValued: Bool = false) {
        self.kind = kind
        self.isMultiValued = multiValued
    }

    /// At most one text value.
    public static let text = ValueType(.text)
    /// At most one number.
    public static let number = ValueType(.number)
    /// At most one boolean.
    public static let boolean = ValueType(.boolean)
    /// At most one binary value.
    public static let binary = ValueType(.binary)

    /// For example `text` or `multi-valued binary`.
    public var description: String {
        isMultiValued ? "multi-valued \(kind)" : "\(kind)"
    }
}

/// What the directory schema says about an attribute, as far as expressions care.
public struct AttributeInfo: Hashable, Sendable {
    /// Whether the attribute holds at most one value (`SINGLE-VALUE` in the schema).
    public var isSingleValued: Bool
    /// The kind of its values: `.binary` for binary syntaxes (octet string, SID, GUID, JPEG),
    /// `.number` for INTEGER, `.boolean` for Boolean, `.text` otherwise. `.any` is read as `.text`.
    public var kind: ValueKind

    /// Creates attribute information.
    public init(isSingleValued: Bool = false, kind: ValueKind = .text) {
        self.isSingleValued = isSingleValued
        self.kind = kind == .any ? .text : kind
    }

    /// Creates information for a text or binary attribute.
    public init(singleValued: Bool, binary: Bool) {
        self.init(isSingleValued: singleValued, kind: binary ? .binary : .text)
    }

    /// The type of a reference to the attribute.
    var type: ValueType {
        ValueType(kind, multiValued: !isSingleValued)
    }
}
