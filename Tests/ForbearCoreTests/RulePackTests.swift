import Foundation
import Testing

@testable import ForbearCore

@Suite struct RulePackTests {
    @Test func allSixShippedPacksLoadAndValidate() throws {
        let countries = Set(library.packs.map(\.country))
        #expect(countries == [.FI, .NL, .BE, .DK, .IT, .GB])
        for p in library.packs {
            #expect(p.problems(source: p.country.rawValue).isEmpty)
            #expect(!p.steps.isEmpty)
        }
    }

    @Test func everyStepFeeAndTimingRuleCarriesALegalBasis() {
        for p in library.packs {
            for s in p.steps {
                #expect(!s.legalBasis.isEmpty)
                #expect(!s.paymentTerm.legalBasis.isEmpty)
                for t in s.earliest { #expect(!t.legalBasis.isEmpty, "\(s.id)") }
            }
            for f in p.fees { #expect(!f.legalBasis.isEmpty, "\(f.id)") }
        }
    }

    @Test(arguments: [
        ("200.00", "40.00"), ("5000.00", "625.00"), ("10000000.00", "6775.00"), ("2500.00", "375.00"),
        ("100000.00", "1775.00"),
    ])
    func netherlandsWIKScale(principal: String, expected: String) throws {
        let quote = try pack(.NL).quote(feeId: "NL.wik", base: money(principal))
        #expect(quote.amount == money(expected))
        #expect(quote.legalBasis.contains("incassokosten"))
    }

    @Test(arguments: [
        ("50.00", "14.00", "7.00"), ("100.00", "14.00", "7.00"), ("100.01", "24.00", "12.00"),
        ("1000.00", "24.00", "12.00"), ("1000.01", "50.00", "25.00"), ("25000.00", "50.00", "25.00"),
    ])
    func finlandDemandFeeByBandAndHalfForARepeatDemand(principal: String, demand: String, repeatDemand: String) throws {
        let fi = pack(.FI)
        #expect(try fi.quote(feeId: "FI.demandFee", base: money(principal)).amount == money(demand))
        #expect(try fi.quote(feeId: "FI.repeatDemandFee", base: money(principal)).amount == money(repeatDemand))
        #expect(try fi.quote(feeId: "FI.reminderFee", base: money(principal)).amount == money("5.00"))
    }

    @Test(arguments: [
        ("100.00", "20.00"), ("150.00", "20.00"), ("150.01", "30.00"), ("300.00", "45.00"),
        ("500.00", "65.00"), ("1000.00", "90.00"), ("40000.00", "2000.00"), ("1000000.00", "2000.00"),
    ])
    func belgiumIndemnityBandsAndCap(principal: String, expected: String) throws {
        #expect(try pack(.BE).quote(feeId: "BE.indemnity", base: money(principal)).amount == money(expected))
    }

    @Test func denmarkAllowsThreeReminderFeesAndRefusesTheFourth() throws {
        let dk = pack(.DK)
        let base = money("2500.00", .DKK)
        for prior in 0..<3 {
            #expect(
                try dk.quote(feeId: "DK.reminderFee", base: base, priorCharges: prior).amount == money("100.00", .DKK))
        }
        #expect(throws: FeeRefusal.maxChargesReached(feeId: "DK.reminderFee", max: 3)) {
            try dk.quote(feeId: "DK.reminderFee", base: base, priorCharges: 3)
        }
        #expect(dk.step("DK.reminder")?.maxOccurrences == 3)
    }

    @Test func unconfirmedFeesAreNeverQuoted() {
        #expect(throws: FeeRefusal.unconfirmed("DK.collectionCosts")) {
            try pack(.DK).quote(feeId: "DK.collectionCosts", base: money("1000.00", .DKK))
        }
        #expect(throws: FeeRefusal.unconfirmed("FI.planFee")) {
            try pack(.FI).quote(feeId: "FI.planFee", base: money("1000.00"))
        }
        #expect(throws: FeeRefusal.unconfirmed("IT.collectionCosts")) {
            try pack(.IT).quote(feeId: "IT.collectionCosts", base: money("1000.00"))
        }
    }

    @Test func quoteWithoutAStepGivesTheStatutoryCollectionCost() throws {
        #expect(try pack(.NL).quote(step: nil, base: money("5000.00")).amount == money("625.00"))
        #expect(try pack(.NL).quote(step: "NL.collectionCosts", base: money("200.00")).amount == money("40.00"))
        #expect(throws: FeeRefusal.stepHasNoFee("NL.fourteenDayLetter")) {
            try pack(.NL).quote(step: "NL.fourteenDayLetter", base: money("200.00"))
        }
        #expect(throws: FeeRefusal.currencyMismatch(expected: .EUR, got: .DKK)) {
            try pack(.NL).quote(step: nil, base: money("200.00", .DKK))
        }
    }

    @Test func feesNeverExceedTheirCapForAnyPrincipal() throws {
        var rng = SplitMix64(seed: 11)
        for p in library.packs {
            for f in p.fees where f.isChargeable {
                for _ in 0..<500 {
                    let base = Money(minorUnits: Int64(rng.next() % 100_000_000) + 1, currency: p.primaryCurrency)
                    let q = try p.quote(feeId: f.id, base: base)
                    #expect(q.amount.minorUnits <= q.cap.minorUnits)
                    #expect(q.amount.minorUnits >= 0)
                    if let max = f.schedule?.maximum {
                        #expect(q.amount.minorUnits <= money(max, p.primaryCurrency).minorUnits)
                    }
                }
            }
        }
    }

    @Test func unknownValuesStayMarkedUnconfirmed() {
        #expect(pack(.NL).quietHours.status == .unconfirmed)
        #expect(pack(.NL).quietHours.value == nil)
        #expect(pack(.NL).protectedIncome.status == .unconfirmed)
        #expect(pack(.IT).steps.allSatisfy { $0.status == .unconfirmed })
        #expect(pack(.FI).protectedIncome.value?.perDay == "32.88")
        #expect(pack(.FI).emailConsent.value?.maxValidityMonths == 12)
        #expect(pack(.BE).envelope.value?.noDebtWording == true)
        #expect(pack(.IT).envelope.value?.noDebtWording == true)
    }

    @Test func validationNamesEveryProblemWithItsPath() throws {
        // given a pack with a missing legal basis, a term below the legal minimum, descending bands and a dangling fee
        var broken = pack(.FI)
        broken.steps[0].legalBasis = " "
        broken.steps[1].paymentTerm.days = 7
        broken.steps[2].feeId = "FI.noSuchFee"
        broken.fees[1].schedule?.bands?[1].upTo = "50.00"
        broken.allocationOrder.value = [.fee, .principal]
        // when
        let problems = broken.problems(source: "FI.json").map(\.description)
        // then
        #expect(problems.contains("FI.json: steps[0] (FI.reminder).legalBasis: legal basis is empty"))
        #expect(
            problems.contains(
                "FI.json: steps[1] (FI.demand).paymentTerm.days: gives 7 days but the law asks for at least 10"))
        #expect(problems.contains("FI.json: steps[2] (FI.repeatDemand).feeId: no fee FI.noSuchFee in this pack"))
        #expect(problems.contains("FI.json: fees[1] (FI.demandFee).schedule.bands[1].upTo: bands must ascend"))
        #expect(problems.contains { $0.hasPrefix("FI.json: allocationOrder.value: must list each of") })
    }

    @Test func decodingErrorsNameTheField() throws {
        let json = Data(#"{"country": "FI", "jurisdiction": "x"}"#.utf8)
        do {
            _ = try RulePackLibrary.decode(json, source: "bad.json")
            Issue.record("an incomplete pack must not load")
        } catch {
            #expect(error.description == "bad.json: version: missing field")
        }
        let badDate = try String(contentsOf: bundledURL("FI"), encoding: .utf8)
            .replacingOccurrences(of: "\"validFrom\": \"2025-01-01\"", with: "\"validFrom\": \"2025-13-01\"")
        #expect(throws: RulePackLoadError.self) { try RulePackLibrary.decode(Data(badDate.utf8), source: "FI.json") }
    }

    @Test func anOperatorFolderReplacesAShippedPackAndAddsNewVersions() throws {
        // given a folder with a changed FI pack of the same date and an NL pack valid from 2027
        let dir = try operatorFolder([
            ("FI.json", "FI", "\"amount\": \"5.00\"", "\"amount\": \"4.00\""),
            ("NL-2027.json", "NL", "\"validFrom\": \"2024-04-01\"", "\"validFrom\": \"2027-01-01\""),
        ])
        defer { try? FileManager.default.removeItem(at: dir) }
        // when
        let lib = try RulePackLibrary.loading(directory: dir)
        // then
        #expect(
            try lib.pack(for: .FI, on: day("2026-01-01"))!.quote(feeId: "FI.reminderFee", base: money("10.00")).amount
                == money("4.00"))
        #expect(lib.pack(for: .NL, on: day("2026-06-01"))?.validFrom == day("2024-04-01"))
        #expect(lib.pack(for: .NL, on: day("2027-01-01"))?.validFrom == day("2027-01-01"))
        #expect(lib.pack(for: .FI, on: day("2020-01-01")) == nil, "no pack before any validFrom")
    }

    @Test func anInvalidOperatorPackLoadsNothingAndSaysWhy() throws {
        let dir = try operatorFolder([("DK.json", "DK", "\"amount\": \"100.00\"", "\"amount\": \"1OO\"")])
        defer { try? FileManager.default.removeItem(at: dir) }
        do {
            _ = try RulePackLibrary.loading(directory: dir)
            Issue.record("an invalid pack must not load")
        } catch {
            #expect(
                error.description.contains(
                    "DK.json: fees[0] (DK.reminderFee).schedule.amount: \"1OO\" is not an amount"))
        }
    }

    /// A temporary folder of shipped packs, each with one text replaced: (file name, pack, find, replace).
    private func operatorFolder(_ files: [(String, String, String, String)]) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("packs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        for (name, source, find, replace) in files {
            let text = try String(contentsOf: bundledURL(source), encoding: .utf8)
            #expect(text.contains(find), "the planted change applies to \(source)")
            try text.replacingOccurrences(of: find, with: replace)
                .write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        return dir
    }

    private func bundledURL(_ name: String) -> URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources/ForbearCore/Resources/RulePacks/\(name).json")
    }
}
