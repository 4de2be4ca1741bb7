/// The pieces of a substrings filter, `(cn=initial*any1*any2*final)`.
///
/// Empty pieces mean nothing (`a**b` is `a*b`) and are dropped, so that every assertion prints
/// and parses back to itself; one without any piece would be a presence filter and cannot be
/// made.
public struct SubstringAssertion: Sendable, Hashable {
    /// What a value starts with, if anything is asserted.
    public let initial: [UInt8]?
    /// What the value contains in this order, between `initial` and `final`; never empty pieces.
    public let any: [[UInt8]]
    /// What a value ends with, if anything is asserted.
    public let final: [UInt8]?

    /// Creates an assertion, dropping empty pieces; `nil` when no piece is left.
    public init?(initial: [UInt8]? = nil, any: [[UInt8]] = [], final: [UInt8]? = nil) {
        let initial = initial.flatMap { $0.isEmpty ? nil : $0 }
        let any = any.filter { !$0.isEmpty }
        let final = final.flatMap { $0.isEmpty ? nil : $0 }
        guard initial != nil || !any.isEmpty || final != nil else { return nil }
        self.initial = initial
        self.any = any
        self.final = final
    }

    /// Creates an assertion from text pieces (stored as UTF-8); `nil` when every piece is empty.
    public init?(initial: String? = nil, any: [String] = [], final: String? = nil) {
        self.init(initial: initial.map { Array($0.utf8) }, any: any.map { Array($0.utf8) }, final: final.map { Array($0.utf8) })
    }
}
