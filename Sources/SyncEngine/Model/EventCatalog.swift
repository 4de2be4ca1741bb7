import Foundation

/// Every event ldapsync writes, with its stable id. The README's event catalog lists them.
public enum EventCatalog {
    /// 6000 (error): a connector's credentials were rejected; run `no-start-credentials` or
    /// `stopped-credentials`.
    public static func credentialsInvalid(connector: String, reason: String, lastAcceptedAt: Date?, runID: Int64?) -> EventRecord {
        var message =
            "The management agent \"\(connector)\" failed to run because the credentials were invalid. "
            + "The directory said: \(reason)."
        var details = ["reason": reason]
        if let lastAcceptedAt {
            let when = timestamp(lastAcceptedAt)
            message += " The stored password was last accepted at \(when); it was probably changed in the directory."
            details["lastAcceptedAt"] = when
        }
        message += " Set the new password with `ldapsync connector set-password \(connector)`."
        return EventRecord(.credentialsInvalid, connector: connector, runID: runID, message: message, details: details)
    }

    /// 116 (warning): an export would delete more objects than the deletion threshold allows.
    public static func deletionThresholdExceeded(
        connector: String, reason: String, deletes: Int, synced: Int,
        threshold: DeletionThreshold, runID: Int64?
    ) -> EventRecord {
        EventRecord(
            .deletionThresholdExceeded, connector: connector, runID: runID,
            message: "The export to \"\(connector)\" was stopped: \(reason). Nothing was deleted. Check `ldapsync export preview "
                + "\(connector)`; if the deletions are intended, run `ldapsync run \(connector) export --accept-deletes` once.",
            details: ["deletes": String(deletes), "synced": String(synced), "count": String(threshold.count), "percent": String(threshold.percent)])
    }

    /// 117 (warning): a full import would delete more of one or more containers than the shrink
    /// guard allows; nothing was deleted.
    public static func shrinkGuardTripped(connector: String, shrinks: [ShrinkGuard.Shrink], guard: ShrinkGuard, runID: Int64?) -> EventRecord {
        let listed = shrinks.prefix(5).map(\.description).joined(separator: "; ") + (shrinks.count > 5 ? "; and \(shrinks.count - 5) more" : "")
        return EventRecord(
            .shrinkGuardTripped, connector: connector, runID: runID,
            message: "The import from \"\(connector)\" would delete \(listed). Nothing was deleted: a directory that suddenly "
                + "shows this much less usually means the service account lost read access, a container was renamed or a "
                + "filter changed. If the objects are really gone, run `ldapsync run \(connector) full-import --accept-deletes`.",
            details: [
                "containers": shrinks.map(\.container).joined(separator: "; "),
                "deletes": String(shrinks.map(\.deletes).reduce(0, +)), "percent": String(`guard`.percent),
            ])
    }

    /// 6100 (info): a run started.
    public static func runStarted(_ run: RunRecord) -> EventRecord {
        EventRecord(
            .runStarted, connector: run.connector, runID: run.id,
            message: "Run \(run.id) of \(run.profile.rawValue) on \"\(run.connector)\" started.",
            details: ["profile": run.profile.rawValue])
    }

    /// 6101 (info, warning or error by status): a run finished.
    public static func runFinished(_ run: RunRecord) -> EventRecord {
        let level = run.status.eventLevel
        let c = run.counters
        var message =
            "Run \(run.id) of \(run.profile.rawValue) on \"\(run.connector)\" ended: \(run.status.rawValue) "
            + "(adds \(c.adds), updates \(c.updates), renames \(c.renames), deletes \(c.deletes), errors \(c.errors))."
        if let text = run.message { message += " \(text)" }
        return EventRecord(
            .runFinished, level: level, connector: run.connector, runID: run.id, message: message,
            details: ["profile": run.profile.rawValue, "status": run.status.rawValue])
    }

    /// 6102 (error): the connector's server could not be reached or went away during a run.
    public static func connectionFailed(connector: String, reason: String, runID: Int64?) -> EventRecord {
        EventRecord(
            .connectionFailed, connector: connector, runID: runID,
            message: "The management agent \"\(connector)\" could not reach its directory: \(reason).",
            details: ["reason": reason])
    }

    /// 6200 (info): a connector's password was set (never the secret).
    public static func credentialUpdated(connector: String, by actor: String, generation: Int, verified: Bool) -> EventRecord {
        EventRecord(
            .credentialUpdated, connector: connector,
            message: "The password of the management agent \"\(connector)\" was updated by \(actor)"
                + (verified ? " and verified with a test bind." : " without a test bind (--no-verify)."),
            details: ["by": actor, "generation": String(generation), "verified": String(verified)])
    }

    /// 6201 (info): the service dropped its pooled connections (after a credential change).
    public static func cacheFlushed(connections: Int) -> EventRecord {
        EventRecord(
            .cacheFlushed,
            message:
                "The service flushed its credential cache: \(connections) pooled connection(s) closed; the next run binds with the stored password.",
            details: ["connections": String(connections)])
    }

    /// 6204 (warning): the scheduler's state file could not be read; the service goes on with
    /// defaults (its damaged copy is kept beside it).
    public static func schedulerStateDamaged(path: String, reason: String, keptAs: String?) -> EventRecord {
        EventRecord(
            .schedulerStateDamaged,
            message: "The scheduler's state file \(path) could not be read (\(reason)); the service goes on with the "
                + "configured schedule and plans a full cycle next"
                + (keptAs.map { ". The damaged file was kept as \($0)." } ?? "."),
            details: ["path": path, "reason": reason])
    }

    /// 6206 (info): the holds of an undone export run were released.
    public static func undoReleased(connector: String, runID: Int64, released: Int) -> EventRecord {
        EventRecord(
            .undoReleased, connector: connector, runID: runID,
            message: "The \(released) object(s) held since the undo of export run \(runID) to \"\(connector)\" were released: "
                + "the next sync writes them as the rules say.",
            details: ["released": String(released)])
    }

    /// 6207 (warning): a source's change watch (real-time mode) was lost.
    public static func changeWatchLost(connector: String, reason: String, retryIn: Duration) -> EventRecord {
        EventRecord(
            .changeWatchLost, connector: connector,
            message: "The change watch of \"\(connector)\" was lost: \(reason). It is opened again in \(DurationText.format(retryIn)) "
                + "(then with backoff up to 1m); changes made meanwhile are imported from the stored watermark when it is back, "
                + "and the scheduled cycle keeps running.",
            details: ["reason": reason])
    }

    /// 6208 (info): a source's change watch is back.
    public static func changeWatchResumed(connector: String, since: Date) -> EventRecord {
        EventRecord(
            .changeWatchResumed, connector: connector,
            message: "The change watch of \"\(connector)\" is back (lost since \(timestamp(since))); what changed meanwhile is being imported.",
            details: ["since": timestamp(since)])
    }

    /// 6209 (info): this service became the active one (failover on a PostgreSQL state).
    public static func serviceActive(holder: String, token: Int64, previous: String?, previousExpiry: Date?) -> EventRecord {
        let why =
            if let previous {
                "the lease of \(previous) ran out" + (previousExpiry.map { " at \(timestamp($0))" } ?? "")
                    + "; its database sessions were ended, so nothing it had open can commit"
            } else {
                "no service held the lease"
            }
        return EventRecord(
            .serviceActive,
            message: "\(holder) is now the active service (lease token \(token)): \(why). It runs the cycles from here on.",
            details: [
                "holder": holder, "token": String(token), "previous": previous ?? "", "previousExpiry": previousExpiry.map(timestamp) ?? "",
            ])
    }

    /// 6210 (warning): this service lost the active role; it writes nothing until it gets the
    /// lease again. Logged by the service that lost it (it can no longer write the event log).
    public static func serviceStandby(holder: String, active: String?, reason: String) -> EventRecord {
        EventRecord(
            .serviceStandby,
            message: "\(holder) is a standby now (\(reason))" + (active.map { "; \($0) is active" } ?? "")
                + ". It serves reads and writes nothing until it holds the lease again.",
            details: ["holder": holder, "active": active ?? ""])
    }

    /// The time format used in events: ISO 8601 in UTC.
    public static func timestamp(_ date: Date) -> String {
        date.formatted(.iso8601)
    }
}
