import Testing

@testable import SyncEngine

/// How many objects a transaction or an export chunk reads next, by the values it holds.
@Suite struct ValueBudgetTests {
    @Test func smallObjectsAreReadAtTheMaximumSlice() {
        var budget = ValueBudget(200_000)
        #expect(budget.nextSlice == 25)
        for _ in 0..<25 { budget.count(12) }
        #expect(budget.nextSlice == 25)
        #expect(!budget.isSpent)
    }

    @Test func largeObjectsShrinkTheSliceToWhatTheBudgetStillHolds() {
        var budget = ValueBudget(200_000)
        budget.count(10)
        budget.count(10_000)  // a group of 5,000 members: stored and desired images
        #expect(budget.nextSlice == 18)  // (200,000 - 10,010) / 10,000
        for _ in 0..<18 { budget.count(10_000) }
        #expect(budget.nextSlice == 1)
        budget.count(10_000)
        #expect(budget.isSpent)
        #expect(budget.values == 200_010)
    }

    @Test func aSliceIsNeverEmpty() {
        var budget = ValueBudget(10, maximum: 0)
        #expect(budget.nextSlice == 1)
        budget.count(1_000_000)
        #expect(budget.nextSlice == 1)
        #expect(budget.isSpent)
    }
}
