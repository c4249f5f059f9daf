import Testing

@testable import ForbearCore

/// Walks one case per country from its due date past the last voluntary step, asserting every letter date,
/// deadline and fee, and the reason given on each day nothing was sent.
@Suite struct TimelineTests {
    struct Expected: Sendable, CustomTestStringConvertible {
        var country: Country
        var principal: String
        /// (date sent, step id, occurrence, deadline, fee amount or nil)
        var letters: [(String, String, Int, String, String?)]
        var reviewOn: String
        var testDescription: String { country.rawValue }
    }

    static let cases: [Expected] = [
        Expected(
            country: .FI, principal: "500.00",
            letters: [
                ("2025-03-04", "FI.reminder", 1, "2025-03-18", "5.00"),
                ("2025-03-19", "FI.demand", 1, "2025-04-02", "24.00"),  // 14 full days after the reminder
                ("2025-04-03", "FI.repeatDemand", 1, "2025-04-17", "12.00"),  // half the demand fee
            ], reviewOn: "2025-04-18"),
        Expected(
            country: .NL, principal: "200.00",
            letters: [
                // term runs from the day after receipt (sent + 2 days): 03-07 to 03-20
                ("2025-03-04", "NL.fourteenDayLetter", 1, "2025-03-20", nil),
                ("2025-03-21", "NL.collectionCosts", 1, "2025-04-04", "40.00"),  // WIK minimum
            ], reviewOn: "2025-04-05"),
        Expected(
            country: .BE, principal: "300.00",
            letters: [
                // paper term starts on the 3rd working day after sending (Fri 03-07) and runs 14 days
                ("2025-03-04", "BE.firstReminder", 1, "2025-03-20", nil),
                ("2025-03-21", "BE.formalNotice", 1, "2025-04-08", "45.00"),  // €30 + 10 % of €150
            ], reviewOn: "2025-04-09"),
        Expected(
            country: .DK, principal: "2500.00",
            letters: [
                ("2025-03-04", "DK.reminder", 1, "2025-03-14", "100.00"),
                ("2025-03-14", "DK.reminder", 2, "2025-03-24", "100.00"),
                ("2025-03-24", "DK.reminder", 3, "2025-04-03", "100.00"),
                ("2025-04-03", "DK.collectionWarning", 1, "2025-04-13", nil),
            ], reviewOn: "2025-04-14"),
        Expected(
            country: .IT, principal: "1000.00",
            letters: [
                ("2025-03-04", "IT.reminder", 1, "2025-03-19", nil),
                ("2025-03-20", "IT.formalNotice", 1, "2025-04-04", nil),
            ], reviewOn: "2025-04-05"),
        Expected(
            country: .GB, principal: "750.00",
            letters: [
                ("2025-03-04", "GB.reminder", 1, "2025-03-18", nil),
                ("2025-03-19", "GB.finalReminder", 1, "2025-04-02", nil),
            ], reviewOn: "2025-04-03"),
    ]

    @Test(arguments: cases)
    func walksFromDueDateToTheLastVoluntaryStep(expected: Expected) throws {
        // given a case due on Monday 2025-03-03
        var snapshot = makeCase(expected.country, principal: expected.principal, due: "2025-03-03")
        let currency = snapshot.ledger.currency
        // when the engine runs every day for four months
        let log = walk(&snapshot, from: day("2025-03-03"), through: day("2025-06-30"))
        // then the letters, deadlines and fees are exactly as the rule pack says
        let sent = log.flatMap { (d, ds) in ds.letters.map { (d.iso, $0.stepId, $0.occurrence, $0.deadline.iso) } }
        #expect(
            sent.map { "\($0.0) \($0.1)#\($0.2) until \($0.3)" }
                == expected.letters.map { "\($0.0) \($0.1)#\($0.2) until \($0.3)" })
        for (date, stepId, _, _, fee) in expected.letters {
            let ds = log.first { $0.0 == day(date) }!.1
            let step = pack(expected.country).step(stepId)!
            #expect(ds.fees.map(\.amount) == (fee.map { [money($0, currency)] } ?? []), "\(date) \(stepId)")
            if let feeId = step.feeId, fee != nil { #expect(ds.fees.first?.feeId == feeId) }
        }
        let feeTotal = expected.letters.compactMap(\.4).reduce(Int64(0)) { $0 + money($1, currency).minorUnits }
        #expect(snapshot.ledger.balance(of: .fee).minorUnits == feeTotal)

        // and every other day says why not, and until when
        let letterDays = Set(expected.letters.map { day($0.0) })
        for (date, ds) in log where !letterDays.contains(date) {
            let reviewDay = date == day(expected.reviewOn)
            if reviewDay {
                #expect(ds.map(\.action) == [.reviewDue(.endOfVoluntaryCollection)])
                continue
            }
            #expect(ds.count == 1 && ds[0].action == .wait, "\(date): \(ds.map(\.action))")
            #expect(!(ds.first?.reasons.isEmpty ?? true))
            if date < day(expected.reviewOn) {
                let next = ds[0].nextPossibleAction!
                let upcoming = expected.letters.map { day($0.0) }.first { $0 > date } ?? day(expected.reviewOn)
                #expect(next == upcoming, "\(date): the reason points to the next possible day")
            }
        }
        #expect(snapshot.reviews.map(\.date) == [day(expected.reviewOn)])
    }

    @Test func theReasonForNotYetNamesTheRuleAndItsLegalBasis() throws {
        var snapshot = makeCase(.FI, principal: "500.00", due: "2025-03-03")
        let log = walk(&snapshot, from: day("2025-03-03"), through: day("2025-03-10"))
        let wait = log.first { $0.0 == day("2025-03-10") }!.1[0]
        #expect(wait.action == .wait)
        #expect(wait.reasons[0].ruleId == "FI.demand")
        #expect(
            wait.reasons[0].text
                == "Not yet: Collection demand may be sent from 2025-03-19, 14 full days after the previous letter of 2025-03-04."
        )
        #expect(wait.reasons[0].legalBasis.contains("14 full days"))
        let sent = log.first { $0.0 == day("2025-03-04") }!.1
        #expect(sent[0].reasons.map(\.ruleId) == ["FI.reminder", "FI.reminder.paymentTerm", "contact.channel"])
        #expect(
            sent[1].reasons[0].text == "Fee 5.00 EUR on a principal of 500.00 (the most the law allows here is 5.00).")
    }

    @Test func belgianEmailTermStartsTheNextDay() {
        let term = pack(.BE).step("BE.firstReminder")!.paymentTerm
        #expect(term.deadline(sent: day("2025-03-04"), channel: .email) == day("2025-03-18"))
        #expect(term.deadline(sent: day("2025-03-04"), channel: .letter) == day("2025-03-20"))
        // sent on a Friday: working days Mon, Tue, Wed → the term starts Wednesday
        #expect(term.startDate(sent: day("2025-03-07"), channel: .letter) == day("2025-03-12"))
    }

    @Test func aFourthDanishReminderIsNeverSent() {
        var snapshot = makeCase(.DK, principal: "900.00", due: "2025-01-01")
        walk(&snapshot, from: day("2025-01-01"), through: day("2025-12-31"))
        #expect(snapshot.steps.filter { $0.stepId == "DK.reminder" }.count == 3)
        #expect(snapshot.ledger.feeCharges(ruleId: "DK.reminderFee").count == 3)
    }
}
