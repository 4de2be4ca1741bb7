/// An attribute type's effective properties: its own, or inherited through `SUP`.
struct ResolvedAttributeType: Sendable {
    /// The primary name (or OID).
    let primaryName: String
    /// The syntax OID, its own or its supertype's.
    let syntax: String?
    /// The equality rule, its own or its supertype's.
    let equality: String?
    /// The ordering rule, its own or its supertype's.
    let ordering: String?
    /// The substrings rule, its own or its supertype's.
    let substring: String?
    /// Single-valued itself or through a supertype.
    let isSingleValued: Bool
    /// Lowercased names and OIDs of the type and of all its subtypes (RFC 4512 §2.5.1: a filter
    /// on `name` also matches `cn`, `sn`, …), the type's own first.
    let lookupKeys: [String]

    /// Resolves every type; supertype chains that loop or name unknown types stop there.
    static func resolve(_ types: [AttributeTypeDescription], keys: [String: Int]) -> [ResolvedAttributeType] {
        let parents = types.map { type in type.superType.flatMap { keys[$0.lowercased()] } }
        var children = Array(repeating: [Int](), count: types.count)
        for (index, parent) in parents.enumerated() {
            if let parent, parent != index { children[parent].append(index) }
        }
        return types.indices.map { index in
            let chain = Self.chain(from: index, parents)
            func inherited<T>(_ field: KeyPath<AttributeTypeDescription, T?>) -> T? {
                chain.lazy.compactMap { types[$0][keyPath: field] }.first
            }
            var lookupKeys: [String] = []
            var seen = Set<Int>()
            var stack = [index]
            while let current = stack.popLast() {
                guard seen.insert(current).inserted else { continue }
                lookupKeys += (types[current].names + [types[current].oid]).map { $0.lowercased() }
                stack += children[current].reversed()
            }
            var uniqueKeys = Set<String>()
            return ResolvedAttributeType(
                primaryName: types[index].primaryName, syntax: inherited(\.syntax), equality: inherited(\.equality),
                ordering: inherited(\.ordering), substring: inherited(\.substring),
                isSingleValued: chain.contains { types[$0].isSingleValued },
                lookupKeys: lookupKeys.filter { uniqueKeys.insert($0).inserted })
        }
    }

    /// `index`, its supertype, that one's supertype, … until a loop or an unknown name.
    private static func chain(from index: Int, _ parents: [Int?]) -> [Int] {
        var chain = [index]
        var seen: Set<Int> = [index]
        var current = index
        while let parent = parents[current], seen.insert(parent).inserted {
            chain.append(parent)
            current = parent
        }
        return chain
    }
}
