import Foundation

/// Every event ldapsync writes, with its stable id. The README's event catalog lists them.
public enum EventCatalog {
    /// 6000 (error): a connector's credentials were rejected; run `no-start-credentials` or
    /// `stopped-credentials`.
    public static func credentialsInvalid(connector: String, reason: String, lastAcceptedAt: Date?, runID: Int64?) -> EventRecord {
        var message = "The management agent \"\(connector)\" failed to run because the credentials were invalid. "
            + "The directory said: \(reason)."
        var details = ["reason": reason]
        if let lastAcceptedAt {
            let when = timestamp(lastAcceptedAt)
            message += " The stored password was last accepted at \(when); it was probably changed in the directory."
            details["lastAcceptedAt"] = when
        }
        message += " Set the new password with `ldapsync connector set-password \(connector)`."
        return EventRecord(id: 6000, level: .error, connector: connector, runID: runID, message: message, details: details)
    }

    /// 116 (warning): an export would delete more objects than the deletion threshold allows.
    public static func deletionThresholdExceeded(connector: String, deletes: Int, threshold: Int, runID: Int64?) -> EventRecord {
        EventRecord(
            id: 116, level: .warning, connector: connector, runID: runID,
            message: "The export to \"\(connector)\" was stopped: it would delete \(deletes) objects, more than the "
                + "deletion threshold of \(threshold). Nothing was deleted. Check `ldapsync export preview \(connector)`; "
                + "if the deletions are intended, raise `deletionThreshold` for one run.",
            details: ["deletes": String(deletes), "threshold": String(threshold)])
    }

    /// 6100 (info): a run started.
    public static func runStarted(_ run: RunRecord) -> EventRecord {
        EventRecord(id: 6100, level: .information, connector: run.connector, runID: run.id,
                    message: "Run \(run.id) of \(run.profile.rawValue) on \"\(run.connector)\" started.",
                    details: ["profile": run.profile.rawValue])
    }

    /// 6101 (info, warning or error by status): a run finished.
    public static func runFinished(_ run: RunRecord) -> EventRecord {
        let level: EventLevel = run.status.isSuccessful ? .information : (run.status.exitCode == 1 ? .warning : .error)
        let c = run.counters
        var message = "Run \(run.id) of \(run.profile.rawValue) on \"\(run.connector)\" ended: \(run.status.rawValue) "
            + "(adds \(c.adds), updates \(c.updates), renames \(c.renames), deletes \(c.deletes), errors \(c.errors))."
        if let text = run.message { message += " \(text)" }
        return EventRecord(id: 6101, level: level, connector: run.connector, runID: run.id, message: message,
                           details: ["profile": run.profile.rawValue, "status": run.status.rawValue])
    }

    /// 6102 (warning): the connector's server could not be reached or went away during a run.
    public static func connectionFailed(connector: String, reason: String, runID: Int64?) -> EventRecord {
        EventRecord(id: 6102, level: .error, connector: connector, runID: runID,
                    message: "The management agent \"\(connector)\" could not reach its directory: \(reason).",
                    details: ["reason": reason])
    }

    /// 6200 (info): a connector's password was set (never the secret).
    public static func credentialUpdated(connector: String, by actor: String, generation: Int, verified: Bool) -> EventRecord {
        EventRecord(id: 6200, level: .information, connector: connector,
                    message: "The password of the management agent \"\(connector)\" was updated by \(actor)"
                        + (verified ? " and verified with a test bind." : " without a test bind (--no-verify)."),
                    details: ["by": actor, "generation": String(generation), "verified": String(verified)])
    }

    /// 6201 (info): the service dropped its pooled connections (after a credential change).
    public static func cacheFlushed(connections: Int) -> EventRecord {
        EventRecord(id: 6201, level: .information,
                    message: "The service flushed its credential cache: \(connections) pooled connection(s) closed; the next run binds with the stored password.",
                    details: ["connections": String(connections)])
    }

    /// The time format used in events: ISO 8601 in UTC.
    public static func timestamp(_ date: Date) -> String {
        date.formatted(.iso8601)
    }
}
