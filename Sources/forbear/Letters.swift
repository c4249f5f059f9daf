import ArgumentParser
import ForbearCore
import ForbearJobs
import ForbearLetters
import ForbearStore
import Foundation

struct Letters: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check letter templates, and write and send the letters the daily cycle queued.",
        subcommands: [LintCommand.self, Render.self])

    struct TemplateOptions: ParsableArguments {
        @Option(help: "A folder of operator templates over the shipped ones (default: $FORBEAR_TEMPLATES).")
        var templates: String?

        func load() throws -> LetterSetup {
            let dir = templates ?? ProcessInfo.processInfo.environment["FORBEAR_TEMPLATES"]
            return try LetterSetup.load(
                templates: dir.map { URL(fileURLWithPath: $0) }, packs: try loadPacks(),
                signposts: try SignpostDirectory.bundled())
        }
    }

    struct LintCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "lint",
            abstract: "Lint every template: mandatory elements per country, readability, sentences, threats, envelope.",
            discussion: "One line per finding; exits 1 when there is an error.")
        @OptionGroup var options: TemplateOptions
        @Flag(help: "Also print each template's readability score.") var verbose = false

        func run() async throws {
            let setup = try options.load()
            let findings = setup.findings
            for f in findings where verbose || f.severity != .info { say(f.description) }
            let errors = findings.filter { $0.severity == .error }.count
            let warnings = findings.filter { $0.severity == .warning }.count
            let refused = setup.refused.isEmpty ? "" : "; refused: \(setup.refused.joined(separator: ", "))"
            say("\(setup.library.templates.count) templates checked: \(errors) errors, \(warnings) warnings\(refused)")
            if errors > 0 { throw ExitCode(1) }
        }
    }

    struct Render: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the letters queued up to a date as print batches, and send the emails.",
            discussion: """
                Writes letters-DATE-NNN.pdf (one per batch) and manifest-DATE.csv (case, template, version, language, \
                pages, checksum) into --out, stores each letter on its case, and sends emails through --smtp \
                (only to customers with valid email consent; the others get the letter by post). Running it again \
                sends nothing twice.
                """)
        @OptionGroup var db: DatabaseOptions
        @OptionGroup var options: TemplateOptions
        @Option(help: "Write letters queued on or before this date (YYYY-MM-DD, default today).") var date: String?
        @Option(help: "The folder for print batches and the manifest.") var out = "letters"
        @Option(help: "SMTP relay as host:port (default: $FORBEAR_SMTP); without it emails go by post.")
        var smtp: String?
        @Option(help: "The sender address of emails.") var mailFrom = "letters@forbear.example"
        @Option(help: "Letters per print batch.") var batchSize = 500

        func run() async throws {
            let day = try Clock.parse(date, option: "--date")
            let setup = try options.load()
            for f in setup.findings where f.severity == .error { stderr(f.description) }
            if !setup.refused.isEmpty { stderr("refused templates: \(setup.refused.joined(separator: ", "))") }
            var mailer: SMTPMailer?
            if let address = smtp ?? ProcessInfo.processInfo.environment["FORBEAR_SMTP"] {
                guard let m = SMTPMailer(address: address) else {
                    throw ValidationError("--smtp must be host:port, not \"\(address)\"")
                }
                mailer = m
            }
            let database = try await db.open()
            let run = LetterRun(
                store: LetterStore(database: database), renderer: setup.renderer, lint: setup.lint,
                collector: try CollectorConfig.load(), mailer: mailer, mailFrom: mailFrom, batchSize: batchSize)
            let report = try await run.run(on: day, out: URL(fileURLWithPath: out)) { r in
                stderr("… \(r.printed) printed, \(r.emailed) emailed")
            }
            say("\(day.iso): \(report.summary); files in \(out)")
            await database.close()
        }
    }
}

enum CollectorConfig {
    /// The collecting organisation printed on letters: $FORBEAR_COLLECTOR (a JSON file), else the demo agency.
    static func load() throws -> Collector {
        guard let path = ProcessInfo.processInfo.environment["FORBEAR_COLLECTOR"] else { return LintSamples.collector }
        return try JSONDecoder().decode(Collector.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
    }
}
