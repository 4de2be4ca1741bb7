import Credentials
import Foundation
import LDAPClient
import SyncEngine

/// `ldapsync service-account reset`: the analogue of Azure AD Connect's
/// `Add-ADSyncAADServiceAccount`. With the directory admin's credentials, sets a new random
/// password on the connector's service account in the directory and in the engine together.
///
/// Crash safety: the new password is sealed in the credential store as *pending* before the
/// directory is touched. A crash before the directory write leaves a pending password that
/// does not bind (discarded next time); a crash after it leaves one that binds (made current
/// next time, event 6203). The stored current password is replaced only once the directory
/// took the new one.
public struct ServiceAccountReset: Sendable {
    public let connector: ConnectorConfiguration
    public let credentials: CredentialStore

    /// What a reset did.
    public struct Outcome: Sendable {
        /// The stored credential afterwards.
        public var record: CredentialRecord
        /// A reset interrupted earlier was finished instead of starting a new one.
        public var finishedInterrupted: Bool
        /// Set when the directory took the password but a bind with it then failed (the
        /// directory's reason, e.g. the account is disabled).
        public var verificationFailure: String?
        /// Events to record (6202 or 6203).
        public var events: [EventRecord]
    }

    /// A reset of `connector`'s service account (`bindDN`).
    public init(connector: ConnectorConfiguration, credentials: CredentialStore) {
        self.connector = connector
        self.credentials = credentials
    }

    /// Runs a new reset as `adminDN`. Callers first give an interrupted one the chance to
    /// finish (`finishInterrupted`), which needs no admin credentials.
    public func run(adminDN: String, adminPassword: Password, actor: String) async throws -> Outcome {
        let options = connector.connectionOptions()
        if connector.flavor == .activeDirectory, options.tls == .none {
            throw ResetError(
                "\"\(connector.name)\" is Active Directory and its connection is not encrypted: a password is set "
                    + "through unicodePwd over TLS only (set tls: ldaps or starttls on the connector). Nothing was changed.")
        }
        let admin = try await LDAPConnection.connect(options)
        defer { Task { await admin.close() } }
        do {
            try await admin.bind(adminDN, password: adminPassword)
        } catch let error as LDAPError where error.isCredentialRejection {
            throw ResetError(
                "the directory refused the admin bind as \"\(adminDN)\": \(error.bindRejectionReason). Nothing was changed.",
                credentials: true)
        }
        let password = RandomPassword.generate()
        try credentials.setPending(password, for: connector.name, by: actor)
        do {
            try await setPassword(password, admin)
        } catch let error as LDAPError where error.code.rawValue > 0 {
            // The directory answered, and said no: it does not hold the password.
            try credentials.discardPending(connector.name)
            let hint = error.code == .insufficientAccessRights ? " (\"\(adminDN)\" may not set the password of \"\(connector.bindDN)\")" : ""
            throw ResetError(
                "the directory refused the new password for \"\(connector.bindDN)\": \(error)\(hint). The stored password was not changed.")
        } catch {
            // A timeout, a lost connection, an answer that does not decode: the directory may
            // have acted. The pending password is kept; the next reset finishes or redoes it.
            let reason = "\(error)"
            throw ResetError(
                "the outcome of setting the new password is unknown (\(reason)): the directory may or may not hold it, so it is "
                    + "kept, sealed, as pending. Run `ldapsync service-account reset \(connector.name)` again: it finishes or redoes the reset.",
                events: [EventCatalog.serviceAccountResetUncertain(connector: connector.name, account: connector.bindDN, reason: reason)])
        }
        var outcome = Outcome(record: try credentials.promotePending(connector.name), finishedInterrupted: false, events: [])
        do {
            try await ConnectorCheck.verify(connector, password: password)
            try credentials.markAccepted(connector.name, generation: outcome.record.generation)
            outcome.record = try credentials.record(for: connector.name) ?? outcome.record
        } catch let error as LDAPError {
            outcome.verificationFailure = error.isCredentialRejection ? error.bindRejectionReason : error.description
        }
        outcome.events.append(
            EventCatalog.serviceAccountReset(
                connector: connector.name, account: connector.bindDN, by: actor,
                generation: outcome.record.generation))
        return outcome
    }

    /// When an earlier reset left a pending password: makes it current if it binds (the
    /// directory took it before the crash), else drops it. Nil when none was pending or it was
    /// dropped.
    public func finishInterrupted() async throws -> Outcome? {
        guard let pending = try credentials.pendingPassword(for: connector.name) else { return nil }
        do {
            try await ConnectorCheck.verify(connector, password: pending)
        } catch let error as LDAPError where error.isCredentialRejection {
            try credentials.discardPending(connector.name)
            return nil
        }
        let record = try credentials.promotePending(connector.name)
        try credentials.markAccepted(connector.name, generation: record.generation)
        return Outcome(
            record: try credentials.record(for: connector.name) ?? record, finishedInterrupted: true,
            events: [EventCatalog.serviceAccountResetFinished(connector: connector.name, account: connector.bindDN, generation: record.generation)])
    }

    /// Sets the service account's password as the admin: RFC 3062 on OpenLDAP, `unicodePwd`
    /// on Active Directory.
    private func setPassword(_ password: Password, _ admin: LDAPConnection) async throws {
        switch connector.flavor {
        case .openldap:
            _ = try await admin.modifyPassword(userIdentity: connector.bindDN, oldPassword: nil, newPassword: password)
        case .activeDirectory:
            let dn = try await accountDN(admin)
            try await admin.modify(dn, [Modification(.replace, "unicodePwd", values: [PasswordWrite.encodeUnicodePwd(password.unsafeText)])])
        }
    }

    /// The service account's DN: `bindDN` itself, or the account a UPN / `DOMAIN\user` names.
    private func accountDN(_ admin: LDAPConnection) async throws -> String {
        let name = connector.bindDN
        if name.contains("=") { return name }
        let filter =
            name.contains("\\")
            ? try LDAPFilter.equality("sAMAccountName", String(name.split(separator: "\\", maxSplits: 1).last ?? ""))
            : try LDAPFilter.equality("userPrincipalName", name)
        let found = try await admin.searchAll(SearchRequest(base: connector.baseDN.description, filter: filter, attributes: ["1.1"]))
        guard found.count == 1, let entry = found.first else {
            throw ResetError("no single account matches \"\(name)\" under \(connector.baseDN) (found \(found.count)). Nothing was changed.")
        }
        return entry.dn
    }
}

/// A reset that could not be done, in words an admin can act on.
public struct ResetError: Error, CustomStringConvertible {
    public var description: String
    /// The directory refused the admin's own credentials.
    public var credentials: Bool
    /// Events to record (6205 when the outcome is unknown).
    public var events: [EventRecord]
    init(_ description: String, credentials: Bool = false, events: [EventRecord] = []) {
        self.description = description
        self.credentials = credentials
        self.events = events
    }
}

/// Strong random passwords for service accounts.
public enum RandomPassword {
    /// 32 characters from upper and lower case letters, digits and symbols (at least one of
    /// each, so AD's complexity rule is met), from the system's secure random generator.
    public static func generate(length: Int = 32) -> Password {
        let classes = ["ABCDEFGHJKLMNPQRSTUVWXYZ", "abcdefghijkmnopqrstuvwxyz", "23456789", "-_.:+=!@#%^*()[]{}?"].map(Array.init)
        let all = classes.joined().map { $0 }
        var generator = SystemRandomNumberGenerator()
        var characters = classes.map { $0.randomElement(using: &generator)! }
        while characters.count < max(length, classes.count) { characters.append(all.randomElement(using: &generator)!) }
        characters.shuffle(using: &generator)
        return Password(String(characters))
    }
}
