import ArgumentParser
import ForbearCore
import ForbearJobs
import ForbearServer
import ForbearStore
import Foundation

struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create a fresh demo database with synthetic customers, print the logins, and serve it.")
    @Option(help: "The demo database file; it is replaced.") var file = "forbear-demo.sqlite"
    @Option(help: "How many synthetic customers.") var customers = 2_000
    @Option(help: "The address to listen on.") var host = "127.0.0.1"
    @Option(help: "The port to listen on.") var port = 8080
    @Flag(help: "Build the demo database and stop, without serving.") var noServe = false

    func run() async throws {
        let started = Date()
        Database.removeSQLiteFiles(at: file)
        let url = DatabaseURL.sqlite(path: file)
        let database = try await Database.open(url)
        let cipher = try FieldCipher.loadOrCreateKeyFile(at: file + ".key")
        let today = Clock.today()
        stderr("Building the demo in \(file) (\(customers) synthetic customers, cycle over the last 90 days)…")
        let report = try await DemoSetup(customers: customers, today: today).run(
            database: database, cipher: cipher, packs: try loadPacks(), log: { stderr("  " + $0) })
        let access = AccessStore(database: database)
        var logins: [String] = []
        for role in StaffRole.allCases {
            let password = Passwords.generate()
            _ = try await access.createUser(
                username: role.rawValue.lowercased(), passwordHash: Passwords.hash(password), role: role)
            logins.append(
                "  \(role.rawValue.padding(toLength: 11, withPad: " ", startingAt: 0)) user \(role.rawValue.lowercased())  password \(password)"
            )
        }
        let adminToken = try await access.createToken(role: .admin, creditorId: nil)
        let creditorId = try await PortfolioWriter(database: database).findCreditor(named: "Northwind Utilities")
        let creditorToken = try await access.createToken(role: .creditor, creditorId: creditorId)
        let samples = try await PortalStore(database: database, cipher: cipher).sampleSignIns()
        let portalLogins = samples.map { "  reference \($0.reference)  date of birth \($0.birthDate)  (\($0.country))" }
        let seconds = Int(Date().timeIntervalSince(started).rounded())
        say(
            """

            Forbear demo ready in \(seconds) s: \(report.cases) cases (\(report.imported) claims), \(report.holds) holds, \
            \(report.payments) payments, \(report.plans) plans, \(report.vulnerable) customers needing extra care, \
            \(report.cycleRuns) cycle runs.

            Customer portal: http://\(host):\(port)/portal  (sign in as a customer with, for example:)
            \(portalLogins.joined(separator: "\n"))

            Staff console: http://\(host):\(port)/console  (logins below)
            \(logins.joined(separator: "\n"))

            API tokens:
              admin                         \(adminToken)
              creditor Northwind Utilities  \(creditorToken)

            Try:  curl -H "Authorization: Bearer \(adminToken)" http://\(host):\(port)/api/v1/cases?limit=5

            """)
        if noServe {
            await database.close()
            return
        }
        try await serve(database: database, cipher: cipher, host: host, port: port)
    }
}
