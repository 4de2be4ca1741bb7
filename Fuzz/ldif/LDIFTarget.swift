import LDAPProtocol

@testable import SyncEngine

// The LDIF writer (`LDIF.changes`, what `export preview` prints) on export plans built from
// the input: any DN text, any value bytes, attribute descriptions as LDAP allows them.
// Property: reading the LDIF back (LDIFReader, in this folder) gives the plan's writes:
// write ∘ read = identity, with an add's attributes compared value by value (an attribute
// without values writes nothing, and LDIF cannot tell two adjacent ones of a name apart).

func fuzz(_ input: [UInt8]) {
    var reader = FuzzInput(input)
    var steps: [WriteRequest] = []
    while !reader.isAtEnd, steps.count < 8 {
        steps.append(step(&reader))
    }
    let plan = ExportPlan(
        object: ConnectorSpaceObject(connector: "fuzz", anchor: nil, dn: "", objectType: "person", attributes: AttributeSet()),
        steps: steps, exported: nil, initialPassword: reader.flag())
    let ldif = LDIF.changes(plan)
    let read: [WriteRequest]
    do throws(LDIFReader.Failure) {
        read = try LDIFReader.read(ldif)
    } catch {
        require(false, "the LDIF does not read back (\(error)):\n\(ldif)")
        return
    }
    require(read.map(flattened) == steps.map(flattened), "the LDIF reads back as other writes:\n\(ldif)")
}

/// One write: its kind, DN, attributes and values from the input.
func step(_ reader: inout FuzzInput) -> WriteRequest {
    let dn = reader.text(upTo: 64)
    switch reader.choice(4) {
    case 0:
        var attributes: [LDAPAttribute] = []
        for _ in 0..<reader.choice(4) {
            attributes.append(LDAPAttribute(attributeName(&reader), values: (0..<reader.choice(3)).map { _ in reader.bytes(upTo: 48) }))
        }
        return .add(dn: dn, attributes: attributes)
    case 1:
        return .delete(dn: dn)
    case 2:
        let newSuperior = reader.flag() ? reader.text(upTo: 48) : nil
        return .rename(dn: dn, newRDN: reader.text(upTo: 32), newSuperior: newSuperior, deleteOldRDN: reader.flag())
    default:
        var changes: [Modification] = []
        for _ in 0..<reader.choice(4) {
            let kind = Modification.Kind(rawValue: Int32(reader.choice(3))) ?? .replace
            changes.append(Modification(kind, attributeName(&reader), values: (0..<reader.choice(3)).map { _ in reader.bytes(upTo: 48) }))
        }
        return .modify(dn: dn, changes: changes)
    }
}

/// An attribute description (RFC 4512 `descr` or numeric OID, with `;options`): one of the
/// names ldapsync writes, or one spelled by the input when it is well-formed.
func attributeName(_ reader: inout FuzzInput) -> String {
    let known = ["cn", "objectClass", "member", "userCertificate;binary", "unicodePwd", "2.5.4.3", "description;lang-en", "jpegPhoto"]
    let choice = reader.choice(known.count + 1)
    guard choice == known.count else { return known[choice] }
    let spelled = reader.text(upTo: 24)
    return (try? AttributeDescription(spelled)) != nil ? spelled : "sn"
}

/// A write with an add's attributes as (name, value) pairs, as LDIF records them.
func flattened(_ request: WriteRequest) -> WriteRequest {
    guard case .add(let dn, let attributes) = request else { return request }
    return .add(dn: dn, attributes: attributes.flatMap { attribute in attribute.values.map { LDAPAttribute(attribute.name, values: [$0]) } })
}
