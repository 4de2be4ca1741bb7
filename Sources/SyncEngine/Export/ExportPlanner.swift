import LDAPProtocol

/// Turns a target's pending exports into the LDAP writes the exporter sends, for every target
/// flavor: `export preview` prints exactly this plan, and the exporter writes exactly it.
///
/// On Active Directory: membership goes in chunks of `memberChunk` values (a group add carries
/// the first chunk, modifies add the rest; a large modify becomes several), and a new person is
/// created enabled with a random initial password over TLS (`initialPassword`: the exporter adds
/// the value when it writes, so no password is ever planned, shown or stored) or disabled
/// without TLS (AD will not enable a user without a password).
public struct ExportPlanner: Sendable {
    public let target: ConnectorConfiguration
    public let policy: FlowPolicy
    /// Membership values per AD write (AD refuses very large single operations).
    public var memberChunk = 1000

    public init(target: ConnectorConfiguration, policy: FlowPolicy) {
        self.target = target
        self.policy = policy
    }

    /// The planner of one target under a configuration's rules.
    public init(configuration: Configuration, target: ConnectorConfiguration) throws(ConfigurationError) {
        self.init(target: target, policy: FlowPolicy(rules: try RuleSet.compile(configuration), target: target))
    }

    /// The types exported after the others in each phase (see `ExportOrder`).
    public var laterTypes: [ObjectType] { ExportOrder.laterTypes(target, rules: policy.rules) }

    /// The plan of one object with a pending export.
    public func plan(_ object: ConnectorSpaceObject) throws(ExportPlanError) -> ExportPlan {
        let plan = try ExportPlan.plan(object, objectClasses: objectClasses(object.objectType), policy: policy)
        guard target.flavor == .activeDirectory else { return plan }
        return initialState(chunkedMembers(withoutNamingModify(plan)))
    }

    /// AD: the naming attribute (`cn` of `CN=…`) changes only by a rename, never by a modify
    /// (the DC refuses one: notAllowedOnRDN); the rename before it already wrote the value.
    private func withoutNamingModify(_ plan: ExportPlan) -> ExportPlan {
        var plan = plan
        plan.steps = plan.steps.compactMap { step in
            guard case .modify(let dn, let changes) = step, let rdn = try? DistinguishedName(dn).rdn else { return step }
            let naming = Set(rdn.attributes.map { $0.type.lowercased() })
            let kept = changes.filter { !naming.contains($0.attribute.lowercased()) }
            return kept.isEmpty ? nil : .modify(dn: dn, changes: kept)
        }
        return plan
    }

    /// The objectClass values an add gets when the desired image names none.
    public func objectClasses(_ type: ObjectType) -> [String] {
        target.objectType(named: type.rawValue)?.objectClasses ?? ["top"]
    }

    /// AD: a new person is enabled with a password over TLS, or created disabled without it.
    private func initialState(_ plan: ExportPlan) -> ExportPlan {
        guard plan.object.objectType == "person", case .add(let dn, var attributes)? = plan.steps.first else { return plan }
        var plan = plan
        if target.tls != .none {
            plan.initialPassword = true
        } else if let index = attributes.firstIndex(where: { $0.name.lowercased() == "useraccountcontrol" }),
            let control = attributes[index].strings.first.flatMap(Int.init)
        {
            attributes[index] = LDAPAttribute("userAccountControl", [String(control | 2)])
            plan.exported?.attributes.set("userAccountControl", [String(control | 2)])
            plan.steps[0] = .add(dn: dn, attributes: attributes)
        }
        return plan
    }

    /// AD: membership changes in chunks of `memberChunk` values.
    func chunkedMembers(_ plan: ExportPlan) -> ExportPlan {
        var plan = plan
        var steps: [WriteRequest] = []
        for step in plan.steps {
            switch step {
            case .add(let dn, var attributes):
                guard let index = attributes.firstIndex(where: { $0.name.lowercased() == "member" }), attributes[index].values.count > memberChunk
                else {
                    steps.append(step)
                    continue
                }
                let chunks = attributes[index].values.chunked(memberChunk)
                attributes[index].values = Array(chunks[0])
                steps.append(.add(dn: dn, attributes: attributes))
                steps += chunks.dropFirst().map { .modify(dn: dn, changes: [Modification(.add, "member", values: Array($0))]) }
            case .modify(let dn, let changes):
                var small: [Modification] = []
                var split: [WriteRequest] = []
                for change in changes {
                    if change.attribute.lowercased() == "member", change.kind != .replace, change.values.count > memberChunk {
                        split += change.values.chunked(memberChunk).map {
                            .modify(dn: dn, changes: [Modification(change.kind, change.attribute, values: Array($0))])
                        }
                    } else {
                        small.append(change)
                    }
                }
                if !small.isEmpty { steps.append(.modify(dn: dn, changes: small)) }
                steps += split
            default:
                steps.append(step)
            }
        }
        plan.steps = steps
        return plan
    }
}
