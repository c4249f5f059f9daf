import Crypto
import ForbearCore
import ForbearLetters
import ForbearStore
import Foundation

/// Writes and sends what the daily cycle queued: print batches (one PDF per batch and a manifest CSV) and emails
/// (only with valid consent; otherwise the letter goes by post). Every letter is checked against the country's
/// mandatory elements before it leaves; one that lacks data is held with the reason, never sent incomplete.
public struct LetterRun: Sendable {
    public struct Report: Sendable, Equatable {
        public var printed = 0
        public var emailed = 0
        public var pages = 0
        /// Emails that went by post because consent was missing, expired or withdrawn.
        public var switchedToPost = 0
        /// Letters held because data the law requires was missing (the reason is on the message).
        public var held = 0
        public var retrying = 0
        public var dead = 0
        public var batches: [String] = []

        public var summary: String {
            "\(printed) letters printed (\(pages) pages, \(batches.count) batch files), \(emailed) emailed, "
                + "\(switchedToPost) sent by post for lack of email consent, \(held) held for missing data, "
                + "\(retrying) emails to retry, \(dead) emails dead"
        }
    }

    public var store: LetterStore
    public var renderer: LetterRenderer
    public var lint: LetterLint
    var builder: LetterDataBuilder
    public var mailer: (any Mailer)?
    public var mailFrom: String
    public var batchSize: Int
    public var maxAttempts: Int

    public init(
        store: LetterStore, renderer: LetterRenderer, lint: LetterLint, collector: Collector,
        mailer: (any Mailer)? = nil, mailFrom: String = "letters@forbear.example", batchSize: Int = 500,
        maxAttempts: Int = 4
    ) {
        self.store = store
        self.renderer = renderer
        self.lint = lint
        self.builder = LetterDataBuilder(collector: collector, signposts: lint.signposts)
        self.mailer = mailer
        self.mailFrom = mailFrom
        self.batchSize = batchSize
        self.maxAttempts = maxAttempts
    }

    public func run(on date: LocalDate, out: URL, progress: (Report) -> Void = { _ in }) async throws -> Report {
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        let manifest = out.appendingPathComponent("manifest-\(date.iso).csv")
        if !FileManager.default.fileExists(atPath: manifest.path) {
            try Data("batch,first_page,pages,case_id,case_number,template,version,language,recipient,sha256\n".utf8)
                .write(to: manifest)
        }
        var report = Report()
        var after = ""
        while true {
            let page = try await store.pending(on: date, after: after, limit: batchSize)
            guard let last = page.last else { break }
            after = last.id
            let details = try await store.details(caseIds: Array(Set(page.map(\.caseId))))
            var batch = Batch(name: nextBatchName(in: out, date: date))
            var sent: [String] = []
            for message in page {
                guard let d = details[message.caseId],
                    let pack = lint.packs.pack(for: d.loaded.record.country, on: date)
                        ?? lint.packs.latest(for: d.loaded.record.country)
                else { continue }
                var data = builder.data(message, d, pack: pack)
                let letter: RenderedLetter
                do {
                    letter = try renderer.render(data)
                } catch {
                    try await store.hold(message.id, reason: "\(error)")
                    report.held += 1
                    continue
                }
                let blocking = lint.check(letter, pack: pack).filter {
                    $0.severity == .error && ($0.rule.hasPrefix("mandatory") || $0.rule.hasPrefix("envelope"))
                }
                if !blocking.isEmpty {
                    try await store.hold(message.id, reason: blocking.map(\.message).joined(separator: "; "))
                    report.held += 1
                    continue
                }
                if message.channel == .email {
                    switch await email(letter, message, d, pack: pack, on: date) {
                    case .sent(let stored):
                        try await store.record([stored], sent: [message.id])
                        report.emailed += 1
                        continue
                    case .retry: report.retrying += 1; continue
                    case .dead: report.dead += 1; continue
                    case .post(let reason):
                        try await store.switchToPost(message.id, reason: reason)
                        report.switchedToPost += 1
                    }
                }
                batch.add(letter, message: message, record: d.loaded.record, recipient: "customer")
                if let rep = d.adjustments.copyToRepresentative {
                    data.copyFor = LetterParty(name: rep.name, addressLines: rep.addressLines)
                    if let copy = try? renderer.render(data) {
                        batch.add(copy, message: message, record: d.loaded.record, recipient: "representative")
                    }
                }
                sent.append(message.id)
            }
            if !batch.letters.isEmpty {
                // The file is written under a temporary name and renamed only after the database says "sent", so a
                // crash never leaves a batch that looks complete for letters a rerun would write again.
                let part = out.appendingPathComponent(batch.name + ".pdf.part")
                try Data(PDFWriter.document(pages: batch.pages, title: batch.name)).write(to: part)
                try await store.record(batch.letters, sent: sent)
                try FileManager.default.moveItem(at: part, to: out.appendingPathComponent(batch.name + ".pdf"))
                let handle = try FileHandle(forWritingTo: manifest)
                try handle.seekToEnd()
                try handle.write(contentsOf: Data(batch.manifest.joined().utf8))
                try handle.close()
                report.printed += batch.letters.count
                report.pages += batch.pages.count
                report.batches.append(batch.name + ".pdf")
            }
            progress(report)
        }
        return report
    }

    enum EmailOutcome {
        case sent(StoredLetter)
        case retry, dead
        case post(String)
    }

    func email(
        _ letter: RenderedLetter, _ message: PendingCommunication, _ d: LetterCaseDetails, pack: RulePack,
        on date: LocalDate
    ) async -> EmailOutcome {
        guard let mailer else { return .post("no mail server is configured") }
        guard let consent = d.emailConsent else { return .post("the customer has not consented to email") }
        if let rule = pack.emailConsent.value, let problem = consent.problem(on: date, under: rule) {
            return .post(problem)
        }
        let body = LetterEmail(letter)
        let mail = OutgoingMail(
            messageId: message.id, from: mailFrom, to: consent.address, subject: body.subject, text: body.text,
            html: body.html)
        do {
            try await mailer.send(mail)
        } catch {
            let attempts = message.attempts + 1
            let dead = error.isPermanent || attempts >= maxAttempts
            // Back off 5, 10, 20 … minutes between attempts.
            let retryAt = dead ? nil : Date().addingTimeInterval(300 * pow(2, Double(attempts - 1))).formatted(.iso8601)
            try? await store.failed(message.id, error: error.description, attempts: attempts, retryAt: retryAt)
            return dead ? .dead : .retry
        }
        let pdf = letter.pdf()
        return .sent(
            StoredLetter(
                caseId: message.caseId, communicationId: message.id, recipient: "customer",
                template: letter.templateId, version: letter.version, language: letter.language.rawValue,
                channel: .email, pages: pdf.pages, sha256: Self.sha256(pdf.bytes), batch: nil, pdf: pdf.bytes))
    }

    static func sha256(_ bytes: [UInt8]) -> String {
        Hex.string(SHA256.hash(data: bytes))
    }

    func nextBatchName(in dir: URL, date: LocalDate) -> String {
        var n = 1
        while true {
            let name = "letters-\(date.iso)-\(String(n).leftPadded(3))"
            let path = dir.appendingPathComponent(name + ".pdf").path
            if !FileManager.default.fileExists(atPath: path) && !FileManager.default.fileExists(atPath: path + ".part")
            {
                return name
            }
            n += 1
        }
    }

    /// Letters collected for one print file.
    struct Batch {
        var name: String
        var pages: [PDFCanvas] = []
        var letters: [StoredLetter] = []
        var manifest: [String] = []

        mutating func add(
            _ letter: RenderedLetter, message: PendingCommunication, record: CaseRecord, recipient: String
        ) {
            let own = LetterPDF.pages(letter.content, style: letter.style)
            let bytes = PDFWriter.document(pages: own, title: letter.content.title)
            let sum = LetterRun.sha256(bytes)
            let fields = [
                "\(name).pdf", String(pages.count + 1), String(own.count), record.id, String(record.number),
                letter.templateId, letter.version, letter.language.rawValue, recipient, sum,
            ]
            manifest.append(fields.map(CSVField.quote).joined(separator: ",") + "\n")
            pages += own
            letters.append(
                StoredLetter(
                    caseId: record.id, communicationId: message.id, recipient: recipient, template: letter.templateId,
                    version: letter.version, language: letter.language.rawValue, channel: .letter, pages: own.count,
                    sha256: sum, batch: name, pdf: bytes))
        }
    }
}

extension String {
    func leftPadded(_ n: Int) -> String { count >= n ? self : String(repeating: "0", count: n - count) + self }
}
