/// Resolves names, checks types and builds the evaluation closures for one expression.
struct Compiler {
    let attributeInfo: @Sendable (String) -> AttributeInfo?
    /// Declared context variables by lowercased name.
    let contextVariables: [String: (name: String, type: ValueType)]
    let limits: ExpressionLimits

    private(set) var attributeKeys: Set<String> = []
    private(set) var contextVariablesRead: Set<String> = []
    /// `Where` variables in scope, innermost last.
    private var scopes: [(name: String, slot: Int, type: ValueType)] = []
    private(set) var slotCount = 0

    init(
        attributeInfo: @escaping @Sendable (String) -> AttributeInfo?,
        contextVariables: [String: (name: String, type: ValueType)],
        limits: ExpressionLimits
    ) {
        self.attributeInfo = attributeInfo
        self.contextVariables = contextVariables
        self.limits = limits
    }

    /// Compiles a subexpression. `AuthoritativeNull` is accepted only where
    /// `allowsAuthoritativeNull` is set: the whole expression and the results of `IIF`, `Switch`
    /// and `Coalesce` standing there.
    mutating func compile(
        _ node: ExpressionNode, allowsAuthoritativeNull: Bool = false
    ) throws(ExpressionError) -> Compiled {
        switch node.kind {
        case .text(let text):
            return .constant(ValueList(.text(text)), .text)
        case .integer(let number):
            return .constant(ValueList(.number(number)), .number)
        case .boolean(let flag):
            var compiled = Compiled.constant(ValueList(.boolean(flag)), .boolean)
            compiled.condition = { _ throws(ExpressionEvaluationError) in flag }
            return compiled
        case .null:
            var compiled = Compiled.constant([], ValueType(.any))
            compiled.isNothing = true
            compiled.condition = { _ throws(ExpressionEvaluationError) in false }
            return compiled
        case .authoritativeNull:
            guard allowsAuthoritativeNull else {
                throw ExpressionError(
                    .misplacedAuthoritativeNull,
                    "AuthoritativeNull can only be the result of the whole expression or of an IIF, Switch "
                        + "or Coalesce that is; it cannot be an operand or a function argument",
                    at: node.location)
            }
            var compiled = Compiled.constant(ValueList(.authoritativeNull), ValueType(.any))
            compiled.isNothing = true
            compiled.mayBeAuthoritativeNull = true
            return compiled
        case .identifier(let name):
            return try resolve(name, at: node.location)
        case .attribute(let name):
            return attribute(name)
        case .call(let name, let arguments):
            return try call(name, arguments, node: node, allowsAuthoritativeNull: allowsAuthoritativeNull)
        case .unary(let op, let operand):
            return try unary(op, operand, at: node.location)
        case .binary(let op, let left, let right):
            return try binary(op, left, right, at: node.location)
        }
    }

    /// A bare name: a `Where` variable, then a context variable, then an attribute.
    private mutating func resolve(_ name: String, at location: SourceLocation) throws(ExpressionError) -> Compiled {
        let key = name.lowercased()
        if let scope = scopes.last(where: { $0.name == key }) {
            let slot = scope.slot
            return Compiled(type: scope.type) { frame throws(ExpressionEvaluationError) in ValueList(frame.slots[slot]) }
        }
        if name.hasPrefix("$") {
            throw ExpressionError(
                .unknownVariable,
                "unknown variable \"\(name)\"; a $name is bound by Where($name, values, condition) inside its condition",
                at: location)
        }
        if let variable = contextVariables[key] {
            contextVariablesRead.insert(variable.name)
            let declaredName = variable.name
            let kind = variable.type.kind
            return Compiled(type: variable.type) { frame throws(ExpressionEvaluationError) in
                Self.values(frame.input.contextValues(declaredName), as: kind)
            }
        }
        return attribute(name)
    }

    private mutating func attribute(_ name: String) -> Compiled {
        let key = name.lowercased()
        attributeKeys.insert(key)
        let type = attributeInfo(key)?.type ?? ValueType(.text, multiValued: true)
        let kind = type.kind
        return Compiled(type: type) { frame throws(ExpressionEvaluationError) in
            Self.values(frame.input.values(of: key), as: kind)
        }
    }

    /// Raw directory values as runtime values of the declared kind. Numbers and booleans that
    /// do not parse stay text, so the function that needs them reports the bad value.
    static func values(_ raw: [[UInt8]], as kind: ValueKind) -> ValueList {
        switch raw.count {
        case 0: []
        case 1: ValueList(value(raw[0], as: kind))
        default: ValueList(raw.map { value($0, as: kind) })
        }
    }

    private static func value(_ bytes: [UInt8], as kind: ValueKind) -> Value {
        switch kind {
        case .binary:
            return .binary(bytes)
        case .number:
            let text = String(decoding: bytes, as: UTF8.self)
            return Value.parseNumber(text).map { .number($0) } ?? .text(text)
        case .boolean:
            let text = String(decoding: bytes, as: UTF8.self)
            return Value.parseBoolean(text).map { .boolean($0) } ?? .text(text)
        case .text, .any:
            return .text(String(decoding: bytes, as: UTF8.self))
        }
    }

    /// Binds `name` for the duration of `body`, returning the slot that holds its value.
    mutating func withVariable<T>(
        _ name: String, type: ValueType, _ body: (inout Compiler, Int) throws(ExpressionError) -> T
    ) throws(ExpressionError) -> T {
        let slot = slotCount
        slotCount += 1
        scopes.append((name.lowercased(), slot, type))
        defer { scopes.removeLast() }
        return try body(&self, slot)
    }
}
