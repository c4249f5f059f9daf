import ForbearCore
import ForbearJobs
import ForbearTestSupport
import Foundation
import Testing

@testable import ForbearStore

/// The daily cycle keeps a letter's reasons once for every letter they explain and stores a reference in each letter's
/// decision (migration 16). What a case shows must still be what the engine decided, word for word.
@Suite struct ExplanationsTests {
    let packs = try! RulePackLibrary.bundled()
    let day = LocalDate(iso: "2026-06-01")!

    @Test(arguments: TestDatabases.dialects)
    func lettersShareTheirStoredReasonsAndEveryCaseShowsWhatWasDecided(_ dialect: Database.Dialect) async throws {
        // given a portfolio in every country, and what the engine decides for each case today
        let db = try await TestDatabases.make(dialect)
        try await closing(db, ()) {
            try await importDemoPortfolio(
                customers: 80, seed: 5, today: day, creditor: "Reasons", into: db, packs: packs)
            let store = CaseStore(database: db)
            // (in pages of 8, so that later pages cite texts that earlier ones stored)
            let cycle = DailyCycle(cases: store, packs: packs, pageSize: 8)
            let open = try await store.openCasesToDecide(on: day, after: 0, limit: 1000)
            let expected = Dictionary(
                uniqueKeysWithValues: try cycle.decide(open, on: day).map { ($0.loaded.record.id, $0.decisions) })
            // when the day is decided and stored
            let report = try await cycle.run(on: day)
            #expect(report.casesDecided == open.count)
            let letters = report.decisions["sendLetter", default: 0]
            #expect(letters > 0 && report.decisions["chargeFee", default: 0] > 0)
            // then each distinct letter explanation is stored once, fewer than the letters, and no letter spells it out
            let (explanations, stored) = try await db.read { sql in
                (
                    try await sql.raw("SELECT reasons FROM explanations").all().map {
                        try $0.decode(column: "reasons", as: String.self)
                    },
                    try await sql.raw("SELECT action, reasons FROM decisions").all().map {
                        (
                            try $0.decode(column: "action", as: String.self),
                            try $0.decode(column: "reasons", as: String.self)
                        )
                    }
                )
            }
            #expect(explanations.count < letters && Set(explanations).count == explanations.count)
            for (action, reasons) in stored {
                #expect(reasons.hasPrefix("[") == (action != "sendLetter"), "\(action): \(reasons.prefix(40))")
            }
            // and every case shows the decisions the engine made, with the same reasons
            let queries = CaseQueries(database: db)
            for (id, decisions) in expected {
                let detail = try #require(try await queries.detail(caseId: id, creditorId: nil))
                let shown = detail.decisions.filter { $0.date == day }
                #expect(shown.map(\.action) == decisions.map(\.action), "\(id)")
                #expect(shown.map(\.reasons) == decisions.map(\.reasons), "\(id)")
            }
        }
    }
}

/// What a process knows of the stored explanations decides which texts a page stores: one it has only worked out
/// (perhaps in a transaction that was rolled back) is stored again; one known committed is not.
@Suite struct KnownExplanationsTests {
    @Test func aTextIsStoredWithEveryPageUntilItsCommitIsKnown() {
        // given a process that has not stored a text yet
        let known = Explanations.Known()
        let text = Explanations.Text(bytes: Array(#"[{"ruleId":"FI.reminder","text":"Sent by post."}]"#.utf8))
        let first = known.ref(text)
        // when a page works it out again before any commit
        let again = known.ref(text)
        // then it is stored again, under the same reference, which is the one another process makes
        #expect(first.store && again.store && first.ref == again.ref)
        #expect(first.ref == Explanations.Known().ref(text).ref && first.ref.count == 16)
        // and once its commit is known, no page stores it
        known.committed([first.ref])
        let later = known.ref(text)
        #expect(later.ref == first.ref && !later.store)
    }

    @Test func reasonsKnownToBeStoredAreCitedWithoutWritingThemAgain() {
        // given a letter's reasons, worked out on a page
        let known = Explanations.Known()
        let reasons = [
            Reason(
                ruleId: "FI.reminder", legalBasis: "Laki saatavien perinnästä 4 §", text: "Muistutus lähetetään.",
                nextPossibleAction: LocalDate(iso: "2026-06-15")),
            Reason(ruleId: "contact", legalBasis: "", text: "Kirje, ei sähköpostia."),
        ]
        var page = Explanations.Refs(known: known)
        var cited = LegalTexts.Refs()
        let ref = page.ref(reasons, legalTexts: &cited)
        // then their text and its legal text go with that page, under the reference their JSON has
        var json = LegalTexts.Refs()
        let text = Explanations.Text(bytes: DecisionJSON.encode(reasons, refs: &json))
        #expect(ref == Explanations.Known().ref(text).ref && page.new[ref] == text && !cited.texts.isEmpty)
        // when the next page has equal reasons (other strings) before that commit is known, it stores them again
        let copy = reasons.map {
            Reason(
                ruleId: String(decoding: Array($0.ruleId.utf8), as: UTF8.self),
                legalBasis: String(decoding: Array($0.legalBasis.utf8), as: UTF8.self),
                text: String(decoding: Array($0.text.utf8), as: UTF8.self), nextPossibleAction: $0.nextPossibleAction)
        }
        var next = Explanations.Refs(known: known)
        var nextCited = LegalTexts.Refs()
        #expect(next.ref(copy, legalTexts: &nextCited) == ref && next.new[ref] == text)
        // and once it is known, a page cites them by reference alone
        known.committed([ref])
        var later = Explanations.Refs(known: known)
        var laterCited = LegalTexts.Refs()
        #expect(later.ref(copy, legalTexts: &laterCited) == ref && later.new.isEmpty && laterCited.texts.isEmpty)
        // while reasons that differ in any part, or only where one string ends, have their own
        var differing: [[Reason]] = [Array(reasons.prefix(1)), reasons + reasons.prefix(1)]
        for change in 0..<5 {
            var r = reasons
            switch change {
            case 0: r[0].text += "."
            case 1: r[0].nextPossibleAction = r[0].nextPossibleAction?.adding(days: 1)
            case 2: r[0].nextPossibleAction = nil
            case 3: r[1].legalBasis = "x"
            default: (r[1].ruleId, r[1].legalBasis) = ("contac", "t")
            }
            differing.append(r)
        }
        for r in differing {
            var each = Explanations.Refs(known: known)
            var eachCited = LegalTexts.Refs()
            let other = each.ref(r, legalTexts: &eachCited)
            #expect(other != ref && each.new[other] != nil, "\(r)")
        }
    }
}
