import Testing

@testable import ForbearCore

@Suite struct LedgerTests {
    func twoClaims() throws -> Ledger {
        var ledger = Ledger(currency: .EUR)
        let older = Claim(id: "a", reference: "A", description: "Phone", dueDate: day("2025-01-10"), currency: .EUR)
        let newer = Claim(id: "b", reference: "B", description: "Internet", dueDate: day("2025-02-10"), currency: .EUR)
        try ledger.add(newer, principal: money("100.00"), on: day("2025-02-10"))
        try ledger.add(older, principal: money("50.00"), on: day("2025-01-10"))
        try ledger.charge(
            .fee, money("14.00"), claimId: "b", on: day("2025-03-01"), ruleId: "FI.demandFee", legalBasis: "§10a")
        try ledger.charge(
            .interest, money("3.00"), claimId: "a", on: day("2025-03-01"), ruleId: "interest", legalBasis: "rate")
        return ledger
    }

    @Test func paymentsGoCostsThenInterestThenPrincipalOldestClaimFirst() throws {
        // given
        var ledger = try twoClaims()
        // when 30.00 arrives
        let record = try ledger.apply(
            Payment(id: "p1", date: day("2025-03-05"), amount: money("30.00")),
            order: pack(.FI).componentOrder)
        // then fee 14, interest 3, then 13 of the older claim's principal
        #expect(
            record.allocations.map { "\($0.claimId):\($0.component.rawValue):\($0.amount.decimalString)" }
                == ["b:fee:14.00", "a:interest:3.00", "a:principal:13.00"])
        #expect(record.credit.isZero)
        #expect(ledger.balance(claimId: "a", component: .principal) == money("37.00"))
        #expect(ledger.totalBalance == money("137.00"))
    }

    @Test func overpaymentBecomesCreditSoEveryPaymentIsFullyAllocated() throws {
        var ledger = try twoClaims()
        let record = try ledger.apply(
            Payment(id: "p1", date: day("2025-03-05"), amount: money("200.00")),
            order: [.fee, .planFee, .interest, .principal])
        #expect(try record.allocated.plus(record.credit) == money("200.00"))
        #expect(record.credit == money("33.00"))
        #expect(ledger.totalBalance.isZero)
        #expect(ledger.credit == money("33.00"))
    }

    @Test func aReturnedPaymentIsReversedExactly() throws {
        var ledger = try twoClaims()
        let before = ledger.totalBalance
        try ledger.apply(
            Payment(id: "p1", date: day("2025-03-05"), amount: money("200.00")),
            order: [.fee, .planFee, .interest, .principal])
        try ledger.reverse(paymentId: "p1", on: day("2025-03-09"))
        #expect(ledger.totalBalance == before)
        #expect(ledger.credit.isZero)
        #expect(throws: LedgerError.alreadyReversed("p1")) {
            try ledger.reverse(paymentId: "p1", on: day("2025-03-10"))
        }
        #expect(throws: LedgerError.unknownPayment("p9")) { try ledger.reverse(paymentId: "p9", on: day("2025-03-10")) }
    }

    @Test func theSamePaymentIsNeverBookedTwice() throws {
        var ledger = try twoClaims()
        let p = Payment(id: "bank-ref-1", date: day("2025-03-05"), amount: money("10.00"))
        try ledger.apply(p, order: [.principal, .interest, .fee, .planFee])
        #expect(throws: LedgerError.duplicatePayment("bank-ref-1")) { try ledger.apply(p, order: [.principal]) }
    }

    @Test func badLinesAreRefusedWithAReason() throws {
        var ledger = try twoClaims()
        #expect(throws: LedgerError.notPositive("a charge")) {
            try ledger.charge(.interest, money("0.00"), claimId: "a", on: day("2025-03-01"))
        }
        #expect(throws: LedgerError.unknownClaim("zz")) {
            try ledger.charge(.interest, money("1.00"), claimId: "zz", on: day("2025-03-01"))
        }
        #expect(throws: LedgerError.feeWithoutLegalBasis("X")) {
            try ledger.charge(.fee, money("1.00"), claimId: "a", on: day("2025-03-01"), ruleId: "X")
        }
        #expect(throws: LedgerError.currencyMismatch(expected: .EUR, got: .DKK)) {
            try ledger.apply(
                Payment(id: "p", date: day("2025-03-01"), amount: money("1.00", .DKK)), order: [.principal])
        }
    }

    @Test func writeOffsAndAdjustmentsMoveTheDerivedBalance() throws {
        var ledger = try twoClaims()
        let taken = try ledger.writeOff(
            .fee, upTo: money("100.00"), claimId: "b", on: day("2025-04-01"), reason: "waived")
        #expect(taken == money("14.00"), "a write-off never takes a component below zero")
        try ledger.adjust(.principal, by: money("-5.00"), claimId: "a", on: day("2025-04-01"), reason: "goodwill")
        #expect(ledger.balance(of: .fee).isZero)
        #expect(ledger.balance(claimId: "a", component: .principal) == money("45.00"))
        #expect(ledger.totalBalance == money("148.00"))
    }

    @Test func simpleDailyInterestRoundsDownInTheCustomersFavour() {
        // 1,000.00 at 8 % for 30 days = 6.5753… → 6.57
        #expect(InterestAccrual.amount(on: money("1000.00"), annualBasisPoints: 800, days: 30) == money("6.57"))
        #expect(InterestAccrual.amount(on: money("1.00"), annualBasisPoints: 800, days: 1).isZero)
        #expect(InterestAccrual.amount(on: money("1000.00"), annualBasisPoints: 0, days: 30).isZero)
        #expect(InterestAccrual.amount(on: money("365.00"), annualBasisPoints: 10_000, days: 1) == money("1.00"))
    }
}

@Test func unpaidCostsTakePaymentsFromTheOldestChargeFirst() throws {
    // given a reminder fee of 5.00 and a demand fee of 14.00 on a 100.00 claim, then 7.00 paid
    var ledger = Ledger(currency: .EUR)
    let claim = Claim(id: "c", reference: "C", description: "Bill", dueDate: day("2026-01-01"), currency: .EUR)
    try ledger.add(claim, principal: money("100.00"), on: day("2026-01-01"))
    try ledger.charge(
        .fee, money("5.00"), claimId: "c", on: day("2026-01-02"), ruleId: "FI.reminderFee", legalBasis: "test")
    try ledger.charge(
        .fee, money("14.00"), claimId: "c", on: day("2026-01-20"), ruleId: "FI.demandFee", legalBasis: "test")
    _ = try ledger.apply(
        Payment(id: "p", date: day("2026-02-01"), amount: money("7.00")), order: [.fee, .interest, .principal])
    // then the reminder fee is settled and 12.00 of the demand fee is left: the rows add up to the cost balance
    #expect(ledger.unpaidCosts.map(\.ruleId) == ["FI.demandFee"])
    #expect(ledger.unpaidCosts.map(\.amount) == [money("12.00")])
    #expect(ledger.balance(of: .fee) == money("12.00"))
}
