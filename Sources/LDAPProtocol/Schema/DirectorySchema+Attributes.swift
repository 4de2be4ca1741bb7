extension DirectorySchema {
    /// The primary name of the attribute type named `attribute` (`commonName` → `cn`).
    public func primaryName(of attribute: String) -> String? {
        index.attribute(attribute).map { index.attributes[$0].primaryName }
    }

    /// The attribute's syntax OID, its own or inherited through `SUP` (`member` → DN).
    public func syntax(of attribute: String) -> String? {
        resolved(attribute)?.syntax
    }

    /// The attribute's equality matching rule (name or OID as published), its own or
    /// inherited; `nil` when the server names none (Samba never does).
    public func equalityRule(of attribute: String) -> String? {
        resolved(attribute)?.equality
    }

    /// The attribute's ordering matching rule, its own or inherited.
    public func orderingRule(of attribute: String) -> String? {
        resolved(attribute)?.ordering
    }

    /// The attribute's substrings matching rule, its own or inherited.
    public func substringRule(of attribute: String) -> String? {
        resolved(attribute)?.substring
    }

    /// Whether values name other entries: the syntax is DN (`…121.1.12`: `member`, `owner`,
    /// `manager`, `seeAlso`, `roleOccupant`, `secretary`, `memberOf`) or Name and Optional UID
    /// (`…121.1.34`: `uniqueMember`, whose values may end in `#'0101'B`). Active Directory's
    /// DN-Binary and DN-String syntaxes (`…4.903`, `…4.904`) are not counted: their values are
    /// not DNs.
    public func isReference(_ attribute: String) -> Bool {
        guard let syntax = syntax(of: attribute) else { return false }
        return syntax == WellKnownSyntax.distinguishedName || syntax == WellKnownSyntax.nameAndOptionalUID
    }

    /// Whether the attribute is `SINGLE-VALUE`, itself or through a supertype. Unknown
    /// attributes are multi-valued.
    public func isSingleValued(_ attribute: String) -> Bool {
        resolved(attribute)?.isSingleValued ?? false
    }

    /// Whether values are bytes rather than text: the description carries the `;binary`
    /// option, or the syntax is Octet String (`objectGUID`, `objectSid` on Samba,
    /// `userPassword` on OpenLDAP), Binary, JPEG, Certificate, Audio, Fax, AD's security
    /// descriptor, or one the server marks `X-NOT-HUMAN-READABLE`.
    public func isBinary(_ attribute: String) -> Bool {
        if attribute.lowercased().split(separator: ";").dropFirst().contains("binary") { return true }
        guard let syntax = syntax(of: attribute) else { return false }
        return index.binarySyntaxes.contains(syntax)
    }

    /// Whether the directory maintains the attribute rather than users: a `USAGE` other than
    /// `userApplications`, or `NO-USER-MODIFICATION`.
    ///
    /// `objectClass` is never operational, although Samba publishes it with
    /// `NO-USER-MODIFICATION`: RFC 4512 makes it a user attribute, and every add needs it.
    public func isOperational(_ attribute: String) -> Bool {
        guard let position = index.attribute(attribute) else { return false }
        let type = attributeTypes[position]
        if type.oid == "2.5.4.0" { return false }
        return type.usage != .userApplications || type.isNoUserModification
    }

    /// The effective properties of `attribute`, if the schema knows it.
    func resolved(_ attribute: String) -> ResolvedAttributeType? {
        index.attribute(attribute).map { index.attributes[$0] }
    }
}
