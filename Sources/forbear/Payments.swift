import ArgumentParser
import ForbearCore
import ForbearJobs
import ForbearStore
import Foundation

struct Payments: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Incoming payments from bank files.", subcommands: [ImportFile.self])

    struct ImportFile: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract:
                "Read a camt.054 or camt.053 file: book matched payments, reverse returned ones, queue the rest for staff.",
            discussion: "Importing the same file twice books nothing twice (the bank's entry reference is the key).")
        @OptionGroup var db: DatabaseOptions
        @Argument(help: "The ISO 20022 XML file.") var file: String

        func run() async throws {
            let text: String
            do {
                text = try String(contentsOfFile: file, encoding: .utf8)
            } catch {
                throw ValidationError("cannot read \(file) as UTF-8 text")
            }
            let database = try await db.open()
            let report = try await PaymentImport(payments: PaymentStore(database: database, packs: try loadPacks()))
                .run(camt: text, source: (file as NSString).lastPathComponent)
            for p in report.problems { stderr("not read: \(p)") }
            say(report.summary)
            await database.close()
        }
    }
}
