import ForbearCore
import Foundation

/// A synthetic portfolio: a realistic mix of countries, languages, sectors, amounts and due dates, as CSV in the
/// import format, so the demo (and the benchmark) exercise the real import.
public struct DemoPortfolio: Sendable {
    public static let sectors = ["energy", "telecom", "healthcare", "retail", "housing", "finance"]
    static let descriptions: [String: String] = [
        "energy": "Electricity bill", "telecom": "Mobile phone subscription", "healthcare": "Dental treatment",
        "retail": "Online order", "housing": "Rent arrears", "finance": "Consumer credit instalments",
    ]
    static let countryMix: [(ForbearCore.Country, Int)] = [
        (.FI, 25), (.NL, 20), (.BE, 15), (.DK, 15), (.IT, 10), (.GB, 15),
    ]

    public var customers: Int
    public var seed: UInt64
    /// Due dates fall in the 120 days before this date.
    public var today: LocalDate

    public init(customers: Int, seed: UInt64 = 42, today: LocalDate) {
        self.customers = customers
        self.seed = seed
        self.today = today
    }

    public static let header = [
        "claim_ref", "customer_ref", "first_name", "last_name", "address_line1", "postcode", "city", "country",
        "language",
        "currency", "principal", "due_date", "description", "birth_date", "email", "phone", "invoice_date",
        "original_creditor", "sector", "interest_rate",
    ]

    /// Calls `emit` with each CSV line (header first), so a large portfolio never sits in memory.
    public func write(_ emit: (String) throws -> Void) rethrows {
        var rng = SplitMix64(seed: seed)
        try emit(Self.header.joined(separator: ","))
        var claimNo = 0
        for n in 1...max(1, customers) {
            var roll = Int(rng.next() % 100)
            var country = ForbearCore.Country.FI
            for (c, share) in Self.countryMix {
                if roll < share { country = c; break }
                roll -= share
            }
            let names = DemoNames.data[country]!
            let first = names.firstNames[Int(rng.next() % UInt64(names.firstNames.count))]
            let last = names.lastNames[Int(rng.next() % UInt64(names.lastNames.count))]
            let street = names.streets[Int(rng.next() % UInt64(names.streets.count))]
            let house = Int(rng.next() % 120) + 1
            let (city, postcode) = names.cities[Int(rng.next() % UInt64(names.cities.count))]
            let address = names.houseFirst ? "\(house) \(street)" : "\(street) \(house)"
            let currency = country == .DK ? "DKK" : country == .GB ? "GBP" : "EUR"
            let birth = LocalDate(
                year: 1940 + Int(rng.next() % 65), month: Int(rng.next() % 12) + 1, day: Int(rng.next() % 28) + 1)!
            let email =
                rng.next() % 3 == 0
                ? ""
                : "\(first.lowercased().filter(\.isLetter)).\(last.lowercased().filter(\.isLetter))\(n)@example.test"
            let phone = rng.next() % 4 == 0 ? "" : names.phonePrefix + String(1_000_000 + rng.next() % 8_999_999)
            let sector = Self.sectors[Int(rng.next() % UInt64(Self.sectors.count))]
            let claims = rng.next() % 5 == 0 ? 2 : 1
            for _ in 0..<claims {
                claimNo += 1
                // Mostly small consumer debts, a long tail up to a few thousand.
                let base = rng.next() % 100 < 80 ? 20 + rng.next() % 480 : 500 + rng.next() % 4_500
                let principal = (country == .DK ? base * 7 : base) * 100 + rng.next() % 100
                let due = today.adding(days: -Int(rng.next() % 120) - 1)
                let rate = sector == "finance" ? "8.50" : sector == "energy" ? "" : rng.next() % 2 == 0 ? "" : "7.00"
                let fields = [
                    "C\(claimNo)", "P\(n)", first, last, address, postcode, city, country.rawValue,
                    names.language.rawValue, currency,
                    Money(minorUnits: Int64(principal), currency: .EUR).decimalString,
                    due.iso, Self.descriptions[sector]!, birth.iso, email, phone, due.adding(days: -30).iso,
                    "", sector, rate,
                ]
                try emit(fields.map(CSVField.quote).joined(separator: ","))
            }
        }
    }

}
