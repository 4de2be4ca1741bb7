import CLDAP

extension LDAPConnection {
    /// Sends one write request without waiting; returns its message id. Call on `queue` only.
    func send(_ ld: OpaquePointer, _ request: WriteRequest, _ controls: [LDAPControl]) throws(LDAPError) -> Int32 {
        try submit(ld, request.operation, dn: request.dn) { id in
            CBridge.withControls(controls) { cControls in
                switch request {
                case .add(let dn, let attributes):
                    let mods = attributes.map { (op: Int32(0), attribute: $0.name, values: $0.values) }
                    return CBridge.withMods(mods) { ldap_add_ext(ld, dn, $0, cControls, nil, &id) }
                case .modify(let dn, let changes):
                    let mods = changes.map { (op: $0.kind.rawValue, attribute: $0.attribute, values: $0.values) }
                    return CBridge.withMods(mods) { ldap_modify_ext(ld, dn, $0, cControls, nil, &id) }
                case .delete(let dn):
                    return ldap_delete_ext(ld, dn, cControls, nil, &id)
                case .rename(let dn, let newRDN, let newSuperior, let deleteOldRDN):
                    return ldap_rename(ld, dn, newRDN, newSuperior, deleteOldRDN ? 1 : 0, cControls, nil, &id)
                }
            }
        }
    }

    /// The pipelined write loop behind `writeAll`. Call on `queue` only.
    func pipelineOnQueue(_ requests: [WriteRequest], window: Int) throws(LDAPError) -> [Result<Void, LDAPError>] {
        let ld = try liveHandle(.modify)
        var results = [Result<Void, LDAPError>?](repeating: nil, count: requests.count)
        var outstanding: [Int32: Int] = [:]  // message id → request index
        var next = 0
        var lost: LDAPError?
        while lost == nil, next < requests.count || !outstanding.isEmpty {
            while lost == nil, next < requests.count, outstanding.count < window {
                do {
                    outstanding[try send(ld, requests[next], [])] = next
                } catch {
                    if error.code.closesConnection { lost = error } else { results[next] = .failure(error) }
                }
                next += 1
            }
            guard lost == nil, !outstanding.isEmpty else { continue }
            do {
                let message = try waitForMessage(ld, LDAP_RES_ANY, all: LDAP_MSG_ONE, .modify, dn: nil)
                defer { ldap_msgfree(message) }
                let id = ldap_msgid(message)
                guard let index = outstanding.removeValue(forKey: id) else { continue }
                let request = requests[index]
                do {
                    try parseResult(ld, message, request.operation, dn: request.dn).requireSuccess(request.operation, dn: request.dn)
                    results[index] = .success(())
                } catch {
                    results[index] = .failure(error)
                }
            } catch {
                lost = error
            }
        }
        if let lost {
            if lost.reason == .timedOut {
                // The server's state for the unanswered requests is unknown: abandon them and
                // drop the session rather than guess.
                for id in outstanding.keys { ldap_abandon_ext(ld, id, nil, nil) }
                discard(because: "writes were not answered within the time limit")
            } else if lost.code.closesConnection {
                discard(because: "the server connection was lost (\(lost.code))")
            }
            for index in outstanding.values { results[index] = .failure(lost) }
            for index in next..<requests.count { results[index] = .failure(lost) }
        }
        return results.map { $0 ?? .failure(LDAPError(code: .localError, operation: .modify, diagnostic: "no result")) }
    }
}
