import Testing

@testable import ForbearCore

@Suite struct ContactPolicyTests {
    let policy = ContactPolicy()
    let phoneCustomer = ContactPolicy.Customer(hasPhone: true)

    @Test(arguments: [("21:59", true), ("22:00", false), ("03:00", false), ("06:59", false), ("07:00", true)])
    func finnishQuietHours(time: String, allowed: Bool) {
        let v = policy.check(
            .phone, on: day("2025-05-05"), at: LocalTime(time)!, pack: pack(.FI), customer: phoneCustomer)
        #expect((v.channel != nil) == allowed)
    }

    @Test func belgiumForbidsCallsUntilEightAndUnknownCountriesUseTheCautiousDefault() {
        let at0730 = LocalTime("07:30")!
        #expect(
            policy.check(.phone, on: day("2025-05-05"), at: at0730, pack: pack(.BE), customer: phoneCustomer).channel
                == nil)
        let nl = policy.check(
            .phone, on: day("2025-05-05"), at: LocalTime("21:30")!, pack: pack(.NL), customer: phoneCustomer)
        #expect(nl.channel == nil)
        #expect(nl.reasons[0].ruleId == "contact.defaultQuietHours")
        #expect(nl.reasons[0].legalBasis.contains("No statutory quiet hours"))
    }

    @Test func oneFrequencyCapAcrossAllChannels() {
        // given three contacts this week on three channels
        var customer = phoneCustomer
        customer.history = [
            ContactRecord(date: day("2025-05-01"), channel: .letter),
            ContactRecord(date: day("2025-05-03"), channel: .sms),
            ContactRecord(date: day("2025-05-05"), channel: .phone),
        ]
        // when
        let v = policy.check(
            .phone, on: day("2025-05-06"), at: LocalTime("12:00")!, pack: pack(.FI), customer: customer)
        // then refused until the oldest contact leaves the 7-day window
        guard case .refused(let reasons, let next) = v else { Issue.record("cap must refuse"); return }
        #expect(next == day("2025-05-08"))
        #expect(reasons[0].text.contains("at most 3 a week"))
        #expect(policy.chooseWritten(on: day("2025-05-08"), pack: pack(.FI), customer: customer).channel == .letter)
    }

    @Test func theMonthlyCapCountsThirtyDays() {
        var customer = phoneCustomer
        customer.history = (0..<10).map {
            ContactRecord(date: day("2025-04-01").adding(days: $0 * 3), channel: .letter)
        }
        let v = policy.chooseWritten(on: day("2025-04-29"), pack: pack(.NL), customer: customer)
        #expect(v.channel == nil)
        #expect(v.reasons[0].nextPossibleAction == day("2025-05-01"))
    }

    @Test func finnishEmailNeedsSeparateConsentNamingEverythingAndExpiresAfterTwelveMonths() {
        let fi = pack(.FI)
        let good = EmailConsent(
            givenOn: day("2025-01-10"), separate: true, names: ["medium", "collector", "claims", "date"],
            address: "x@example.test")
        var customer = ContactPolicy.Customer(preferences: ContactPreferences(channels: [.email]), emailConsent: good)
        #expect(policy.chooseWritten(on: day("2026-01-09"), pack: fi, customer: customer).channel == .email)
        let expired = policy.chooseWritten(on: day("2026-01-10"), pack: fi, customer: customer)
        #expect(expired.channel == .letter, "falls back to post")
        #expect(
            expired.reasons[0].text
                == "Sent by post instead of email: email consent expired on 2026-01-10 (valid at most 12 months).")

        customer.emailConsent?.separate = false
        #expect(policy.check(.email, on: day("2025-02-01"), at: nil, pack: fi, customer: customer).channel == nil)
        customer.emailConsent = good
        customer.emailConsent?.names = ["medium"]
        #expect(
            policy.check(.email, on: day("2025-02-01"), at: nil, pack: fi, customer: customer).reasons[0].text
                == "No email: email consent does not name: collector, claims, date.")
        customer.emailConsent = good
        customer.emailConsent?.revokedOn = day("2025-03-01")
        #expect(policy.chooseWritten(on: day("2025-03-01"), pack: fi, customer: customer).channel == .letter)
    }

    @Test func noEmailWithoutConsentAnywhere() {
        let customer = ContactPolicy.Customer(preferences: ContactPreferences(channels: [.email]))
        for p in library.packs {
            #expect(policy.chooseWritten(on: day("2025-05-05"), pack: p, customer: customer).channel == .letter)
            #expect(policy.check(.email, on: day("2025-05-05"), at: nil, pack: p, customer: customer).channel == nil)
        }
    }

    @Test func adjustmentsAndPreferencesAreRespected() {
        var customer = phoneCustomer
        customer.adjustments.noPhone = true
        #expect(
            policy.check(.phone, on: day("2025-05-05"), at: LocalTime("12:00")!, pack: pack(.GB), customer: customer)
                .channel == nil)
        #expect(
            policy.check(.sms, on: day("2025-05-05"), at: LocalTime("12:00")!, pack: pack(.GB), customer: customer)
                .channel == .sms)
        customer = phoneCustomer
        customer.preferences = ContactPreferences(
            channels: [.phone], windows: [TimeWindow(start: LocalTime("17:00")!, end: LocalTime("19:00")!)])
        #expect(
            policy.check(.phone, on: day("2025-05-05"), at: LocalTime("12:00")!, pack: pack(.GB), customer: customer)
                .channel == nil)
        #expect(
            policy.check(.phone, on: day("2025-05-05"), at: LocalTime("18:00")!, pack: pack(.GB), customer: customer)
                .channel == .phone)
        #expect(
            policy.check(.sms, on: day("2025-05-05"), at: LocalTime("18:00")!, pack: pack(.GB), customer: customer)
                .channel == nil)
        #expect(
            policy.check(.phone, on: day("2025-05-05"), at: LocalTime("12:00")!, pack: pack(.GB), customer: .init())
                .channel == nil)
    }
}
