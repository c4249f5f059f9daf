import ArgumentParser
import ForbearJobs
import ForbearStore
import Foundation

struct Remit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract:
            "Write what each creditor is owed for a month (collected, fees retained, net due) and close the month.",
        discussion: "A closed month never changes: running it again writes the same figures.")
    @OptionGroup var db: DatabaseOptions
    @Option(help: "The month, YYYY-MM.") var period: String
    @Option(help: "The folder for remittance-YYYY-MM.csv.") var out = "."

    func run() async throws {
        let database = try await db.open()
        let (lines, closedBefore) = try await RemittanceStore(database: database).remit(period: period)
        var csv = "creditor,period,currency,collected,principal,interest,fees_retained,net_due\n"
        for l in lines {
            csv +=
                [
                    l.creditor, l.period, l.netDue.currency.rawValue, l.collected.decimalString,
                    l.principal.decimalString,
                    l.interest.decimalString, l.feesRetained.decimalString, l.netDue.decimalString,
                ]
                .map(CSVField.quote)
                .joined(separator: ",") + "\n"
        }
        let path = (out as NSString).appendingPathComponent("remittance-\(period).csv")
        try csv.write(toFile: path, atomically: true, encoding: .utf8)
        say(
            "\(lines.count) creditor line\(lines.count == 1 ? "" : "s") written to \(path)"
                + (closedBefore ? " (the period was already closed; same figures)" : "; \(period) is now closed"))
        await database.close()
    }
}
