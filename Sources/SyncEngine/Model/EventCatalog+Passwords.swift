import Foundation

/// Events of password sync and of the service-account reset (never a secret in any of them).
extension EventCatalog {
    /// 6900 (error): password change notifications for `count` objects could not be applied to
    /// the target, with the directory's reason. When the target's service account was rejected
    /// and its password was accepted before, says so and names the command that fixes it.
    public static func passwordChangeFailed(
        connector: String, count: Int, reason: String, serviceAccountRejected: Bool, lastAcceptedAt: Date?, runID: Int64?
    ) -> EventRecord {
        var message =
            "The password change notification for \(count) object(s) could not be processed by the management agent "
            + "\"\(connector)\": \(reason)."
        var details = ["reason": reason, "count": String(count)]
        if serviceAccountRejected {
            if let lastAcceptedAt {
                let when = timestamp(lastAcceptedAt)
                message +=
                    " The target service account was rejected; the stored password was last accepted at \(when); it was "
                    + "probably changed in the directory: run `ldapsync service-account reset \(connector)`."
                details["lastAcceptedAt"] = when
            } else {
                message += " The target service account was rejected: run `ldapsync service-account reset \(connector)`."
            }
        }
        return EventRecord(.passwordChangeFailed, connector: connector, runID: runID, message: message, details: details)
    }

    /// 659 (error): the target's password policy configuration could not be read before a
    /// password sync batch; the batch was not applied.
    public static func passwordPolicyUnreadable(connector: String, reason: String, runID: Int64?) -> EventRecord {
        EventRecord(
            .passwordPolicyUnreadable, connector: connector, runID: runID,
            message: "Error while retrieving the password policy configuration of the management agent \"\(connector)\": "
                + "\(reason). Password sync did not apply this batch; it is retried on the next run.",
            details: ["reason": reason])
    }

    /// 6202 (info): `service-account reset` set a new random password in the directory and
    /// in the engine.
    public static func serviceAccountReset(connector: String, account: String, by actor: String, generation: Int) -> EventRecord {
        EventRecord(
            .serviceAccountReset, connector: connector,
            message: "The service account \"\(account)\" of the management agent \"\(connector)\" was reset by \(actor): a new "
                + "random password was set in the directory, verified with a bind, and stored (generation \(generation)).",
            details: ["by": actor, "account": account, "generation": String(generation)])
    }

    /// 6203 (warning): a reset interrupted after the directory write was finished: the pending
    /// password bound, so it was made current.
    public static func serviceAccountResetFinished(connector: String, account: String, generation: Int) -> EventRecord {
        EventRecord(
            .serviceAccountResetFinished, connector: connector,
            message: "An interrupted reset of the service account \"\(account)\" of the management agent \"\(connector)\" was "
                + "finished: the password it had set in the directory binds, and is now the stored one (generation \(generation)).",
            details: ["account": account, "generation": String(generation)])
    }

    /// 6205 (warning): a service-account reset did not learn whether the directory took the new
    /// password (a timeout, a lost connection, an answer it cannot read): the password is kept
    /// as pending, and the next reset finishes or redoes it.
    public static func serviceAccountResetUncertain(connector: String, account: String, reason: String) -> EventRecord {
        EventRecord(
            .serviceAccountResetUncertain, connector: connector,
            message: "The reset of the service account \"\(account)\" of the management agent \"\(connector)\" did not complete: "
                + "\(reason). The directory may hold the new password, so it is kept (pending, sealed); run "
                + "`ldapsync service-account reset \(connector)` again to finish or redo the reset.",
            details: ["account": account, "reason": reason])
    }
}
