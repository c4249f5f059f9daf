import ForbearCore
import ForbearServer
import ForbearStore
import Foundation
import Hummingbird
import HummingbirdOTP
import HummingbirdTesting
import Testing

/// The staff console through the production router: sign-in, roles, CSRF, lockout, the protocol runner, notes with
/// text cues, holds, affordability and plans, and the audit view.
@Suite struct ConsoleTests {
    let pw = ConsoleWorld.password

    @Test func anUnmatchedPaymentIsBookedByHandOnceWithExactAllocation() async throws {
        try await ConsoleWorld.with { w in
            // given a payment nobody could match
            let entry = BankEntry(
                entryReference: "BANK-77", amount: Money(minorUnits: 25_000, currency: .GBP), isReversal: false,
                bookingDate: LocalDate(iso: "2025-03-04")!, valueDate: nil, structuredReference: nil,
                unstructured: "for Olivia", endToEndId: nil, path: "")
            #expect(try await w.services.payments.receive(entry, source: "test") == .unmatched(suggestions: []))
            let before = try #require(try await w.services.cases.load(caseId: w.caseId)).snapshot.ledger.totalBalance
            try await buildApplication(w.services).test(.router) { client in
                var b = StaffBrowser(client)
                _ = try await b.signIn("agent", pw)
                let queues = try await b.go(.get, "/console")
                #expect(queues.body.contains("/console/payments/BANK-77/book"))
                // a case that does not exist: a reason, nothing booked
                let wrong = try await b.go(.post, "/console/payments/BANK-77/book", form: [("case", "999999")])
                #expect(wrong.status == .unprocessableContent)
                // a case in another currency is refused with the reason
                let number = try #require(try await w.services.queries.detail(caseId: w.otherCaseId, creditorId: nil))
                    .record.number
                try await b.go(.get, "/console")
                let euro = try await b.go(.post, "/console/payments/BANK-77/book", form: [("case", String(number))])
                #expect(euro.status == .unprocessableContent && euro.body.contains("GBP"))
                // the right case by its payment reference
                let ref = try #require(try await w.services.queries.detail(caseId: w.caseId, creditorId: nil))
                    .record.paymentReference
                try await b.go(.get, "/console")
                let booked = try await b.go(.post, "/console/payments/BANK-77/book", form: [("case", ref)])
                #expect(booked.location == "/console/cases/\(w.caseId)")
                // and again: refused, nothing twice
                try await b.go(.get, "/console")
                let twice = try await b.go(.post, "/console/payments/BANK-77/book", form: [("case", ref)])
                #expect(twice.status == .unprocessableContent)
            }
            let after = try #require(try await w.services.cases.load(caseId: w.caseId)).snapshot.ledger.totalBalance
            #expect(before.minorUnits - after.minorUnits == 25_000)
            #expect(try await w.services.payments.unmatched().isEmpty)
        }
    }

    @Test func aVisitorWhoIsNotSignedInIsSentToTheSignInPage() async throws {
        try await ConsoleWorld.with { w in
            try await buildApplication(w.services).test(.router) { client in
                var b = StaffBrowser(client)
                let r = try await b.go(.get, "/console/cases/\(w.caseId)")
                #expect(r.status == .seeOther)
                #expect(r.location == "/console/login")
                let login = try await b.go(.get, "/console/login")
                #expect(login.status == .ok)
                #expect(login.body.contains("<html lang=\"en\">"))
                #expect(b.cookies["fb_login_csrf"] != nil)
            }
        }
    }

    @Test func anAgentSignsInSeesTheQueuesAndTheCaseButNotTheVulnerabilityDetail() async throws {
        try await ConsoleWorld.with { w in
            // given a customer who told us about their health, with consent
            let disclosure = Disclosure(
                id: "d1", recordedOn: LocalDate(iso: "2025-03-01")!, source: .customer, recordedBy: "specialist",
                reviewOn: LocalDate(iso: "2025-06-01")!, adjustments: Adjustments(largePrint: true),
                consent: ExplicitConsent(
                    wordingVersion: "texas-consent-2025-1", givenAt: Date(), takenBy: "specialist"),
                detail: VulnerabilityDetail(characteristics: [.longTermIllness], notes: "Chemotherapy until June"))
            try await w.services.care.record(disclosure, caseId: w.caseId)
            try await buildApplication(w.services).test(.router) { client in
                var agent = StaffBrowser(client)
                let signIn = try await agent.signIn("agent", pw)
                #expect(signIn.status == .seeOther)
                #expect(signIn.location == "/console")
                let cookie = try #require(agent.cookies["fb_staff"])
                #expect(!cookie.isEmpty)
                let queues = try await agent.go(.get, "/console")
                #expect(queues.status == .ok)
                #expect(queues.body.contains("Escalations to Customer Care"))
                // the case view shows the first layer to everyone: handle with care and the adjustment
                let page = try await agent.go(.get, "/console/cases/\(w.caseId)")
                #expect(page.status == .ok)
                #expect(page.body.contains("Handle with care"))
                #expect(page.body.contains("Large print"))
                #expect(page.body.contains("Energy bill"))
                #expect(page.body.contains("BLAKE"))
                #expect(!page.body.contains("Chemotherapy"))
                // when the agent asks for the detail
                let denied = try await agent.go(.get, "/console/cases/\(w.caseId)/care?purpose=supportCall")
                // then 403, the detail is not shown, and the attempt is on the audit trail
                #expect(denied.status == .forbidden)
                #expect(!denied.body.contains("Chemotherapy"))
                let afterAgent = try await w.services.access.auditEvents(subjectId: "/console/cases/\(w.caseId)/care")
                #expect(afterAgent.contains { $0.actor == "staff:agent" && $0.action == "denied.care" })
                #expect(
                    try await w.services.access.auditEvents(subjectId: w.caseId).allSatisfy {
                        $0.action != "vulnerability.read"
                    })

                // a specialist can, with a purpose, and the read is audited with that purpose
                var specialist = StaffBrowser(client)
                _ = try await specialist.signIn("specialist", pw)
                let chooser = try await specialist.go(.get, "/console/cases/\(w.caseId)/care")
                #expect(chooser.status == .ok)
                #expect(!chooser.body.contains("Chemotherapy"))
                let shown = try await specialist.go(.get, "/console/cases/\(w.caseId)/care?purpose=specialistReview")
                #expect(shown.status == .ok)
                #expect(shown.body.contains("Chemotherapy until June"))
                let audit = try await w.services.access.auditEvents(subjectId: w.caseId)
                #expect(
                    audit.contains {
                        $0.actor == "staff:specialist" && $0.action == "vulnerability.read"
                            && $0.purpose == "specialistReview"
                    })
            }
        }
    }

    @Test func aFormWithoutTheSessionsCSRFTokenIsRefusedAndNothingIsStored() async throws {
        try await ConsoleWorld.with { w in
            try await buildApplication(w.services).test(.router) { client in
                var agent = StaffBrowser(client)
                _ = try await agent.signIn("agent", pw)
                _ = try await agent.go(.get, "/console/cases/\(w.caseId)")
                let missing = try await agent.go(
                    .post, "/console/cases/\(w.caseId)/notes", form: [("note", "called, no answer")], withToken: false)
                #expect(missing.status == .forbidden)
                #expect(missing.body.contains("This form has expired"))
                let wrong = try await agent.go(
                    .post, "/console/cases/\(w.caseId)/notes",
                    form: [("_csrf", "forged"), ("note", "called, no answer")], withToken: false)
                #expect(wrong.status == .forbidden)
                #expect(try await w.services.events.events(caseId: w.caseId).isEmpty)
                // the same form with the token is accepted
                let ok = try await agent.go(
                    .post, "/console/cases/\(w.caseId)/notes", form: [("note", "called, no answer")])
                #expect(ok.status == .seeOther)
                #expect(try await w.services.events.events(caseId: w.caseId).map(\.text) == ["called, no answer"])
                // and a sign-in form needs the sign-in page's token
                var stranger = StaffBrowser(client)
                let forged = try await stranger.go(
                    .post, "/console/login", form: [("username", "agent"), ("password", pw)], withToken: false)
                #expect(forged.status == .forbidden)
                #expect(stranger.cookies["fb_staff"] == nil)
            }
        }
    }

    @Test func fiveWrongPasswordsLockTheAccountEvenAgainstTheRightOne() async throws {
        try await ConsoleWorld.with(settings: ConsoleSettings(maxFailedLogins: 5, lockout: 900)) { w in
            try await buildApplication(w.services).test(.router) { client in
                var b = StaffBrowser(client)
                for attempt in 1...4 {
                    let r = try await b.signIn("agent", "wrong \(attempt)")
                    #expect(r.status == .unauthorized)
                    #expect(r.body.contains("The username or password is not right"))
                }
                let fifth = try await b.signIn("agent", "wrong 5")
                #expect(fifth.status == .tooManyRequests)
                #expect(fifth.body.contains("Too many wrong attempts"))
                let right = try await b.signIn("agent", pw)
                #expect(right.status == .tooManyRequests)
                #expect(b.cookies["fb_staff"] == nil)
                // another account is not affected
                var other = StaffBrowser(client)
                let r1 = try await other.signIn("specialist", pw)
                #expect(r1.status == .seeOther)
                let trail = try await w.services.access.auditLog(AuditFilter(actor: "staff:agent"), limit: nil)
                #expect(trail.contains { $0.action == "staff.locked" })
            }
        }
    }

    @Test func aUserWithASecondFactorNeedsTheCurrentCode() async throws {
        try await ConsoleWorld.with { w in
            let secret = "forbear-test-secret-20b"
            #expect(try await w.services.sessions.setTOTP(username: "teamlead", secret: secret))
            try await buildApplication(w.services).test(.router) { client in
                var b = StaffBrowser(client)
                let r = try await b.signIn("teamlead", pw)
                #expect(r.location == "/console/login/code")
                // the queues are out of reach until the code is given
                let r2 = try await b.go(.get, "/console")
                #expect(r2.location == "/console/login/code")
                let codePage = try await b.go(.get, "/console/login/code")
                #expect(codePage.status == .ok)
                let wrong = try await b.go(.post, "/console/login/code", form: [("code", "000000")])
                #expect(wrong.status == .unauthorized)
                let code = String(format: "%06d", TOTP(secret: secret).compute(date: Date()))
                let ok = try await b.go(.post, "/console/login/code", form: [("code", code)])
                #expect(ok.location == "/console")
                let r3 = try await b.go(.get, "/console")
                #expect(r3.status == .ok)
            }
        }
    }

    @Test func anIdleSessionEnds() async throws {
        try await ConsoleWorld.with(settings: ConsoleSettings(idleTimeout: -1)) { w in
            try await buildApplication(w.services).test(.router) { client in
                var b = StaffBrowser(client)
                let r4 = try await b.signIn("agent", pw)
                #expect(r4.status == .seeOther)
                let r5 = try await b.go(.get, "/console")
                #expect(r5.location == "/console/login")
            }
        }
    }

    /// Answers every step of a protocol run: `answers` by step id, acknowledge steps need none.
    func runProtocol(_ b: inout StaffBrowser, caseId: String, protocolId: String, answers: [String: [String]])
        async throws -> String
    {
        _ = try await b.go(.get, "/console/cases/\(caseId)")
        let start = try await b.go(.post, "/console/cases/\(caseId)/protocols/\(protocolId)", form: [])
        let run = try #require(start.location)
        var page = try await b.go(.get, run).body
        var guardSteps = 0
        while !page.contains("The conversation is finished"), guardSteps < 20 {
            guardSteps += 1
            let stepId = try #require(Self.stepId(page))
            let values = answers[stepId] ?? []
            page = try await b.go(.post, run, form: values.map { ("answer", $0) }).body
        }
        return page
    }

    static func stepId(_ page: String) -> String? {
        guard let r = page.range(of: "data-step=\"") else { return nil }
        return String(page[r.upperBound...].prefix { $0 != "\"" })
    }

    @Test func blakeWithImmediateDangerStartsACrisisHoldAndAnUrgentEscalationAtOnce() async throws {
        try await ConsoleWorld.with { w in
            try await buildApplication(w.services).test(.router) { client in
                var agent = StaffBrowser(client)
                _ = try await agent.signIn("agent", pw)
                _ = try await agent.go(.get, "/console/cases/\(w.caseId)")
                let start = try await agent.go(.post, "/console/cases/\(w.caseId)/protocols/BLAKE", form: [])
                let run = try #require(start.location)
                let first = try await agent.go(.get, run)
                // the crisis numbers for the customer's country (GB) are on the first screen
                #expect(first.body.contains("Samaritans"))
                #expect(first.body.contains("999"))
                _ = try await agent.go(.post, run, form: [])  // breathe
                let danger = try await agent.go(.post, run, form: [("answer", "yes")])
                // then, before the conversation ends: emergency guidance, crisis hold, urgent escalation
                #expect(danger.body.contains("Immediate danger"))
                let holds = try await w.services.holds.holds(caseId: w.caseId)
                #expect(holds.contains { $0.kind == .crisis && $0.isActive(on: LocalDate(iso: "2025-03-04")!) })
                let open = try await w.services.escalations.open()
                #expect(open.contains { $0.caseId == w.caseId && $0.priority == .urgent && $0.source == .console })
                // and the specialist sees it first in the queue
                var specialist = StaffBrowser(client)
                _ = try await specialist.signIn("specialist", pw)
                let queue = try await specialist.go(.get, "/console")
                #expect(queue.body.contains("tag urgent"))
                #expect(queue.body.contains("BLAKE"))
                // the case view shows the crisis hold
                let casePage = try await specialist.go(.get, "/console/cases/\(w.caseId)")
                #expect(casePage.body.contains("Crisis hold"))
                // resolving the escalation takes it off the queue, with who and what was done
                let id = try #require(open.first { $0.caseId == w.caseId }?.id)
                let resolved = try await specialist.go(
                    .post, "/console/escalations/\(id)/resolve", form: [("resolution", "Called back, safe with sister")]
                )
                #expect(resolved.status == .seeOther)
                #expect(try await w.services.escalations.open().allSatisfy { $0.id != id })
                // an agent may not resolve escalations
                let r6 = try await agent.go(.post, "/console/escalations/\(id)/resolve", form: [("resolution", "x")])
                #expect(
                    r6.status
                        == .forbidden)
            }
        }
    }

    @Test func texasKeepsTheCustomersWordsOnlyWithConsentAndEncrypted() async throws {
        try await ConsoleWorld.with { w in
            try await buildApplication(w.services).test(.router) { client in
                var agent = StaffBrowser(client)
                _ = try await agent.signIn("agent", pw)
                let done = try await runProtocol(
                    &agent, caseId: w.caseId, protocolId: "TEXAS",
                    answers: [
                        "consent": ["yes"], "impact": ["Depression makes opening post hard"], "helper": ["no"],
                        "adjustments": ["easyRead", "writtenSummary"], "signpost": ["externalHelp"],
                    ])
                #expect(done.contains("The conversation is finished"))
                #expect(done.contains("StepChange"))
                let summaries = try await w.services.care.summaries(caseId: w.caseId)
                let d = try #require(summaries.first)
                #expect(d.hasConsent && d.hasDetail && d.adjustments.easyRead)
                #expect(
                    try await w.services.care.detail(disclosureId: d.id)?.notes == "Depression makes opening post hard")
                let raw = try #require(try await w.services.care.rawDetail(disclosureId: d.id))
                #expect(!raw.contains("Depression"))
                // without consent only the adjustment is kept
                let done2 = try await runProtocol(
                    &agent, caseId: w.otherCaseId, protocolId: "TEXAS",
                    answers: ["consent": ["no"], "helper": ["no"], "adjustments": ["largePrint"], "signpost": ["none"]])
                #expect(done2.contains("The conversation is finished"))
                let other = try await w.services.care.summaries(caseId: w.otherCaseId)
                #expect(
                    other.count == 1 && !other[0].hasDetail && !other[0].hasConsent && other[0].adjustments.largePrint)
                // withdrawing consent erases the detail at once; the adjustment stays
                _ = try await agent.go(.get, "/console/cases/\(w.caseId)")
                let r7 = try await agent.go(.post, "/console/cases/\(w.caseId)/consent/withdraw", form: [])
                #expect(r7.status == .seeOther)
                let after = try await w.services.care.summaries(caseId: w.caseId)
                #expect(after.allSatisfy { !$0.hasDetail && !$0.hasConsent })
                #expect(after.contains { $0.adjustments.easyRead })
            }
        }
    }

    @Test func aNoteWithWordsOfRiskRaisesAnUrgentEscalationAndShowsThePhrase() async throws {
        try await ConsoleWorld.with { w in
            try await buildApplication(w.services).test(.router) { client in
                var agent = StaffBrowser(client)
                _ = try await agent.signIn("agent", pw)
                _ = try await agent.go(.get, "/console/cases/\(w.caseId)")
                let r = try await agent.go(
                    .post, "/console/cases/\(w.caseId)/notes",
                    form: [("note", "Customer said she lost her job and wants to end it all")])
                let page = try await agent.go(.get, try #require(r.location))
                #expect(page.body.contains("end it all"))
                #expect(page.body.contains("An urgent escalation to Customer Care was raised"))
                let open = try await w.services.escalations.open()
                #expect(open.contains { $0.caseId == w.caseId && $0.priority == .urgent && $0.source == .cue })
                // a plain note raises nothing
                _ = try await agent.go(
                    .post, "/console/cases/\(w.otherCaseId)/notes", form: [("note", "Promised to pay Friday")])
                #expect(try await w.services.escalations.open().allSatisfy { $0.caseId != w.otherCaseId })
            }
        }
    }

    @Test func holdsAreStartedAndLiftedWithWhoAndWhyAndBadInputGetsAReason() async throws {
        try await ConsoleWorld.with { w in
            try await buildApplication(w.services).test(.router) { client in
                var agent = StaffBrowser(client)
                _ = try await agent.signIn("agent", pw)
                _ = try await agent.go(.get, "/console/cases/\(w.caseId)")
                let noReason = try await agent.go(
                    .post, "/console/cases/\(w.caseId)/holds", form: [("kind", "dispute")])
                #expect(noReason.status == .unprocessableContent)
                #expect(noReason.body.contains("Please give a reason"))
                let badDate = try await agent.go(
                    .post, "/console/cases/\(w.caseId)/holds",
                    form: [("kind", "paymentPause"), ("reason", "Asked for time"), ("end", "next week")])
                #expect(badDate.status == .unprocessableContent)
                #expect(try await w.services.holds.holds(caseId: w.caseId).isEmpty)
                let ok = try await agent.go(
                    .post, "/console/cases/\(w.caseId)/holds",
                    form: [("kind", "dispute"), ("reason", "Says the meter reading is wrong")])
                #expect(ok.status == .seeOther)
                let hold = try #require(try await w.services.holds.holds(caseId: w.caseId).first)
                #expect(
                    hold.kind == .dispute && hold.startedBy == "agent"
                        && hold.reason == "Says the meter reading is wrong")
                let page = try await agent.go(.get, "/console/cases/\(w.caseId)")
                #expect(page.body.contains("Says the meter reading is wrong"))
                let lifted = try await agent.go(
                    .post, "/console/cases/\(w.caseId)/holds/\(hold.id)/lift", form: [("reason", "Reading confirmed")])
                #expect(lifted.status == .seeOther)
                #expect(try await w.services.holds.holds(caseId: w.caseId).first?.liftedOn != nil)
                // compliance may look but not act
                var compliance = StaffBrowser(client)
                _ = try await compliance.signIn("compliance", pw)
                _ = try await compliance.go(.get, "/console/cases/\(w.caseId)")
                let r8 = try await compliance.go(
                    .post, "/console/cases/\(w.caseId)/holds", form: [("kind", "dispute"), ("reason", "x")]
                )
                #expect(r8.status == .forbidden)
                let r9 = try await agent.go(.get, "/console/cases/no-such-case")
                #expect(r9.status == .notFound)
            }
        }
    }

    @Test func aPlanAboveWhatIsAffordableIsRefusedAndOneWithinItIsAgreed() async throws {
        try await ConsoleWorld.with { w in
            try await buildApplication(w.services).test(.router) { client in
                var agent = StaffBrowser(client)
                _ = try await agent.signIn("agent", pw)
                let form = try await agent.go(.get, "/console/cases/\(w.caseId)/affordability")
                #expect(form.body.contains("Food and housekeeping"))
                #expect(form.body.contains("guideline"))
                let bad = try await agent.go(
                    .post, "/console/cases/\(w.caseId)/affordability", form: [("income_earnings", "lots")])
                #expect(bad.body.contains("role=\"alert\"><p>Check &quot;Earnings&quot;"))
                #expect(
                    try await w.services.queries.detail(caseId: w.caseId, creditorId: nil)?.snapshot.affordability
                        == nil)
                let r = try await agent.go(
                    .post, "/console/cases/\(w.caseId)/affordability",
                    form: [
                        ("adults", "1"), ("income_earnings", "1800"), ("fixed_home", "700"), ("fixed_utilities", "120"),
                        ("flex_foodAndHousekeeping", "300"), ("flex_communicationsAndLeisure", "100"),
                        ("flex_personal", "80"),
                    ])
                #expect(r.status == .ok)
                #expect(r.body.contains("Affordable"))
                let summary = try #require(
                    try await w.services.queries.detail(caseId: w.caseId, creditorId: nil)?
                        .snapshot.affordability)
                let affordable = try #require(summary.affordableMonthly)
                let above = Money(minorUnits: affordable.minorUnits + 100, currency: .GBP)
                let refused = try await agent.go(
                    .post, "/console/cases/\(w.caseId)/plan",
                    form: [("instalment", above.decimalString), ("frequency", "monthly"), ("start", "2025-03-11")])
                #expect(refused.status == .unprocessableContent)
                #expect(refused.body.contains("we don&#39;t want you to pay more than you can"))
                #expect(try await w.services.queries.detail(caseId: w.caseId, creditorId: nil)?.snapshot.plan == nil)
                let agreed = try await agent.go(
                    .post, "/console/cases/\(w.caseId)/plan",
                    form: [("instalment", "100.00"), ("frequency", "monthly"), ("start", "2025-03-11")])
                #expect(agreed.status == .seeOther)
                #expect(
                    try await w.services.queries.detail(caseId: w.caseId, creditorId: nil)?.snapshot.plan?.state
                        == .active)
            }
        }
    }

    @Test func complianceReadsAndExportsTheAuditTrailAndAnAgentCannot() async throws {
        try await ConsoleWorld.with { w in
            try await w.services.access.audit(
                actor: "staff:specialist", action: "vulnerability.read", subjectType: "case", subjectId: w.caseId,
                purpose: "=HYPERLINK(\"x\")")
            try await buildApplication(w.services).test(.router) { client in
                var agent = StaffBrowser(client)
                _ = try await agent.signIn("agent", pw)
                let r10 = try await agent.go(.get, "/console/audit")
                #expect(r10.status == .forbidden)
                let r11 = try await agent.go(.get, "/console/audit.csv")
                #expect(r11.status == .forbidden)
                var compliance = StaffBrowser(client)
                _ = try await compliance.signIn("compliance", pw)
                let page = try await compliance.go(.get, "/console/audit?action=vulnerability.read")
                #expect(page.status == .ok)
                #expect(page.body.contains(w.caseId))
                let csv = try await compliance.go(.get, "/console/audit.csv?subject=\(w.caseId)")
                let lines = csv.body.split(separator: "\n")
                #expect(lines.first == "at,actor,action,subject_type,subject_id,purpose")
                #expect(
                    lines.contains { $0.contains("vulnerability.read") && $0.contains("\"'=HYPERLINK(\"\"x\"\")\"") })
                #expect(lines.dropFirst().allSatisfy { $0.contains(w.caseId) })
            }
        }
    }

    @Test(arguments: ["en", "nl", "fi", "da", "it"])
    func everyPageRendersInTheStaffMembersLanguage(_ language: String) async throws {
        try await ConsoleWorld.with { w in
            try await buildApplication(w.services).test(.router) { client in
                var b = StaffBrowser(client)
                _ = try await b.signIn("admin", pw)
                _ = try await b.go(.get, "/console")
                let r12 = try await b.go(.post, "/console/language", form: [("language", language)])
                #expect(r12.status == .seeOther)
                let start = try await b.go(.post, "/console/cases/\(w.caseId)/protocols/TEXAS", form: [])
                let text = try #require(try Self.strings()[language])
                for (path, title) in [
                    ("/console", "queuesTitle"), ("/console/cases/\(w.caseId)", "caseTitle"),
                    ("/console/cases/\(w.caseId)/affordability", "affordabilityTitle"),
                    ("/console/cases/\(w.caseId)/care", "careTitle"), ("/console/audit", "auditTitle"),
                    (try #require(start.location), "protocolTitle"),
                ] {
                    let page = try await b.go(.get, path)
                    #expect(page.status == .ok, "\(path)")
                    #expect(page.body.contains("<html lang=\"\(language)\">"), "\(path)")
                    // the page's title and the navigation are in the chosen language
                    #expect(page.body.contains("<title>\(try #require(text[title])) · Forbear</title>"), "\(path)")
                    #expect(page.body.contains(">\(try #require(text["signOut"]))</button>"), "\(path)")
                }
            }
        }
    }

    static func strings() throws -> [String: [String: String]] { try PageResources.strings("Console") }

    /// Every `{{t.key}}` in the templates exists in all five languages, and every language has the same keys.
    @Test func theInterfaceTextIsCompleteInEveryLanguage() throws {
        let strings = try Self.strings()
        let used = try PageResources.usedKeys("Console")
        #expect(used.count > 100)
        for language in ["en", "nl", "fi", "da", "it"] {
            let table = try #require(strings[language])
            #expect(Set(table.keys) == Set(strings["en"]!.keys), "\(language)")
            #expect(used.subtracting(table.keys).isEmpty, "\(language): \(used.subtracting(table.keys).sorted())")
        }
    }
}
