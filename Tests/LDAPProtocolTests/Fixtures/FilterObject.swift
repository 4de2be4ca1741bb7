import LDAPProtocol

/// An object for filter tests: text values by attribute name (any case; stored lowercased).
func filterObject(_ attributes: [String: [String]]) -> [String: [[UInt8]]] {
    var object: [String: [[UInt8]]] = [:]
    for (name, values) in attributes { object[name.lowercased(), default: []] += values.map { Array($0.utf8) } }
    return object
}

/// Parses `text` and evaluates it on `object`; a filter that does not parse fails the test.
func evaluate(_ text: String, on object: [String: [[UInt8]]], schema: DirectorySchema? = nil) throws -> FilterResult {
    try SearchFilter(text).evaluate(object, schema: schema)
}

/// Shorthand for an attribute description known to be valid in a test.
func attribute(_ text: String) throws -> AttributeDescription {
    try AttributeDescription(text)
}
