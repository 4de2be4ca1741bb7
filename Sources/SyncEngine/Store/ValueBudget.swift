/// Reading objects a slice at a time until what was read holds a budget of attribute values
/// (a sync transaction, an export chunk). A slice is at most `maximum` objects, and once objects
/// were read, no more than the rest of the budget holds of the largest of them: a slice of 100
/// groups of 2,500 members was 500,000 values, past a budget of 200,000 before it was counted.
public struct ValueBudget: Sendable {
    public let budget: Int
    public let maximum: Int
    /// The values counted so far.
    public private(set) var values = 0
    private var largest = 0

    public init(_ budget: Int, maximum: Int = 25) {
        self.budget = budget
        self.maximum = max(1, maximum)
    }

    /// Whether the budget is used up (the transaction or chunk ends).
    public var isSpent: Bool { values >= budget }

    /// How many objects to read next: at least one.
    public var nextSlice: Int {
        guard largest > 0 else { return maximum }
        return max(1, min(maximum, (budget - values) / largest))
    }

    /// Counts an object that holds `objectValues` values.
    public mutating func count(_ objectValues: Int) {
        values += objectValues
        largest = max(largest, objectValues)
    }
}
