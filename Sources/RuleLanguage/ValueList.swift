/// The values an expression evaluates to, in order; empty is null.
///
/// Most expressions produce zero, one or two values per object, so those are held inline and
/// only longer lists allocate: evaluation runs for every object and every flow, and array
/// allocations were most of its cost.
struct ValueList: RandomAccessCollection, Hashable, Sendable, ExpressibleByArrayLiteral {
    private enum Storage: Hashable, Sendable {
        case none
        case one(Value)
        case two(Value, Value)
        case many([Value])
    }

    private var storage: Storage

    /// No values.
    init() {
        storage = .none
    }

    /// One value.
    init(_ value: Value) {
        storage = .one(value)
    }

    /// Two values.
    init(_ first: Value, _ second: Value) {
        storage = .two(first, second)
    }

    /// The values of an array.
    init(_ values: [Value]) {
        switch values.count {
        case 0: storage = .none
        case 1: storage = .one(values[0])
        case 2: storage = .two(values[0], values[1])
        default: storage = .many(values)
        }
    }

    init(arrayLiteral elements: Value...) {
        self.init(elements)
    }

    var startIndex: Int { 0 }

    var endIndex: Int {
        switch storage {
        case .none: 0
        case .one: 1
        case .two: 2
        case .many(let values): values.count
        }
    }

    subscript(position: Int) -> Value {
        switch storage {
        case .one(let value) where position == 0: value
        case .two(let first, _) where position == 0: first
        case .two(_, let second) where position == 1: second
        case .many(let values): values[position]
        // Like an array, an index outside the list is a programming error, never input-driven.
        default: preconditionFailure("ValueList index \(position) out of range")
        }
    }

    /// Whether any value is present (see ``Value/isPresent``).
    var hasPresentValue: Bool {
        contains(where: \.isPresent)
    }
}
