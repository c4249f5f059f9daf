import ForbearCore
import ForbearStore

public struct PaymentImportReport: Sendable, Equatable {
    public var read = 0
    public var booked = 0
    public var duplicates = 0
    public var unmatched = 0
    public var reversed = 0
    public var problems: [String] = []

    public var summary: String {
        "read \(read) entries: booked \(booked), reversed \(reversed), unmatched \(unmatched), already booked \(duplicates)"
            + (problems.isEmpty ? "" : ", \(problems.count) could not be read")
    }
}

/// Reads a camt.054 or camt.053 file (or entries sent through the API) and receives each entry: matched and booked,
/// reversed, or queued for staff. Entries that cannot be read are reported with their element path; the rest are kept.
public struct PaymentImport: Sendable {
    public let payments: PaymentStore

    public init(payments: PaymentStore) {
        self.payments = payments
    }

    public func run(camt text: String, source: String) async throws -> PaymentImportReport {
        let file = CamtParser.parse(text)
        var report = try await receive(file.entries, source: "\(source) \(file.kind.rawValue) \(file.messageId ?? "")")
        report.problems = file.problems.map(\.description)
        return report
    }

    /// Entries per transaction: large enough that the per-batch reads and the commit are spread thin, small enough
    /// that a transaction stays well under a second (see docs/benchmarks.md).
    public static let defaultBatchSize = 5_000

    /// Receives entries in batches of `batchSize`, each batch in one transaction.
    public func receive(_ entries: [BankEntry], source: String, batchSize: Int = defaultBatchSize) async throws
        -> PaymentImportReport
    {
        var report = PaymentImportReport()
        var start = 0
        while start < entries.count {
            let batch = Array(entries[start..<min(entries.count, start + batchSize)])
            for outcome in try await payments.receiveBatch(batch, source: source) {
                report.read += 1
                switch outcome {
                case .booked: report.booked += 1
                case .duplicate: report.duplicates += 1
                case .unmatched, .reversalUnmatched, .currencyMismatch: report.unmatched += 1
                case .reversed: report.reversed += 1
                }
            }
            start += batchSize
        }
        return report
    }
}
