import ForbearCore
import ForbearJobs
import ForbearLetters
import ForbearStore
import ForbearTestSupport
import Foundation
import Testing

/// Records mail instead of sending it, or fails as told.
actor FakeMailer: Mailer {
    var sent: [OutgoingMail] = []
    var failure: MailError?

    init(failure: MailError? = nil) { self.failure = failure }

    func send(_ mail: OutgoingMail) async throws(MailError) {
        if let failure { throw failure }
        sent.append(mail)
    }
}

@Suite struct LetterRunTests {
    let packs = try! RulePackLibrary.bundled()
    let setup = try! LetterSetup.load(templates: nil, packs: try! RulePackLibrary.bundled(), signposts: try! .bundled())
    static let day = LocalDate(iso: "2026-03-04")!

    /// One customer per country, claims due 2026-03-03, the cycle run the next day: every case gets its first letter.
    func prepared(_ dialect: Database.Dialect, creditorAddress: String? = "Harbour Road 12, 00180 Helsinki")
        async throws -> (Database, [String: String])
    {
        let db = try await TestDatabases.make(dialect)
        let csv = """
            \(EndToEndTests.header)
            L1,Q1,Aino,Virtanen,Kauppakatu 1,00100,Helsinki,FI,fi,EUR,500.00,2026-03-03,Electricity bill,
            L2,Q2,Daan,de Vries,Kerkstraat 5,1012 AB,Amsterdam,NL,nl,EUR,200.00,2026-03-03,Phone plan,
            L3,Q3,Jonas,Peeters,Kerkstraat 2,2000,Antwerpen,BE,nl,EUR,300.00,2026-03-03,Online order,
            L4,Q4,Karen,Nielsen,Vestergade 3,1050,København,DK,da,DKK,900.00,2026-03-03,Gym membership,
            L5,Q5,Luca,Rossi,Via Roma 1,00184,Roma,IT,it,EUR,1000.00,2026-03-03,Dental treatment,
            L6,Q6,Emma,Smith,1 High Street,LS1 4AP,Leeds,GB,en,GBP,120.00,2026-03-03,Water bill,

            """
        _ = try await PortfolioImport(writer: PortfolioWriter(database: db), packs: packs)
            .run(MemoryByteSource(Data(csv.utf8)), creditor: "Northwind")
        _ = try await LetterStore(database: db).setCreditorDetails(
            name: "Northwind", address: creditorAddress, companyNumber: "BE 0999.123.456")
        var ids: [String: String] = [:]
        for item in try await CaseQueries(database: db).list(creditorId: nil, after: 0, limit: 50) {
            ids[item.record.country.rawValue] = item.record.id
        }
        return (db, ids)
    }

    func customerId(_ db: Database, caseId: String) async throws -> String {
        try await CaseQueries(database: db).detail(caseId: caseId, creditorId: nil)!.customer.id
    }

    func letterRun(_ db: Database, mailer: (any Mailer)?) -> LetterRun {
        LetterRun(
            store: LetterStore(database: db), renderer: setup.renderer, lint: setup.lint,
            collector: LintSamples.collector, mailer: mailer)
    }

    @Test(arguments: TestDatabases.dialects)
    func printsBatchesEmailsWithConsentAndNeverTwice(dialect: Database.Dialect) async throws {
        let (db, ids) = try await prepared(dialect)
        try await closing(db, ()) {
            let letters = LetterStore(database: db)
            // given the Finnish customer consented to email (separately, naming all four things), and the Dutch one
            // asked for email but their consent was withdrawn
            let email = ContactPreferences(channels: [.email, .letter])
            try await letters.setEmailConsent(
                customerId: try await customerId(db, caseId: ids["FI"]!),
                EmailConsent(
                    givenOn: LocalDate(iso: "2026-01-10")!, separate: true,
                    names: ["medium", "collector", "claims", "date"],
                    address: "aino@example.fi"), preferences: email)
            try await letters.setEmailConsent(
                customerId: try await customerId(db, caseId: ids["NL"]!),
                EmailConsent(
                    givenOn: LocalDate(iso: "2026-01-10")!, revokedOn: LocalDate(iso: "2026-02-01")!, separate: true,
                    names: [], address: "daan@example.nl"), preferences: email)
            _ = try await DailyCycle(cases: CaseStore(database: db), packs: packs).run(on: Self.day)
            let out = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent(
                "letters-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: out) }
            let mailer = FakeMailer()
            // when the letters are written
            let report = try await letterRun(db, mailer: mailer).run(on: Self.day, out: out)
            // then the Finnish reminder is emailed, in Finnish, with the reference, and the other five are printed
            let mails = await mailer.sent
            #expect(mails.count == 1)
            #expect(mails.first?.to == "aino@example.fi")
            #expect(mails.first?.subject == "Maksumuistutus")
            #expect(mails.first?.text.contains("Viitenumero") == true)
            #expect(mails.first?.html.contains("<table") == true)
            #expect(report.emailed == 1 && report.printed == 5 && report.held == 0)
            #expect(report.batches == ["letters-2026-03-04-001.pdf"])
            let batch = out.appendingPathComponent("letters-2026-03-04-001.pdf").path
            let check = try run("qpdf", ["--check", batch])
            #expect(check.status == 0, "\(check.output)")
            // and the manifest names each printed letter with its checksum, which is the stored letter's
            let manifest = try String(
                contentsOf: out.appendingPathComponent("manifest-2026-03-04.csv"), encoding: .utf8
            )
            .split(separator: "\n").dropFirst().map { $0.split(separator: ",").map(String.init) }
            #expect(manifest.count == 5)
            #expect(Set(manifest.map { $0[5] }) == ["reminder", "fourteenDayLetter"])
            let nl = try #require(manifest.first { $0[3] == ids["NL"]! })
            let stored = try await letters.letters(caseId: ids["NL"]!)
            #expect(stored.map(\.sha256) == [nl[9]])
            #expect(stored.first?.channel == "letter")
            let pdf = try #require(try await letters.pdf(caseId: ids["NL"]!, letterId: stored[0].id))
            #expect(pdf.count > 1000)
            // when it runs again, nothing is sent twice
            let again = try await letterRun(db, mailer: mailer).run(on: Self.day, out: out)
            #expect(again.printed == 0 && again.emailed == 0)
            #expect(await mailer.sent.count == 1)
        }
    }

    @Test func aLetterMissingTheCreditorsAddressIsHeldNotSent() async throws {
        let (db, ids) = try await prepared(.sqlite, creditorAddress: nil)
        try await closing(db, ()) {
            _ = try await DailyCycle(cases: CaseStore(database: db), packs: packs).run(on: Self.day)
            let out = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("held-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: out) }
            let report = try await letterRun(db, mailer: nil).run(on: Self.day, out: out)
            #expect(report.held == 6 && report.printed == 0)
            let detail = try await CaseQueries(database: db).detail(caseId: ids["FI"]!, creditorId: nil)
            #expect(detail?.communications.first?.status == "failed")
            #expect(try await LetterStore(database: db).letters(caseId: ids["FI"]!).isEmpty)
        }
    }

    @Test func aFailingMailServerIsRetriedThenDeadLettered() async throws {
        let (db, ids) = try await prepared(.sqlite)
        try await closing(db, ()) {
            let letters = LetterStore(database: db)
            try await letters.setEmailConsent(
                customerId: try await customerId(db, caseId: ids["FI"]!),
                EmailConsent(
                    givenOn: LocalDate(iso: "2026-01-10")!, separate: true,
                    names: ["medium", "collector", "claims", "date"],
                    address: "aino@example.fi"), preferences: ContactPreferences(channels: [.email]))
            _ = try await DailyCycle(cases: CaseStore(database: db), packs: packs).run(on: Self.day)
            let out = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("retry-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: out) }
            // given a mail server that is down
            let down = FakeMailer(failure: .transient("connection refused"))
            let first = try await letterRun(db, mailer: down).run(on: Self.day, out: out)
            #expect(first.retrying == 1 && first.emailed == 0)
            // the retry waits: a run straight away does not try again
            #expect(try await letterRun(db, mailer: down).run(on: Self.day, out: out).retrying == 0)
            // a server that refuses the address for good dead-letters the message at once, kept for staff
            let pending = try await letters.pending(on: Self.day, now: "9999-01-01T00:00:00Z", after: "", limit: 10)
            #expect(pending.count == 1 && pending[0].attempts == 1)
            let refused = FakeMailer(failure: .permanent("550 no such mailbox"))
            try await letters.failed(pending[0].id, error: "test", attempts: 1, retryAt: "2000-01-01T00:00:00Z")
            let last = try await letterRun(db, mailer: refused).run(on: Self.day, out: out)
            #expect(last.dead == 1)
            let detail = try await CaseQueries(database: db).detail(caseId: ids["FI"]!, creditorId: nil)
            #expect(detail?.communications.first?.status == "dead")
        }
    }
}

/// The SMTP client against a real SMTP server: Python's aiosmtpd writing into a maildir (scripts/test installs it).
@Suite struct SMTPMailerTests {
    @Test func deliversAMultipartMessageToARealSMTPServer() async throws {
        let dir = NSTemporaryDirectory() + "forbear-maildir-\(UUID().uuidString.prefix(8))"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let port = UInt16(20_000 + Int.random(in: 0..<20_000))
        // The sink's output goes nowhere, so it cannot hold the test runner's output open, and it does not outlive
        // the test.
        let sink = try ExternalTool.start(
            "python3",
            ["-m", "aiosmtpd", "-n", "-l", "127.0.0.1:\(port)", "-c", "aiosmtpd.handlers.Mailbox", dir])
        defer {
            sink.kill(SIGKILL)
            sink.waitUntilExit()
        }
        let mailer = SMTPMailer(host: "127.0.0.1", port: port)
        let mail = OutgoingMail(
            messageId: "test-1", from: "letters@forbear.example", to: "aino@example.fi", subject: "Maksumuistutus",
            text: "Viitenumero 10 57298\n.\nKiitos", html: "<p>Viitenumero <strong>10 57298</strong></p>")
        var delivered = false
        for _ in 0..<50 where !delivered {
            do {
                try await mailer.send(mail)
                delivered = true
            } catch {
                try await Task.sleep(for: .milliseconds(100))  // the sink is still starting
            }
        }
        #expect(delivered)
        let files = try FileManager.default.contentsOfDirectory(atPath: dir + "/new")
        #expect(files.count == 1)
        let raw = try String(contentsOfFile: dir + "/new/" + files[0], encoding: .utf8)
        #expect(raw.contains("Subject: =?UTF-8?B?"))
        #expect(raw.contains("multipart/alternative"))
        let parts = raw.components(separatedBy: "\n\n").compactMap {
            Data(base64Encoded: $0.components(separatedBy: "\n--")[0].replacingOccurrences(of: "\n", with: ""))
        }.map { String(decoding: $0, as: UTF8.self) }
        #expect(parts.contains { $0.contains("Viitenumero 10 57298\n.\nKiitos") })
        #expect(parts.contains { $0.contains("<strong>10 57298</strong>") })
    }

    @Test func aClosedPortIsATransientFailure() async throws {
        let error = await #expect(throws: MailError.self) {
            try await SMTPMailer(host: "127.0.0.1", port: 9).send(
                OutgoingMail(messageId: "x", from: "a@b", to: "c@d", subject: "s", text: "t", html: "h"))
        }
        #expect(error?.isPermanent == false)
    }
}
