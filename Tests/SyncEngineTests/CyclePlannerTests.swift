import Foundation
import SyncEngine
import Testing

/// The scheduler's choices with an injected clock: any dates, no waiting.
@Suite struct CyclePlannerTests {
    let planner = CyclePlanner()
    let start = Date(timeIntervalSince1970: 1_800_000_000)

    @Test func theFirstCycleIsFullThenDeltas() {
        var state = SchedulerState()
        let first = planner.decide(now: start, state: state, fingerprint: "a")
        #expect(first.initial)
        planner.record(first, start: start, fingerprint: "a", in: &state)
        let second = planner.decide(now: start.addingTimeInterval(1800), state: state, fingerprint: "a")
        #expect(!second.initial)
        planner.record(second, start: start.addingTimeInterval(1800), fingerprint: "a", in: &state)
        #expect(state.lastFullCycleAt == start)
        #expect(state.lastCycleAt == start.addingTimeInterval(1800))
    }

    @Test func changedConnectorsOrRulesMakeTheNextCycleFull() {
        var state = SchedulerState()
        planner.record(planner.decide(now: start, state: state, fingerprint: "a"), start: start, fingerprint: "a", in: &state)
        let decision = planner.decide(now: start.addingTimeInterval(60), state: state, fingerprint: "b")
        #expect(decision.initial)
        #expect(decision.reason.contains("changed"))
    }

    @Test func aFullCycleAtLeastEverySevenDays() {
        var state = SchedulerState()
        planner.record(planner.decide(now: start, state: state, fingerprint: "a"), start: start, fingerprint: "a", in: &state)
        #expect(!planner.decide(now: start.addingTimeInterval(7 * 86_400 - 1), state: state, fingerprint: "a").initial)
        let week = planner.decide(now: start.addingTimeInterval(7 * 86_400), state: state, fingerprint: "a")
        #expect(week.initial)
        #expect(week.reason.contains("7 days"))
    }

    @Test func theNextCycleIsAnIntervalAfterTheLastStartNeverInThePast() {
        #expect(planner.nextCycle(after: nil, interval: 1800, now: start) == start)
        #expect(planner.nextCycle(after: start, interval: 1800, now: start.addingTimeInterval(10)) == start.addingTimeInterval(1800))
        #expect(planner.nextCycle(after: start, interval: 1800, now: start.addingTimeInterval(4000)) == start.addingTimeInterval(4000))
    }

    @Test func theFingerprintFollowsConnectorsAndRulesNotTheSchedule() throws {
        let yaml = """
            schedule: {interval: 30m}
            connectors:
              - {name: src, flavor: openldap, role: source, uri: "ldap://127.0.0.1:1", bindDN: "cn=a,dc=x", baseDN: "dc=x"}
              - {name: tgt, flavor: openldap, role: target, uri: "ldap://127.0.0.1:2", bindDN: "cn=b,dc=y", baseDN: "dc=y"}
            """
        let base = try Configuration.parse(yaml: yaml, file: "a.yaml").fingerprint
        #expect(try Configuration.parse(yaml: yaml, file: "a.yaml").fingerprint == base)
        #expect(try Configuration.parse(yaml: yaml.replacingOccurrences(of: "30m", with: "5m"), file: "a.yaml").fingerprint == base)
        #expect(try Configuration.parse(yaml: yaml.replacingOccurrences(of: "dc=x\"}", with: "dc=z\"}"), file: "a.yaml").fingerprint != base)
    }
}
