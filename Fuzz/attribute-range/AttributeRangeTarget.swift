import LDAPProtocol

// Active Directory's ranged attribute names (`member;range=0-1499`), as a server writes them.
// Properties beyond "no crash": a name that parses as a range has a range option; printing a
// parsed range and parsing it again gives the same range (parse ∘ print = identity); a slice
// that is not the last counts at least one value.

func fuzz(_ input: [UInt8]) {
    let name = String(decoding: input, as: UTF8.self)
    let hasOption = AttributeRange.hasRangeOption(name)
    guard let range = AttributeRange(name) else { return }
    require(hasOption, "\(name.debugDescription) parsed as a range but hasRangeOption says no")
    require(!range.attribute.isEmpty && !AttributeRange.hasRangeOption(range.attribute), "the attribute keeps a range option")
    require(range.low >= 0 && (range.high.map { $0 >= range.low } ?? true), "range \(range.low)-\(String(describing: range.high))")
    require(range.count.map { $0 >= 1 } ?? range.isLast, "a slice of no values")
    require(AttributeRange(range.description) == range, "\(range.description.debugDescription) does not parse back to itself")
    // The next request a client makes after this slice must be a well-formed range too.
    if let high = range.high {
        let next = AttributeRange(attribute: range.attribute, low: high + 1, high: nil)
        require(AttributeRange(next.description) == next, "the next slice \(next.description.debugDescription) does not parse")
    }
}
