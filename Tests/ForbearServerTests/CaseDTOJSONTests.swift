import ForbearCore
import ForbearJobs
import ForbearStore
import ForbearTestSupport
import Foundation
import Testing

@testable import ForbearServer

/// The API writes a case's JSON directly; it must be exactly what the generic encoder would write for the same case.
@Suite struct CaseDTOJSONTests {
    @Test func everyDemoCaseIsWrittenAsTheGenericEncoderWritesIt() async throws {
        // given the demo portfolio after 60 days of the cycle, and a hold whose reason needs escaping
        let db = try await TestDatabases.make(.sqlite)
        try await closing(db, ()) {
            let today = LocalDate(iso: "2026-03-02")!
            _ = try await DemoSetup(customers: 120, today: today, days: 60, everyDays: 5).run(
                database: db, cipher: try FieldCipher(base64Key: FieldCipher.generateKey()),
                packs: try RulePackLibrary.bundled(), log: { _ in })
            let queries = CaseQueries(database: db)
            let cases = try await queries.list(creditorId: nil, after: 0, limit: 500)
            try await HoldStore(database: db).start(
                Hold(
                    id: "h-escape", kind: .dispute, start: today,
                    reason: "Says \"not mine\" / wrong\\address\n\u{01} – ø 😀"),
                caseId: cases[0].record.id)
            var actions = Set<String>()
            var holds = 0
            for item in cases {
                guard let detail = try await queries.detail(caseId: item.record.id, creditorId: nil) else { continue }
                let dto = CaseDTO(detail, today: today)
                actions.formUnion(dto.decisions.map(\.action))
                holds += dto.holds.count
                // when / then
                let direct = String(decoding: try dto.json(), as: UTF8.self)
                let generic = String(decoding: try APIJSON.encoder.encode(dto), as: UTF8.self)
                let same = direct == generic
                let at = zip(direct.utf8, generic.utf8).prefix { $0 == $1 }.count
                let near = String(decoding: Array(generic.utf8.dropFirst(at).prefix(60)), as: UTF8.self)
                #expect(same, "case \(item.record.number) differs at byte \(at), where the encoder wrote: \(near)")
            }
            // and the comparison covered letters, fees, interest, some rarer action, and holds
            #expect(actions.isSuperset(of: ["sendLetter", "chargeFee", "accrueInterest"]), "\(actions)")
            #expect(actions.count > 3 && holds > 1, "\(actions) \(holds)")
        }
    }
}
