/// A `>=` or `<=` assertion prepared once: numeric for integers, else prepared text (or bytes)
/// compared byte by byte, which orders generalized times correctly.
enum OrderingMatcher: Sendable {
    case integer(IntegerValue, greater: Bool)
    case text([UInt8], form: TextForm?, greater: Bool)

    /// `nil` when an integer assertion is not an integer (the item is then undefined).
    init?(_ matching: ValueMatching, assertion: [UInt8], greater: Bool) {
        if matching == .integer {
            guard let value = IntegerValue(assertion) else { return nil }
            self = .integer(value, greater: greater)
        } else {
            let form = matching.textForm
            self = .text(form?.normalize(assertion) ?? assertion, form: form, greater: greater)
        }
    }

    /// Whether one value is on the asserted side (or equal).
    func matches(_ value: [UInt8]) -> FilterResult {
        switch self {
        case .integer(let bound, let greater):
            guard let parsed = IntegerValue(value) else { return .undefined }
            return FilterResult(greater ? parsed >= bound : parsed <= bound)
        case .text(let bound, let form, let greater):
            let prepared = form?.normalize(value) ?? value
            return FilterResult(greater ? !prepared.lexicographicallyPrecedes(bound) : !bound.lexicographicallyPrecedes(prepared))
        }
    }
}
