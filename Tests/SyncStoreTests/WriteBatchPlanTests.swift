import Testing

@testable import PostgresStore

/// Which queued writes the PostgreSQL store gathers into one statement, and which it keeps in
/// queue order (pure logic; the stores' contract tests run the statements).
@Suite struct WriteBatchPlanTests {
    let plan = WriteBatchPlan(references: ["CS_OBJECT": ["MV_OBJECT"], "MV_JOIN_KEY": ["MV_OBJECT"], "EXPORT_JOURNAL": ["RUN"]])

    func queued(_ row: RowWrite, _ values: [PGValue]) -> WriteBatchPlan.Queued {
        .init(shape: WriteShape(sql: row.sql), sql: row.sql, values: values, row: row)
    }

    func queued(_ sql: String, _ values: [PGValue] = []) -> WriteBatchPlan.Queued {
        .init(shape: WriteShape(sql: sql), sql: sql, values: values, row: nil)
    }

    func insertMV(_ id: Int64) -> WriteBatchPlan.Queued { queued(PostgresSession.insertMV, [.integer(id), .text("person"), .bytes([1])]) }
    func joinKey(_ id: Int64) -> WriteBatchPlan.Queued { queued(PostgresSession.insertJoinKey, [.integer(id), .text("person"), .text("k\(id)")]) }
    func link(_ id: Int64, _ mv: Int64?) -> WriteBatchPlan.Queued {
        queued(PostgresSession.updateLinkCS, [mv.map { .integer($0) } ?? .null, .text("none"), .integer(id)])
    }
    func insertCS(_ id: Int64) -> WriteBatchPlan.Queued {
        queued(
            PostgresSession.insertCS,
            [
                .text("cloud"), .null, .text("cn=\(id)"), .text("cn=\(id)"), .text("person"), .bytes([]), .text("none"), .integer(1),
                .text("add"), .null, .null, .integer(0), .null, .integer(id),
            ])
    }
    func confirm(_ id: Int64) -> WriteBatchPlan.Queued {
        queued(PostgresSession.confirmExportCS, [.text("a\(id)"), .text("cn=\(id)"), .text("cn=\(id)"), .integer(id)])
    }

    @Test func aSyncsInterleavedWritesBecomeOneStatementPerKindInDependencyOrder() {
        var queue: [WriteBatchPlan.Queued] = []
        for id in Int64(1)...300 { queue += [insertMV(id), joinKey(id), link(id, id), insertCS(1000 + id)] }
        let statements = plan.statements(for: queue)
        #expect(
            statements.map(\.sql)
                == [
                    PostgresSession.insertMV.batchSQL, PostgresSession.insertJoinKey.batchSQL, PostgresSession.updateLinkCS.batchSQL,
                    PostgresSession.insertCS.batchSQL,
                ])
    }

    @Test func aRowUpdatedTwiceIsWrittenOnceWithTheLastValues() throws {
        let statements = plan.statements(for: [link(7, 1), link(8, 2), link(7, 3)])
        #expect(statements.count == 1)
        let expectedMV = try #require(PGArray.encode([.integer(2), .integer(3)], as: .int8))
        let expectedID = try #require(PGArray.encode([.integer(8), .integer(7)], as: .int8))
        guard case .bytes(let mv) = statements[0].values[0], case .bytes(let id) = statements[0].values[2] else {
            Issue.record("not arrays")
            return
        }
        #expect(mv == expectedMV && id == expectedID)
    }

    @Test func writesThatMightDependOnWhatIsBetweenStayInOrder() {
        // A child row may not move before a delete of parents (it may reference one).
        let deleteMV = queued("DELETE FROM mv_object WHERE id = $1", [.integer(5)])
        #expect(plan.statements(for: [insertCS(1), deleteMV, insertCS(2)]).count == 3)
        // A parent delete may not move before children (cascades).
        let deleteKeys = queued("DELETE FROM mv_join_key WHERE mv_id = $1", [.integer(5)])
        #expect(plan.statements(for: [joinKey(1), deleteKeys, joinKey(2)]).count == 3)
        // A parent insert may not move after... a child insert may not move before it.
        #expect(plan.statements(for: [joinKey(1), insertMV(2), joinKey(2)]).map(\.sql).count == 3)
        // The same row, written by another kind in between.
        #expect(plan.statements(for: [link(1, 1), insertCS(1), link(1, 2)]).count == 3)
        // Two writes that both change unique columns of one table never swap.
        #expect(plan.statements(for: [confirm(1), insertCS(2), confirm(3)]).count == 3)
        // Anything not a plain INSERT, UPDATE or DELETE is a barrier.
        #expect(plan.statements(for: [link(1, 1), queued("SELECT pg_advisory_xact_lock(1)"), link(2, 2)]).count == 3)
        // Another row of the same table, one write not touching unique columns: merged.
        #expect(plan.statements(for: [link(1, 1), insertCS(2), link(3, 3), insertCS(4)]).count == 2)
    }

    @Test func largeRowsGoAsSeveralBatchesOfBoundedSize() {
        // Rows of 1 MiB each (a large group's attributes): at most 8 MiB a batch.
        let big = [UInt8](repeating: 7, count: 1 << 20)
        let queue = (Int64(1)...20).map { queued(PostgresSession.insertMV, [.integer($0), .text("group"), .bytes(big)]) }
        let statements = plan.statements(for: queue)
        #expect(statements.count == 3)
        #expect(statements.allSatisfy { $0.sql == PostgresSession.insertMV.batchSQL })
        for statement in statements {
            guard case .bytes(let attributes) = statement.values[2] else { continue }
            #expect(attributes.count <= WriteBatchPlan.batchBytes)
        }
    }

    @Test func aValueOfTheWrongTypeSendsTheRowsAsQueued() {
        let odd = queued(PostgresSession.updateLinkCS, [.text("not a number"), .text("none"), .integer(2)])
        let statements = plan.statements(for: [link(1, 1), odd])
        #expect(statements.map(\.sql) == [PostgresSession.updateLinkCS.sql, PostgresSession.updateLinkCS.sql])
    }

    @Test func arraysAreInPostgresBinaryFormat() {
        let bytes = PGArray.encode([.integer(1), .null], as: .int8)
        // ndim 1, has nulls, int8, 2 elements from 1; 8 bytes of 1; a null.
        let expected: [UInt8] = [0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 20, 0, 0, 0, 2, 0, 0, 0, 1, 0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0, 1, 255, 255, 255, 255]
        #expect(bytes == expected)
        #expect(PGArray.encode([.text("é")], as: .text)?.suffix(6) == [0, 0, 0, 2, 0xC3, 0xA9])
    }

    @Test func shapesAreReadFromTheStatements() {
        #expect(WriteShape(sql: PostgresSession.insertCS.sql) == WriteShape(sql: "INSERT INTO cs_object (x) VALUES ($1)"))
        #expect(WriteShape(sql: "UPDATE cs_object SET a = 1").table == "CS_OBJECT")
        #expect(WriteShape(sql: "DELETE FROM mv_join_key WHERE mv_id = $1").operation == .delete)
        #expect(WriteShape(sql: "SELECT 1").operation == .other)
    }
}
