/// A filter prepared once for evaluating on many objects: attribute names resolved through the
/// schema (aliases, subtypes), matching rules chosen, assertion values normalized, and the
/// subclasses of asserted object classes collected.
///
/// ```swift
/// let scope = CompiledFilter(try SearchFilter("(&(objectClass=inetOrgPerson)(!(employeeType=contractor)))"), schema: schema)
/// let inScope = objects.filter(scope.matches)
/// ```
///
/// Without a schema every attribute is compared as case-insensitive text, looked up by its
/// name as written. With one, each attribute uses its equality rule (or the rule its syntax
/// implies when the server names none, as Samba does), `objectClass` matches subclasses, and an
/// attribute the schema does not define makes its item undefined, as on a server.
public struct CompiledFilter: Sendable {
    /// The filter as parsed.
    public let filter: SearchFilter
    /// What the engine cannot decide in this filter; empty when every item is supported.
    public let warnings: [FilterWarning]
    private let root: FilterNode

    /// Compiles `filter` for objects of the directory whose schema is `schema`.
    public init(_ filter: SearchFilter, schema: DirectorySchema? = nil) {
        var compiler = FilterCompiler(schema: schema)
        self.root = compiler.compile(filter)
        self.filter = filter
        self.warnings = compiler.warnings
    }

    /// The RFC 4511 result of the filter on `object`: ``FilterResult/true``,
    /// ``FilterResult/false`` or ``FilterResult/undefined``.
    public func evaluate(_ object: some FilterInput) -> FilterResult {
        root.evaluate(object)
    }

    /// Whether `object` matches: the filter is ``FilterResult/true`` for it.
    public func matches(_ object: some FilterInput) -> Bool {
        root.evaluate(object) == .true
    }
}

extension SearchFilter {
    /// The RFC 4511 result of this filter on `object`. Compiles the filter each time: to
    /// evaluate it on many objects, make a ``CompiledFilter`` once.
    public func evaluate(_ object: some FilterInput, schema: DirectorySchema?) -> FilterResult {
        CompiledFilter(self, schema: schema).evaluate(object)
    }
}
