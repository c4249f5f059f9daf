import ForbearCore
import ForbearStore
import Foundation

public enum ImportError: Error, Equatable, Sendable, CustomStringConvertible {
    case cannotRead(String)
    case empty
    case missingColumns([String])
    case duplicateColumns([String])

    public var description: String {
        switch self {
        case .cannotRead(let p): return "cannot read \(p)"
        case .empty: return "the file is empty: it needs a header row and at least one claim"
        case .missingColumns(let c): return "the header is missing required columns: \(c.joined(separator: ", "))"
        case .duplicateColumns(let c): return "the header names these columns twice: \(c.joined(separator: ", "))"
        }
    }
}

/// A row that was not imported, and why.
public struct Reject: Sendable, Equatable, Codable {
    public var line: Int
    public var column: String
    public var reason: String

    public init(line: Int, column: String, reason: String) {
        self.line = line
        self.column = column
        self.reason = reason
    }
}

public struct ImportReport: Sendable, Equatable {
    public var rows = 0
    public var imported = 0
    public var alreadyPresent = 0
    public var rejected = 0
    /// Batches prepared beside the writer that were worked out again because something was committed meanwhile.
    public var batchesRedone = 0
    public var summary: String {
        "imported \(imported), rejected \(rejected)" + (alreadyPresent > 0 ? ", already present \(alreadyPresent)" : "")
    }
}

/// Imports a creditor's portfolio CSV row by row: every bad row is rejected with its line, column and reason; good
/// rows in the same file are kept; importing the same file again changes nothing.
public struct PortfolioImport: Sendable {
    public static let required = Column.allCases.filter(\.required).map(\.name)
    public static let optional = Column.allCases.filter { !$0.required }.map(\.name)

    /// The columns a portfolio file may have. Where each is in a file's header is worked out once, so a row's field
    /// is taken by its position: looked up by name for every field of every row, the header's names were compared
    /// a few hundred times a row (3% of the importing threads' samples, perf, a million rows).
    public enum Column: Int, CaseIterable, Sendable {
        case claimRef, customerRef, firstName, lastName, addressLine1, postcode, city, country, language, currency
        case principal, dueDate, description
        case birthDate, email, phone, invoiceDate, originalCreditor, sector, interestRate

        public var name: String {
            switch self {
            case .claimRef: "claim_ref"
            case .customerRef: "customer_ref"
            case .firstName: "first_name"
            case .lastName: "last_name"
            case .addressLine1: "address_line1"
            case .postcode: "postcode"
            case .city: "city"
            case .country: "country"
            case .language: "language"
            case .currency: "currency"
            case .principal: "principal"
            case .dueDate: "due_date"
            case .description: "description"
            case .birthDate: "birth_date"
            case .email: "email"
            case .phone: "phone"
            case .invoiceDate: "invoice_date"
            case .originalCreditor: "original_creditor"
            case .sector: "sector"
            case .interestRate: "interest_rate"
            }
        }

        /// The required columns are the cases up to `description`; the optional ones follow it.
        public var required: Bool { rawValue <= Column.description.rawValue }
    }

    /// A file's header: how many fields a row has, and where each known column is in them.
    struct Header {
        let count: Int
        let positions: [Int?]

        init(names: [String]) {
            count = names.count
            positions = Column.allCases.map { names.firstIndex(of: $0.name) }
        }
    }
    static let importable: Set<Country> = [.FI, .NL, .BE, .DK, .IT, .GB]

    public let writer: PortfolioWriter
    public let packs: RulePackLibrary
    public static let defaultBatchSize = 2_000
    public var batchSize = PortfolioImport.defaultBatchSize

    public init(writer: PortfolioWriter, packs: RulePackLibrary) {
        self.writer = writer
        self.packs = packs
    }

    public func run<S: ByteSource>(
        _ source: S, creditor: String, reject: (Reject) throws -> Void = { _ in },
        progress: (ImportReport) -> Void = { _ in }
    ) async throws -> ImportReport {
        var reader = CSVReader(source)
        guard let first = try reader.next() else { throw ImportError.empty }
        guard case .record(_, let fields) = first else { throw ImportError.empty }
        let names = fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        let dupes = Dictionary(grouping: names, by: { $0 }).filter { $0.value.count > 1 }.map(\.key).sorted()
        if !dupes.isEmpty { throw ImportError.duplicateColumns(dupes) }
        let missing = Self.required.filter { !names.contains($0) }
        if !missing.isEmpty { throw ImportError.missingColumns(missing) }
        let header = Header(names: names)

        let creditorId = try await writer.creditorId(named: creditor)
        let importId = UUID().uuidString
        var report = ImportReport()
        var batch: [PortfolioRow] = []
        // Batches in flight, oldest first. On a SQLite file, while batch n is stored, batch n + 1's stored rows are
        // read and its rows worked out on a reader, and the batch after is parsed and checked here; otherwise one
        // batch is written while the next is parsed.
        var inFlight: [InFlight] = []
        defer { for f in inFlight { f.stored.cancel() } }
        let currencies = Dictionary(
            uniqueKeysWithValues: Self.importable.compactMap { c in packs.latest(for: c).map { (c, $0.primaryCurrency) }
            })

        func settle() async throws {
            let settled = inFlight.removeFirst()
            let stored = try await settled.stored.value
            if stored.redone { report.batchesRedone += 1 }
            for (row, outcome) in zip(settled.rows, stored.outcomes) {
                switch outcome {
                case .imported: report.imported += 1
                case .alreadyPresent: report.alreadyPresent += 1
                case .duplicateInFile:
                    report.rejected += 1
                    try reject(
                        Reject(
                            line: row.line, column: "claim_ref",
                            reason: "claim_ref \(row.claimRef) appears earlier in this file; the first one was kept"))
                case .conflict(let column, let reason):
                    report.rejected += 1
                    try reject(Reject(line: row.line, column: column, reason: reason))
                }
            }
            progress(report)
        }

        let writer = self.writer
        let beside = writer.database.preparesBesideWriter
        func flush() async throws {
            guard !batch.isEmpty else { return }
            let rows = batch
            batch = []
            batch.reserveCapacity(batchSize)
            // A batch is prepared only once every batch but the one before it is stored.
            if inFlight.count == (beside ? 2 : 1) { try await settle() }
            inFlight.append(
                beside
                    ? InFlight.beside(
                        rows, after: inFlight.last, writer: writer, creditorId: creditorId, importId: importId)
                    : InFlight(
                        rows: rows, prepared: nil,
                        stored: Task {
                            PortfolioWriter.StoredBatch(
                                written: try await writer.write(rows, creditorId: creditorId, importId: importId))
                        }))
        }

        while let item = try reader.next() {
            report.rows += 1
            switch item {
            case .malformed(let line, let reason):
                report.rejected += 1
                try reject(Reject(line: line, column: "", reason: reason))
            case .record(let line, let fields):
                switch validate(fields, line: line, header: header, currencies: currencies) {
                case .success(let row): batch.append(row)
                case .failure(let problems):
                    report.rejected += 1
                    for p in problems.list { try reject(p) }
                }
            }
            if batch.count >= batchSize { try await flush() }
        }
        try await flush()
        while !inFlight.isEmpty { try await settle() }
        return report
    }

    /// A batch on its way to the database.
    struct InFlight {
        var rows: [PortfolioRow]
        var prepared: Task<PortfolioWriter.PreparedBatch, any Error>?
        var stored: Task<PortfolioWriter.StoredBatch, any Error>

        /// Prepares `rows` on a reader once `previous` is prepared, and stores them once `previous` is stored.
        static func beside(
            _ rows: [PortfolioRow], after previous: InFlight?, writer: PortfolioWriter, creditorId: String,
            importId: String
        ) -> InFlight {
            let prepared = Task {
                try await writer.prepare(
                    rows, creditorId: creditorId, importId: importId, after: try await previous?.prepared?.value)
            }
            let stored = Task {
                let batch = try await prepared.value
                return try await writer.store(batch, after: try await previous?.stored.value)
            }
            return InFlight(rows: rows, prepared: prepared, stored: stored)
        }
    }

    struct Problems: Error { var list: [Reject] }

    func validate(
        _ f: [String], line: Int, header: Header, currencies: [Country: Currency]
    ) -> Result<PortfolioRow, Problems> {
        if f.count != header.count {
            return .failure(
                Problems(list: [
                    Reject(
                        line: line, column: "",
                        reason: "the row has \(f.count) fields but the header has \(header.count)")
                ]))
        }
        var problems: [Reject] = []
        func value(_ c: Column) -> String? {
            guard let i = header.positions[c.rawValue] else { return nil }
            let v = f[i].trimmedSpaces
            return v.isEmpty ? nil : v
        }
        func need(_ c: Column) -> String {
            guard let v = value(c) else {
                problems.append(Reject(line: line, column: c.name, reason: "\(c.name) is empty"))
                return ""
            }
            return v
        }
        func date(_ c: Column, required: Bool) -> LocalDate? {
            guard let v = required ? need(c) : value(c), !v.isEmpty else { return nil }
            guard let d = LocalDate(iso: v) else {
                problems.append(Reject(line: line, column: c.name, reason: "\"\(v)\" is not a date: use YYYY-MM-DD"))
                return nil
            }
            return d
        }

        let claimRef = need(.claimRef)
        let customerRef = need(.customerRef)
        let firstName = need(.firstName)
        let lastName = need(.lastName)
        let address = need(.addressLine1)
        let postcode = need(.postcode)
        let city = need(.city)
        let description = need(.description)
        var country: Country?
        let countryText = need(.country)
        if !countryText.isEmpty {
            if let c = Country(rawValue: countryText.uppercased()), Self.importable.contains(c) {
                country = c
            } else {
                problems.append(
                    Reject(
                        line: line, column: "country",
                        reason: "\"\(countryText)\" is not a supported country: use FI, NL, BE, DK, IT or GB"))
            }
        }
        var language: Language?
        let languageText = need(.language)
        if !languageText.isEmpty {
            if let l = Language(rawValue: languageText.lowercased()) {
                language = l
            } else {
                problems.append(
                    Reject(
                        line: line, column: "language",
                        reason: "\"\(languageText)\" is not a supported language: use en, nl, fi, da, it, sv or fr"))
            }
        }
        var currency: Currency?
        let currencyText = need(.currency)
        if !currencyText.isEmpty {
            if let c = Currency(rawValue: currencyText.uppercased()) {
                currency = c
                if let country, let primary = currencies[country], primary != c {
                    problems.append(
                        Reject(
                            line: line, column: "currency",
                            reason: "claims in \(country.rawValue) are in \(primary.rawValue), not \(c.rawValue)"))
                }
            } else {
                problems.append(
                    Reject(line: line, column: "currency", reason: "\"\(currencyText)\" is not EUR, DKK, GBP or SEK"))
            }
        }
        var principal: Money?
        let principalText = need(.principal)
        if let currency, !principalText.isEmpty {
            do {
                let m = try Money.parse(principalText, currency: currency)
                if m.isPositive {
                    principal = m
                } else {
                    problems.append(
                        Reject(line: line, column: "principal", reason: "the principal must be more than zero"))
                }
            } catch {
                problems.append(Reject(line: line, column: "principal", reason: error.description))
            }
        }
        let due = date(.dueDate, required: true)
        let birth = date(.birthDate, required: false)
        let invoice = date(.invoiceDate, required: false)
        let email = value(.email)
        // Bytes, not `String.contains`, which Foundation answers with a locale-aware search: 6% of a preparing
        // thread's samples (perf, a million rows).
        if let email, !(email.utf8.contains(UInt8(ascii: "@")) && email.utf8.contains(UInt8(ascii: "."))) {
            problems.append(Reject(line: line, column: "email", reason: "\"\(email)\" is not an email address"))
        }
        var rate: Int64?
        if let r = value(.interestRate) {
            if let m = try? Money.parse(r, currency: .EUR), m.minorUnits >= 0, m.minorUnits <= 10_000 {
                rate = m.minorUnits
            } else {
                problems.append(
                    Reject(
                        line: line, column: "interest_rate",
                        reason: "\"\(r)\" is not an annual rate in percent between 0 and 100, e.g. 8.5"))
            }
        }
        // Characters are counted only when the bytes could be too many: counting them walks the text.
        if claimRef.utf8.count > 64 && claimRef.count > 64 {
            problems.append(Reject(line: line, column: "claim_ref", reason: "claim_ref is longer than 64 characters"))
        }
        guard problems.isEmpty, let country, let language, let principal, let due else {
            return .failure(Problems(list: problems))
        }
        return .success(
            PortfolioRow(
                line: line, claimRef: claimRef, customerRef: customerRef, firstName: firstName, lastName: lastName,
                addressLine1: address, postcode: postcode, city: city, country: country, language: language,
                principal: principal, dueDate: due, description: description, birthDate: birth, email: email,
                phone: value(.phone), invoiceDate: invoice, originalCreditor: value(.originalCreditor),
                sector: value(.sector), interestBasisPoints: rate))
    }
}

extension String {
    /// Without leading and trailing white space (as `trimmingCharacters(in: .whitespaces)`), but returning the string
    /// itself at once when it starts and ends with a visible ASCII character, as nearly every imported field does.
    var trimmedSpaces: String {
        guard let first = utf8.first, let last = utf8.last else { return self }
        func plain(_ b: UInt8) -> Bool { b > 0x20 && b < 0x80 }
        return plain(first) && plain(last) ? self : trimmingCharacters(in: .whitespaces)
    }
}
