import ArgumentParser
import ForbearCore
import ForbearJobs
import ForbearServer
import ForbearStore
import Foundation
import Hummingbird
import HummingbirdOTP

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Bring the database schema up to date.")
    @OptionGroup var db: DatabaseOptions

    func run() async throws {
        let database = try await Database.open(try db.url())
        let applied = try await DatabaseOptions.migrate(database)
        say(
            applied.isEmpty
                ? "schema is up to date (version \(Migrator.latestVersion))"
                : "applied migrations \(applied.map(String.init).joined(separator: ", "))")
        await database.close()
    }
}

struct Import: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Import a creditor's portfolio CSV; bad rows go to a rejects file, good rows are kept.",
        discussion:
            "Required columns: \(PortfolioImport.required.joined(separator: ", ")). Optional: \(PortfolioImport.optional.joined(separator: ", ")). Importing the same file again changes nothing."
    )
    @OptionGroup var db: DatabaseOptions
    @Option(help: "The creditor the claims belong to.") var creditor: String
    @Option(help: "Where to write rejected rows (default: FILE.rejects.csv).") var rejects: String?
    @Argument(help: "The portfolio CSV (UTF-8, header row).") var file: String

    func run() async throws {
        let database = try await db.open()
        let rejectsPath = rejects ?? file + ".rejects.csv"
        _ = FileManager.default.createFile(atPath: rejectsPath, contents: nil)
        guard let out = FileHandle(forWritingAtPath: rejectsPath) else {
            throw ValidationError("cannot write \(rejectsPath)")
        }
        out.write(Data("line,column,reason\n".utf8))
        let importer = PortfolioImport(writer: PortfolioWriter(database: database), packs: try loadPacks())
        let report = try await importer.run(
            try FileByteSource(path: file), creditor: creditor,
            reject: { r in
                out.write(Data("\(r.line),\(CSVField.quote(r.column)),\(CSVField.quote(r.reason))\n".utf8))
            },
            progress: { p in stderr("… \(p.rows) rows read, \(p.imported) imported, \(p.rejected) rejected") })
        try out.close()
        try await AccessStore(database: database).audit(
            actor: "cli:\(NSUserName())", action: "portfolio.import", subjectType: "creditor", subjectId: creditor,
            purpose: "imported \(report.imported), rejected \(report.rejected)")
        say(report.summary)
        if report.rejected > 0 {
            say("rejected rows are listed in \(rejectsPath)")
        } else {
            try? FileManager.default.removeItem(atPath: rejectsPath)
        }
        await database.close()
    }
}

struct Run: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract:
            "Run the daily cycle for a date: decide every open case, store decisions with reasons, queue letters once.")
    @OptionGroup var db: DatabaseOptions
    @Option(help: "The day to run, YYYY-MM-DD (default: today).") var date: String?

    func run() async throws {
        let day = try Clock.parse(date, option: "--date")
        let database = try await db.open()
        let cycle = DailyCycle(cases: CaseStore(database: database), packs: try loadPacks())
        let report = try await cycle.run(on: day) { r in stderr("… \(r.casesDecided) cases decided") }
        say(report.summary)
        await database.close()
    }
}

struct User: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Manage staff users.", subcommands: [Create.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a staff user; prints the password when one is generated.")
        @OptionGroup var db: DatabaseOptions
        @Option(help: "agent, specialist, teamLead, compliance or admin") var role: String
        @Option(help: "The login name.") var username: String
        @Option(help: "The password (default: a generated one, printed once).") var password: String?
        @Flag(help: "Turn on two-step sign-in: prints the authenticator setup link once.") var totp = false

        func run() async throws {
            guard let r = StaffRole(rawValue: role) else {
                throw ValidationError(
                    "--role must be one of \(StaffRole.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            let database = try await db.open()
            let secret = password ?? Passwords.generate()
            _ = try await AccessStore(database: database).createUser(
                username: username, passwordHash: Passwords.hash(secret), role: r)
            say("created \(r.rawValue) \(username)" + (password == nil ? " with password \(secret)" : ""))
            if totp {
                let key = AccessStore.randomToken()
                _ = try await StaffSessionStore(database: database).setTOTP(username: username, secret: key)
                say("two-step sign-in is on; add this to an authenticator app:")
                say(TOTP(secret: key).createAuthenticatorURL(label: username, issuer: "Forbear"))
            }
            await database.close()
        }
    }
}

struct Token: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Manage API tokens.", subcommands: [Create.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create an API token; prints it alone on the last line.")
        @OptionGroup var db: DatabaseOptions
        @Option(help: "admin, agent or creditor") var role: String
        @Option(help: "For creditor tokens: the creditor's name.") var creditor: String?

        func run() async throws {
            guard let r = TokenRole(rawValue: role) else {
                throw ValidationError(
                    "--role must be one of \(TokenRole.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            if r == .creditor, creditor == nil { throw ValidationError("a creditor token needs --creditor NAME") }
            let database = try await db.open()
            var creditorId: String?
            if let creditor {
                guard let id = try await PortfolioWriter(database: database).findCreditor(named: creditor) else {
                    throw ValidationError("no creditor called \(creditor); import a portfolio for it first")
                }
                creditorId = id
            }
            let token = try await AccessStore(database: database).createToken(role: r, creditorId: creditorId)
            say("\(r.rawValue) token" + (creditor.map { " for \($0)" } ?? "") + ":")
            say(token)
            await database.close()
        }
    }
}

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve the customer portal, the staff console and the API.")
    @OptionGroup var db: DatabaseOptions
    @Option(help: "The address to listen on.") var host = "127.0.0.1"
    @Option(help: "The port to listen on.") var port = 8080

    func run() async throws {
        let database = try await db.open()
        try await serve(database: database, cipher: try loadCipher(for: try db.url()), host: host, port: port)
    }
}

func serve(database: Database, cipher: FieldCipher, host: String, port: Int) async throws {
    let env = ProcessInfo.processInfo.environment
    let secure = env["FORBEAR_SECURE_COOKIES"] == "1"
    let console = ConsoleSettings(
        idleTimeout: (env["FORBEAR_CONSOLE_IDLE_MINUTES"].flatMap(Double.init) ?? 30) * 60, secureCookies: secure)
    let portal = PortalSettings(
        idleTimeout: (env["FORBEAR_PORTAL_IDLE_MINUTES"].flatMap(Double.init) ?? 20) * 60, secureCookies: secure,
        mailFrom: env["FORBEAR_MAIL_FROM"] ?? "portal@forbear.example",
        trustForwardedFor: env["FORBEAR_TRUST_PROXY"] == "1")
    // With an SMTP relay, portal sign-in also asks for a one-time code sent to the email on file.
    var codeMailer: SMTPMailer?
    if let address = env["FORBEAR_SMTP"] {
        guard let m = SMTPMailer(address: address) else {
            throw ValidationError("FORBEAR_SMTP must be host:port, not \"\(address)\"")
        }
        codeMailer = m
    }
    let services = try Services(
        database: database, packs: try loadPacks(), cipher: cipher, console: console, portal: portal,
        collector: try CollectorConfig.load(), codeMailer: codeMailer, today: { Clock.today() })
    let app = buildApplication(services, config: ServerConfig(host: host, port: port))
    say(
        "Forbear is serving on http://\(host):\(port)  (portal: /portal, console: /console, API: /api/v1, health: /healthz, OpenAPI: /api/v1/openapi.json)"
    )
    try await app.runService()
}
