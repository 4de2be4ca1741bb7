import Connectors
import Testing

@testable import SyncService

/// What a real-time batch could not import waits for the next batch, with its details, and
/// without waking the loop by itself.
@Suite struct RealtimePendingTests {
    @Test func heldAnnouncementsGoWithTheNextBatch() {
        let pending = RealtimeSync.Pending()
        pending.announce("contoso.com", .init(anchor: "a1", deleted: true))
        let first = pending.take()
        #expect(first.sources == ["contoso.com"])
        pending.hold("contoso.com", first.announced["contoso.com"] ?? [:], since: first.since)
        let second = pending.take()
        #expect(second.sources == ["contoso.com"])
        #expect(second.announced["contoso.com"] == ["a1": true])
        #expect(second.since == first.since, "the lag counts from the first announcement")
        #expect(pending.take().sources.isEmpty)
    }

    @Test func aNewerAnnouncementWinsOverAHeldOne() {
        let pending = RealtimeSync.Pending()
        pending.announce("contoso.com", .init(anchor: "a1", deleted: false))
        pending.hold("contoso.com", ["a1": true, "a2": true], since: nil)
        let batch = pending.take()
        #expect(batch.announced["contoso.com"] == ["a1": false, "a2": true])
    }

    @Test func holdingDoesNotWakeTheLoop() async {
        let pending = RealtimeSync.Pending()
        pending.hold("contoso.com", [:], since: nil)
        pending.finish()
        var wakes = 0
        for await _ in pending.stream { wakes += 1 }
        #expect(wakes == 0)
        pending.announce("fabrikam.com")
        #expect(pending.take().sources == ["contoso.com", "fabrikam.com"])
    }
}
