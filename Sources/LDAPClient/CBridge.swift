import CLDAP

#if canImport(Glibc)
    import Glibc
#endif

/// Conversions between Swift values and libldap's C structures. Everything allocated here is
/// freed before the `with…` function returns: libldap encodes a request when it is sent, so C
/// copies only need to live for the call.
enum CBridge {
    /// Bytes of a berval (copied).
    static func bytes(_ value: berval) -> [UInt8] {
        guard let base = value.bv_val, value.bv_len > 0 else { return [] }
        return base.withMemoryRebound(to: UInt8.self, capacity: Int(value.bv_len)) {
            Array(UnsafeBufferPointer(start: $0, count: Int(value.bv_len)))
        }
    }

    /// A berval's bytes as UTF-8 text.
    static func string(_ value: berval) -> String {
        guard let base = value.bv_val, value.bv_len > 0 else { return "" }
        return base.withMemoryRebound(to: UInt8.self, capacity: Int(value.bv_len)) {
            String(decoding: UnsafeBufferPointer(start: $0, count: Int(value.bv_len)), as: UTF8.self)
        }
    }

    /// A C string that libldap allocated, as Swift text; frees it.
    static func takeString(_ pointer: UnsafeMutablePointer<CChar>?) -> String {
        guard let pointer else { return "" }
        defer { ldap_memfree(pointer) }
        return String(cString: pointer)
    }

    /// Swift controls from a NULL-terminated C array; frees the array.
    static func takeControls(_ array: UnsafeMutablePointer<UnsafeMutablePointer<CLDAP.LDAPControl>?>?) -> [LDAPControl] {
        guard let array else { return [] }
        defer { ldap_controls_free(array) }
        var result: [LDAPControl] = []
        var index = 0
        while let control = array[index] {
            let oid = control.pointee.ldctl_oid.map { String(cString: $0) } ?? ""
            let value = control.pointee.ldctl_value.bv_val == nil ? nil : bytes(control.pointee.ldctl_value)
            result.append(LDAPControl(oid: oid, isCritical: control.pointee.ldctl_iscritical != 0, value: value))
            index += 1
        }
        return result
    }

    /// Runs `body` with a NULL-terminated C array of `controls` (nil when there are none).
    static func withControls<T>(
        _ controls: [LDAPControl],
        _ body: (UnsafeMutablePointer<UnsafeMutablePointer<CLDAP.LDAPControl>?>?) throws -> T
    ) rethrows -> T {
        guard !controls.isEmpty else { return try body(nil) }
        var allocations: [UnsafeMutableRawPointer] = []
        defer { allocations.forEach { free($0) } }
        let array = cAllocate(UnsafeMutablePointer<CLDAP.LDAPControl>?.self, count: controls.count + 1, &allocations)
        for (index, control) in controls.enumerated() {
            let c = cAllocate(CLDAP.LDAPControl.self, count: 1, &allocations)
            let oid = strdup(control.oid)
            if let oid { allocations.append(UnsafeMutableRawPointer(oid)) }
            var value = berval(bv_len: 0, bv_val: nil)
            if let bytes = control.value {
                let buffer = cCopy(bytes, &allocations)
                value = berval(bv_len: ber_len_t(bytes.count), bv_val: buffer)
            }
            c.initialize(to: CLDAP.LDAPControl(ldctl_oid: oid, ldctl_value: value, ldctl_iscritical: control.isCritical ? 1 : 0))
            array[index] = c
        }
        array[controls.count] = nil
        return try body(array)
    }

    /// Runs `body` with a berval over `bytes` (no copy; valid only inside `body`).
    static func withBerval<T>(_ bytes: [UInt8], _ body: (inout berval) throws -> T) rethrows -> T {
        var copy = bytes
        return try copy.withUnsafeMutableBytes { raw in
            var value = berval(
                bv_len: ber_len_t(raw.count),
                bv_val: raw.baseAddress?.assumingMemoryBound(to: CChar.self))
            return try body(&value)
        }
    }

    /// Runs `body` with a NULL-terminated `LDAPMod` array built from `(op, attribute, values)`.
    static func withMods<T>(
        _ mods: [(op: Int32, attribute: String, values: [[UInt8]])],
        _ body: (UnsafeMutablePointer<UnsafeMutablePointer<LDAPMod>?>) throws -> T
    ) rethrows -> T {
        var allocations: [UnsafeMutableRawPointer] = []
        defer { allocations.forEach { free($0) } }
        let array = cAllocate(UnsafeMutablePointer<LDAPMod>?.self, count: mods.count + 1, &allocations)
        for (index, mod) in mods.enumerated() {
            let values = cAllocate(UnsafeMutablePointer<berval>?.self, count: mod.values.count + 1, &allocations)
            for (v, bytes) in mod.values.enumerated() {
                let buffer = cCopy(bytes, &allocations)
                let value = cAllocate(berval.self, count: 1, &allocations)
                value.initialize(to: berval(bv_len: ber_len_t(bytes.count), bv_val: buffer))
                values[v] = value
            }
            values[mod.values.count] = nil
            let type = strdup(mod.attribute)
            if let type { allocations.append(UnsafeMutableRawPointer(type)) }
            let entry = cAllocate(LDAPMod.self, count: 1, &allocations)
            var cmod = LDAPMod()
            cmod.mod_op = mod.op | Int32(LDAP_MOD_BVALUES)
            cmod.mod_type = type
            cmod.mod_vals.modv_bvals = values
            entry.initialize(to: cmod)
            array[index] = entry
        }
        array[mods.count] = nil
        return try body(array)
    }

    /// malloc'd memory for `count` values of `T`, recorded in `allocations` to be freed.
    private static func cAllocate<T>(_ type: T.Type, count: Int, _ allocations: inout [UnsafeMutableRawPointer]) -> UnsafeMutablePointer<T> {
        guard let raw = malloc(MemoryLayout<T>.stride * max(count, 1)) else {
            fatalError("out of memory allocating \(count) × \(T.self)")
        }
        allocations.append(raw)
        return raw.bindMemory(to: T.self, capacity: max(count, 1))
    }

    /// A malloc'd copy of `bytes` (not NUL-terminated), recorded in `allocations`.
    private static func cCopy(_ bytes: [UInt8], _ allocations: inout [UnsafeMutableRawPointer]) -> UnsafeMutablePointer<CChar> {
        let buffer = cAllocate(CChar.self, count: bytes.count, &allocations)
        bytes.withUnsafeBytes { raw in
            if let base = raw.baseAddress { memcpy(buffer, base, bytes.count) }
        }
        return buffer
    }
}
