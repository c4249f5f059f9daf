import ForbearCore
import ForbearJobs
import ForbearServer
import ForbearStore
import ForbearTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// Collects portal sign-in codes instead of sending them.
actor CodeOutbox: Mailer {
    var sent: [OutgoingMail] = []
    func send(_ mail: OutgoingMail) async throws(MailError) { sent.append(mail) }
    var lastCode: String? { sent.last.map { String($0.text.filter(\.isNumber).prefix(6)) } }
}

/// Olivia owes two creditors (the same person: name, date of birth and postcode); Aino is someone else.
struct PortalWorld {
    var services: Services
    var olivia: [String]
    var aino: String
    var oliviaRef: String
    var ainoRef: String
    static let today = LocalDate(iso: "2025-03-04")!

    static func with(
        _ dialect: Database.Dialect = .sqlite, settings: PortalSettings = PortalSettings(),
        mailer: (any Mailer)? = nil, _ body: (PortalWorld) async throws -> Void
    ) async throws {
        let db = try await TestDatabases.make(dialect)
        let packs = try RulePackLibrary.bundled()
        let services = try Services(
            database: db, packs: packs, portal: settings, codeMailer: mailer, today: { today })
        let header =
            "claim_ref,customer_ref,first_name,last_name,address_line1,postcode,city,country,language,currency,principal,due_date,description,birth_date,email"
        for (creditor, rows) in [
            (
                "Northwind",
                """
                N1,P1,Olivia,Hughes,1 Mill Lane,LS1 4AP,Leeds,GB,en,GBP,1200.00,2025-01-03,Energy bill,1980-12-31,olivia@example.test
                N2,P2,Aino,Virtanen,Kauppakatu 1,00100,Helsinki,FI,fi,EUR,500.00,2025-01-03,Electricity bill,1975-05-05,
                """
            ),
            (
                "Lakeside Telecom",
                "T1,Q1,Olivia,Hughes,1 Mill Lane,LS1 4AP,Leeds,GB,en,GBP,300.00,2025-02-01,Phone contract,1980-12-31,"
            ),
        ] {
            _ = try await PortfolioImport(writer: services.writer, packs: packs).run(
                MemoryByteSource(Data("\(header)\n\(rows)\n".utf8)), creditor: creditor)
        }
        let cases = try await services.queries.list(creditorId: nil, after: 0, limit: 10)
        let world = PortalWorld(
            services: services, olivia: [cases[0].record.id, cases[2].record.id], aino: cases[1].record.id,
            oliviaRef: cases[0].record.paymentReference, ainoRef: cases[1].record.paymentReference)
        try await closing(db, world, body)
    }

    func client(_ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        try await Application(router: buildRouter(services)).test(.router, body)
    }
}

extension StaffBrowser {
    /// Signs a customer in the way the form does: the reference, and a date of birth or a postcode.
    mutating func portalSignIn(
        _ reference: String, birth: String? = nil, postcode: String? = nil, from address: String? = nil
    ) async throws -> (status: HTTPResponse.Status, location: String?, body: String) {
        let headers: HTTPFields = address.map { [HTTPField.Name("X-Forwarded-For")!: "\($0), 10.0.0.1"] } ?? [:]
        try await go(.get, "/portal/login")
        var form = [("reference", reference)]
        if let birth { form.append(("birthDate", birth)) }
        if let postcode { form.append(("postcode", postcode)) }
        return try await go(.post, "/portal/login", form: form, headers: headers)
    }
}

@Suite struct PortalTests {
    @Test(arguments: TestDatabases.dialects)
    func signInShowsEveryDebtOfThePersonItemised(_ dialect: Database.Dialect) async throws {
        try await PortalWorld.with(dialect) { w in
            try await w.client { client in
                var b = StaffBrowser(client)
                // given a wrong date of birth, then the right one written the Finnish way
                let wrong = try await b.portalSignIn(w.oliviaRef, birth: "01.01.1980")
                #expect(wrong.status == .unauthorized)
                #expect(wrong.body.contains("do not match"))
                let ok = try await b.portalSignIn(w.oliviaRef, birth: "31.12.1980")
                #expect(ok.location == "/portal")
                // then the overview has both creditors, itemised, with what happens next
                let page = try await b.go(.get, "/portal")
                #expect(page.status == .ok)
                #expect(page.body.contains("Northwind") && page.body.contains("Lakeside Telecom"))
                #expect(page.body.contains("£1,200.00") && page.body.contains("£300.00"))
                #expect(page.body.contains("The original amount") && page.body.contains("Collection costs"))
                #expect(!page.body.contains("Virtanen") && !page.body.contains("Electricity bill"))
                let casePage = try await b.go(.get, "/portal/cases/\(w.olivia[0])")
                #expect(casePage.body.contains("GB82\u{00A0}WEST\u{00A0}1234\u{00A0}5698\u{00A0}7654\u{00A0}32"))
                #expect(casePage.body.contains(PaymentReference(parsing: w.oliviaRef)!.printed))
                // the pause's length comes from the hold rule, not from the text
                let days = HoldKind.paymentPause.defaultDays!
                #expect(casePage.body.contains("We can pause this debt for \(days) days"))
                #expect(!casePage.body.contains("{pauseDays}") && !casePage.body.contains("{adviceDays}"))
            }
        }
    }

    @Test(arguments: TestDatabases.dialects)
    func anotherCustomersCaseIsNotFoundAndNothingChanges(_ dialect: Database.Dialect) async throws {
        try await PortalWorld.with(dialect) { w in
            try await w.client { client in
                var b = StaffBrowser(client)
                _ = try await b.portalSignIn(w.ainoRef, postcode: "00100")
                try await b.go(.get, "/portal")
                let read = try await b.go(.get, "/portal/cases/\(w.olivia[0])")
                #expect(read.status == .notFound)
                #expect(!read.body.contains("Hughes"))
                let pause = try await b.go(.post, "/portal/cases/\(w.olivia[0])/pause", form: [])
                #expect(pause.status == .notFound)
                let plan = try await b.go(.get, "/portal/cases/\(w.olivia[0])/plan")
                #expect(plan.status == .notFound)
                #expect(try await w.services.holds.holds(caseId: w.olivia[0]).isEmpty)
            }
        }
    }

    @Test(arguments: TestDatabases.dialects)
    func repeatedWrongDetailsLockTheReferenceWithATimeAndAPhoneNumber(_ dialect: Database.Dialect) async throws {
        try await PortalWorld.with(dialect) { w in
            try await w.client { client in
                var b = StaffBrowser(client)
                for _ in 0..<5 { _ = try await b.portalSignIn(w.oliviaRef, birth: "1990-01-01") }
                // the right details are refused too while the lock lasts
                let locked = try await b.portalSignIn(w.oliviaRef, birth: "1980-12-31")
                #expect(locked.status == .tooManyRequests)
                #expect(locked.body.contains("+358 9 4000 1000") && locked.body.contains("UTC"))
                // another reference is not locked (the address limit is higher)
                let other = try await b.portalSignIn(w.ainoRef, postcode: "00100")
                #expect(other.location == "/portal")
            }
        }
    }

    @Test func repeatedFailuresFromOneAddressPauseSignInFromThatAddressOnly() async throws {
        let settings = PortalSettings(maxFailuresPerAddress: 3, trustForwardedFor: true)
        try await PortalWorld.with(settings: settings) { w in
            try await w.client { client in
                var b = StaffBrowser(client)
                // given three wrong tries for different references from one address
                for ref in ["RF401001", "RF131002", w.ainoRef] {
                    _ = try await b.portalSignIn(ref, birth: "1900-01-01", from: "203.0.113.7")
                }
                // then even the right details from that address wait
                let blocked = try await b.portalSignIn(w.oliviaRef, birth: "1980-12-31", from: "203.0.113.7")
                #expect(blocked.status == .tooManyRequests)
                // and another address signs in
                let elsewhere = try await b.portalSignIn(w.oliviaRef, birth: "1980-12-31", from: "198.51.100.4")
                #expect(elsewhere.location == "/portal")
            }
        }
    }

    @Test func aOneTimeCodeGoesToTheEmailOnFile() async throws {
        let outbox = CodeOutbox()
        try await PortalWorld.with(mailer: outbox) { w in
            try await w.client { client in
                var b = StaffBrowser(client)
                let first = try await b.portalSignIn(w.oliviaRef, postcode: "ls1 4ap")
                #expect(first.location == "/portal/login/code")
                #expect(try await b.go(.get, "/portal").location == "/portal/login/code")
                let page = try await b.go(.get, "/portal/login/code")
                #expect(page.body.contains("o•••@example.test"))
                let wrong = try await b.go(.post, "/portal/login/code", form: [("code", "000000x")])
                #expect(wrong.status == .unauthorized)
                let code = try #require(await outbox.lastCode)
                #expect(await outbox.sent.last?.to == "olivia@example.test")
                let right = try await b.go(.post, "/portal/login/code", form: [("code", code)])
                #expect(right.location == "/portal")
                #expect(try await b.go(.get, "/portal").status == .ok)
            }
        }
    }

    @Test func theIncomeAndExpenditureCheckNeverAgreesMoreThanIsAffordable() async throws {
        try await PortalWorld.with { w in
            try await w.client { client in
                var b = StaffBrowser(client)
                _ = try await b.portalSignIn(w.oliviaRef, birth: "1980-12-31")
                let path = "/portal/cases/\(w.olivia[0])/plan"
                let first = try await b.go(.get, path)
                #expect(first.body.contains("Question 1 of 7"))
                // a bad amount names its question and keeps the answers so far
                let bad = try await b.go(
                    .post, path, form: [("step", "1"), ("adults", "1"), ("income_earnings", "lots")])
                #expect(bad.status == .unprocessableContent)
                #expect(bad.body.contains("Wages or self-employed income") && bad.body.contains("value=\"1\""))
                var answers: [(String, String)] = [("adults", "1"), ("employment", "employed")]
                let steps: [[(String, String)]] = [
                    [], [("income_earnings", "2100")], [("fixed_home", "650")],
                    [("fixed_utilities", "90"), ("fixed_water", "25")], [("fixed_transport", "60")],
                    [
                        ("flex_foodAndHousekeeping", "300"), ("flex_communicationsAndLeisure", "60"),
                        ("flex_personal", "40"),
                    ],
                    [("otherDebts", "0")],
                ]
                var last = first
                for (i, extra) in steps.enumerated() {
                    answers += extra
                    last = try await b.go(.post, path, form: [("step", String(i))] + answers)
                }
                #expect(last.body.contains("you can afford up to"))
                let stored = try #require(try await w.services.cases.load(caseId: w.olivia[0])?.snapshot.affordability)
                let affordable = try #require(stored.affordableMonthly)
                // above the affordable amount: refused kindly, nothing stored
                let above = Money(minorUnits: affordable.minorUnits + 100, currency: .GBP)
                let refused = try await b.go(
                    .post, "\(path)/accept", form: [("instalment", above.decimalString)])
                #expect(refused.status == .unprocessableContent)
                #expect(refused.body.contains("we don&#39;t want you to pay more than you can"))
                #expect(try await w.services.cases.load(caseId: w.olivia[0])?.snapshot.plan == nil)
                // at the affordable amount: agreed
                let agreed = try await b.go(.post, "\(path)/accept", form: [("instalment", affordable.decimalString)])
                #expect(agreed.location == "/portal/done?what=plan&case=\(w.olivia[0])")
                #expect(try await w.services.cases.load(caseId: w.olivia[0])?.snapshot.plan?.state == .active)
                let letters = try #require(try await w.services.queries.detail(caseId: w.olivia[0], creditorId: nil))
                #expect(letters.communications.map(\.stepId) == ["planConfirmation"])
            }
        }
    }

    @Test(arguments: TestDatabases.dialects)
    func aDisputeStopsTheNextRunFromSendingAnything(_ dialect: Database.Dialect) async throws {
        try await PortalWorld.with(dialect) { w in
            try await w.client { client in
                var b = StaffBrowser(client)
                _ = try await b.portalSignIn(w.oliviaRef, birth: "1980-12-31")
                try await b.go(.get, "/portal/cases/\(w.olivia[0])")
                let empty = try await b.go(.post, "/portal/cases/\(w.olivia[0])/dispute", form: [("reason", " ")])
                #expect(empty.status == .unprocessableContent)
                let sent = try await b.go(
                    .post, "/portal/cases/\(w.olivia[0])/dispute", form: [("reason", "I paid this in January")])
                #expect(sent.location == "/portal/done?what=dispute&case=\(w.olivia[0])")
                let done = try await b.go(.get, sent.location!)
                #expect(done.body.contains("We have received your dispute") && done.body.contains("Samaritans"))
            }
            // when the daily cycle runs on the following days
            let cycle = DailyCycle(cases: w.services.cases, packs: w.services.packs)
            for day in 1...20 { _ = try await cycle.run(on: PortalWorld.today.adding(days: day)) }
            // then the disputed case got nothing but the acknowledgement of the dispute, while Olivia's other case
            // was written to
            let disputed = try #require(try await w.services.queries.detail(caseId: w.olivia[0], creditorId: nil))
            #expect(disputed.communications.map(\.stepId) == ["disputeAcknowledgement"])
            #expect(disputed.snapshot.ledger.balance(of: .fee).minorUnits == 0)
            let other = try #require(try await w.services.queries.detail(caseId: w.olivia[1], creditorId: nil))
            #expect(!other.communications.isEmpty)
        }
    }

    @Test(arguments: TestDatabases.dialects)
    func findingThingsHardKeepsWordsOnlyWithConsentAndWithdrawalErasesThem(_ dialect: Database.Dialect) async throws {
        try await PortalWorld.with(dialect) { w in
            try await w.client { client in
                var b = StaffBrowser(client)
                _ = try await b.portalSignIn(w.oliviaRef, birth: "1980-12-31")
                let page = try await b.go(.get, "/portal/help")
                #expect(page.body.contains("Samaritans") && page.body.contains("May we keep what you wrote"))
                // without consent: only the adjustment
                try await b.go(
                    .post, "/portal/help",
                    form: [("words", "My mother died last month"), ("adjustment", "moreTime"), ("consent", "no")])
                var summaries = try await w.services.care.summaries(caseId: w.olivia[0])
                #expect(summaries.count == 1 && !summaries[0].hasDetail)
                #expect(summaries[0].adjustments.notes.contains("Give more time to respond."))
                // reviewed when a TEXAS disclosure would be: 90 days in the shipped protocol
                #expect(summaries[0].reviewOn == PortalWorld.today.adding(days: 90))
                #expect(page.body.contains("we check with you after 90 days"))
                // with consent: the words, sealed; words of risk reach a specialist at once
                try await b.go(.get, "/portal/help")
                try await b.go(
                    .post, "/portal/help",
                    form: [("words", "I want to end it all"), ("adjustment", "noPhone"), ("consent", "yes")])
                summaries = try await w.services.care.summaries(caseId: w.olivia[0])
                let withWords = try #require(summaries.first { $0.hasDetail })
                let raw = try #require(try await w.services.care.rawDetail(disclosureId: withWords.id))
                #expect(!raw.contains("end it all"))
                let open = try await w.services.escalations.forCase(w.olivia[0])
                #expect(open.contains { $0.priority == .urgent && $0.source == .cue })
                // my data shows the words back to the customer; withdrawing erases them
                let data = try await b.go(.get, "/portal/data")
                #expect(data.body.contains("I want to end it all"))
                try await b.go(.post, "/portal/data/withdraw-consent", form: [])
                for id in w.olivia {
                    #expect(try await w.services.care.summaries(caseId: id).allSatisfy { !$0.hasDetail })
                }
                let after = try await b.go(.get, "/portal/data")
                #expect(!after.body.contains("end it all"))
            }
        }
    }

    @Test(arguments: TestDatabases.dialects)
    func messagesAreSealedAndRiskyWordsEscalate(_ dialect: Database.Dialect) async throws {
        try await PortalWorld.with(dialect) { w in
            try await w.client { client in
                var b = StaffBrowser(client)
                _ = try await b.portalSignIn(w.oliviaRef, birth: "1980-12-31")
                try await b.go(.get, "/portal/cases/\(w.olivia[1])")
                try await b.go(
                    .post, "/portal/cases/\(w.olivia[1])/message", form: [("message", "I lost my job and can't cope")])
                let stored = try await w.services.portal.messages(caseId: w.olivia[1])
                #expect(stored.map(\.text) == ["I lost my job and can't cope"])
                let raw = try #require(try await w.services.portal.rawMessage(id: stored[0].id))
                #expect(!raw.contains("job"))
                #expect(try await w.services.escalations.forCase(w.olivia[1]).contains { $0.source == .cue })
                // the adviser reads it on the case in the console
                _ = try await w.services.access.createUser(
                    username: "ann", passwordHash: Passwords.hash("pw-for-ann"), role: .agent)
                var staff = StaffBrowser(client)
                _ = try await staff.signIn("ann", "pw-for-ann")
                let console = try await staff.go(.get, "/console/cases/\(w.olivia[1])")
                #expect(console.body.contains("Messages from the customer") && console.body.contains("can&#39;t cope"))
                // the download has it, with the person's details
                let json = try await b.go(.get, "/portal/data.json")
                #expect(json.body.contains("can't cope") && json.body.contains("\"last_name\" : \"Hughes\""))
                #expect(!json.body.contains("Virtanen"))
            }
        }
    }

    @Test func formsWithoutTheSessionTokenAreRefusedAndStoreNothing() async throws {
        try await PortalWorld.with { w in
            try await w.client { client in
                var b = StaffBrowser(client)
                _ = try await b.portalSignIn(w.oliviaRef, birth: "1980-12-31")
                let forged = try await b.go(
                    .post, "/portal/cases/\(w.olivia[0])/pause", form: [("_csrf", "forged")], withToken: false)
                #expect(forged.status == .forbidden)
                #expect(try await w.services.holds.holds(caseId: w.olivia[0]).isEmpty)
                // not signed in: sent to sign-in
                var stranger = StaffBrowser(client)
                #expect(try await stranger.go(.get, "/portal/cases/\(w.olivia[0])").location == "/portal/login")
            }
        }
    }

    @Test func pauseIsIdempotentAndFeedbackIsStored() async throws {
        try await PortalWorld.with { w in
            try await w.client { client in
                var b = StaffBrowser(client)
                _ = try await b.portalSignIn(w.oliviaRef, birth: "1980-12-31")
                try await b.go(.get, "/portal/cases/\(w.olivia[0])")
                try await b.go(.post, "/portal/cases/\(w.olivia[0])/pause", form: [])
                try await b.go(.post, "/portal/cases/\(w.olivia[0])/pause", form: [])
                let holds = try await w.services.holds.holds(caseId: w.olivia[0])
                #expect(holds.map(\.kind) == [.paymentPause])
                #expect(holds[0].end == PortalWorld.today.adding(days: 30))
                // one confirmation letter, however often the button is pressed
                let detail = try #require(try await w.services.queries.detail(caseId: w.olivia[0], creditorId: nil))
                #expect(detail.communications.map(\.stepId) == ["pauseConfirmation"])
                let done = try await b.go(.get, "/portal/done?what=paymentPause&case=\(w.olivia[0])")
                #expect(done.body.contains("paused until 3\u{00A0}April\u{00A0}2025"))
                let bad = try await b.go(.post, "/portal/feedback", form: [("score", "9")])
                #expect(bad.status == .unprocessableContent)
                try await b.go(.get, "/portal/done?what=paymentPause&case=\(w.olivia[0])")
                let ok = try await b.go(
                    .post, "/portal/feedback",
                    form: [("score", "5"), ("what", "paymentPause"), ("case", w.olivia[0]), ("comment", "Kind")])
                #expect(ok.location == "/portal?thanks=1")
                let customerId = try #require(try await w.services.portal.identity(paymentReference: w.oliviaRef))
                    .customerId
                #expect(try await w.services.portal.feedback(customerId: customerId).map(\.score) == [5])
            }
        }
    }

    @Test(arguments: TestDatabases.dialects)
    func emailConsentIsGivenSeparatelyAndCanBeWithdrawn(_ dialect: Database.Dialect) async throws {
        try await PortalWorld.with(dialect) { w in
            try await w.client { client in
                var b = StaffBrowser(client)
                _ = try await b.portalSignIn(w.oliviaRef, birth: "1980-12-31")
                let page = try await b.go(.get, "/portal/contact")
                #expect(page.body.contains("Forbear Demo Services may email you"))
                try await b.go(
                    .post, "/portal/contact",
                    form: [
                        ("channel", "email"), ("channel", "letter"), ("window", "morning"), ("email", "o@example.test"),
                        ("emailConsent", "yes"),
                    ])
                let id = try #require(try await w.services.portal.identity(paymentReference: w.oliviaRef)).customerId
                var choices = try await w.services.portal.contactChoices(customerId: id)
                #expect(choices.preferences.channels == [.email, .letter])
                #expect(choices.emailConsent?.separate == true && choices.emailConsent?.address == "o@example.test")
                #expect(choices.emailConsent?.names.sorted() == ["claims", "collector", "date", "medium"])
                try await b.go(.get, "/portal/contact")
                try await b.go(.post, "/portal/contact", form: [("withdrawEmail", "1")])
                choices = try await w.services.portal.contactChoices(customerId: id)
                #expect(choices.emailConsent?.revokedOn == PortalWorld.today)
            }
        }
    }

    @Test(arguments: ["en", "nl", "fi", "da", "it"])
    func everyPageIsInTheChosenLanguage(_ lang: String) async throws {
        try await PortalWorld.with { w in
            try await w.client { client in
                var b = StaffBrowser(client)
                _ = try await b.portalSignIn(w.oliviaRef, birth: "1980-12-31")
                let switched = try await b.go(.get, "/portal/view?lang=\(lang)&back=/portal/contact")
                #expect(switched.location == "/portal/contact")
                let t = try #require(try PageResources.strings("Portal")[lang])
                for (path, title) in [
                    ("/portal", "overviewTitle"), ("/portal/cases/\(w.olivia[0])", "caseTitle"),
                    ("/portal/cases/\(w.olivia[0])/plan", "planTitle"), ("/portal/help", "helpTitle"),
                    ("/portal/contact", "contactTitle"), ("/portal/data", "dataTitle"),
                ] {
                    let page = try await b.go(.get, path)
                    #expect(page.body.contains("<html lang=\"\(lang)\""), "\(path) in \(lang)")
                    #expect(page.body.contains("<title>\(Self.escaped(t[title]!))"), "\(path) has its \(lang) title")
                }
            }
        }
    }

    /// Text as Mustache writes it into HTML.
    static func escaped(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "'", with: "&#39;")
            .replacingOccurrences(of: "\"", with: "&quot;")
    }

    @Test func theInterfaceTextIsCompleteInEveryLanguage() throws {
        let strings = try PageResources.strings("Portal")
        let english = Set(strings["en"]!.keys)
        let used = try PageResources.usedKeys("Portal")
        #expect(used.count > 100)
        #expect(used.subtracting(english).isEmpty, "\(used.subtracting(english).sorted())")
        for lang in ["nl", "fi", "da", "it"] {
            #expect(Set(strings[lang]!.keys) == english, "\(lang) has every key")
            #expect(Set(strings["\(lang)-easy"]!.keys) == Set(strings["en-easy"]!.keys), "\(lang) has easy read")
        }
    }
}
