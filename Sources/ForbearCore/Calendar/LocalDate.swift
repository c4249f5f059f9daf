/// A calendar date with no time zone, stored as days since 1970-01-01.
///
/// Collection rules count days ("14 full days", "the 3rd working day"), so the domain works on civil dates
/// rather than instants; the conversion from an instant happens at the edge in the customer's country.
public struct LocalDate: Hashable, Comparable, Sendable {
    public let daysSinceEpoch: Int

    public init(daysSinceEpoch: Int) {
        self.daysSinceEpoch = daysSinceEpoch
    }

    /// Creates a date from its parts; returns nil for an impossible date such as 2025-02-30.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), day >= 1, day <= LocalDate.daysIn(month: month, year: year) else {
            return nil
        }
        self.daysSinceEpoch = LocalDate.days(fromCivil: year, month, day)
    }

    /// Parses `YYYY-MM-DD` strictly (four-digit year, two-digit month and day).
    public init?(iso string: some StringProtocol) {
        // Dates are read for every row a page of the cycle loads: parse the bytes in place, without a copy.
        guard
            let parsed = string.utf8.withContiguousStorageIfAvailable({ Self.parse($0) })
                ?? Self.parse(Array(string.utf8))
        else { return nil }
        self.init(year: parsed.year, month: parsed.month, day: parsed.day)
    }

    /// Parses `YYYY-MM-DD` from its UTF-8 bytes where they lie (a database's value), as `init(iso:)` does.
    public init?(isoBytes utf8: UnsafeBufferPointer<UInt8>) {
        guard let parsed = Self.parse(utf8) else { return nil }
        self.init(year: parsed.year, month: parsed.month, day: parsed.day)
    }

    private static func parse(_ utf8: some RandomAccessCollection<UInt8>) -> (year: Int, month: Int, day: Int)? {
        guard utf8.count == 10 else { return nil }
        var fields = (0, 0, 0)
        for (i, byte) in utf8.enumerated() {
            if i == 4 || i == 7 {
                guard byte == UInt8(ascii: "-") else { return nil }
                continue
            }
            guard byte >= 48, byte <= 57 else { return nil }
            let digit = Int(byte - 48)
            if i < 4 {
                fields.0 = fields.0 * 10 + digit
            } else if i < 7 {
                fields.1 = fields.1 * 10 + digit
            } else {
                fields.2 = fields.2 * 10 + digit
            }
        }
        return fields
    }

    public var year: Int { civil.year }
    public var month: Int { civil.month }
    public var day: Int { civil.day }

    /// ISO weekday: 1 = Monday … 7 = Sunday.
    public var isoWeekday: Int {
        // 1970-01-01 was a Thursday (4).
        let r = (daysSinceEpoch + 3) % 7
        return (r < 0 ? r + 7 : r) + 1
    }

    public var isWeekend: Bool { isoWeekday >= 6 }

    public func adding(days: Int) -> LocalDate { LocalDate(daysSinceEpoch: daysSinceEpoch + days) }

    /// Adds calendar months, clamping to the last day of a shorter month (Jan 31 + 1 month = Feb 28/29).
    public func adding(months: Int) -> LocalDate {
        let c = civil
        let total = c.year * 12 + (c.month - 1) + months
        let y = total >= 0 ? total / 12 : (total - 11) / 12
        let m = total - y * 12 + 1
        let d = min(c.day, LocalDate.daysIn(month: m, year: y))
        return LocalDate(daysSinceEpoch: LocalDate.days(fromCivil: y, m, d))
    }

    public func adding(years: Int) -> LocalDate { adding(months: years * 12) }

    /// Whole days from `self` to `other` (positive when `other` is later).
    public func days(until other: LocalDate) -> Int { other.daysSinceEpoch - daysSinceEpoch }

    /// The `n`-th working day (Monday to Friday) after this date. Public holidays are not modelled: they differ by
    /// region and year, so a rule that depends on them says so in its legal-basis text.
    public func workingDay(after n: Int) -> LocalDate {
        var date = self
        var counted = 0
        while counted < n {
            date = date.adding(days: 1)
            if !date.isWeekend { counted += 1 }
        }
        return date
    }

    public var iso: String {
        let c = civil
        guard (0...9999).contains(c.year) else {
            func pad(_ v: Int, _ width: Int) -> String {
                let s = String(v)
                return String(repeating: "0", count: max(0, width - s.count)) + s
            }
            return "\(pad(c.year, 4))-\(pad(c.month, 2))-\(pad(c.day, 2))"
        }
        // Ten ASCII bytes, written in place: every stored row of the cycle carries dates.
        return String(unsafeUninitializedCapacity: 10) { out in
            func put(_ value: Int, at end: Int, width: Int) {
                var v = value
                for i in stride(from: end, to: end - width, by: -1) {
                    out[i] = UInt8(48 + v % 10)
                    v /= 10
                }
            }
            put(c.year, at: 3, width: 4)
            out[4] = UInt8(ascii: "-")
            put(c.month, at: 6, width: 2)
            out[7] = UInt8(ascii: "-")
            put(c.day, at: 9, width: 2)
            return 10
        }
    }

    public static func < (lhs: LocalDate, rhs: LocalDate) -> Bool { lhs.daysSinceEpoch < rhs.daysSinceEpoch }

    static func isLeap(_ year: Int) -> Bool { (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    // Howard Hinnant's days_from_civil / civil_from_days: exact for the proleptic Gregorian calendar.
    static func days(fromCivil year: Int, _ month: Int, _ day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    var civil: (year: Int, month: Int, day: Int) {
        let z = daysSinceEpoch + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }
}

extension LocalDate: CustomStringConvertible {
    public var description: String { iso }
}

extension LocalDate: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let date = LocalDate(iso: text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "expected a date as YYYY-MM-DD, got \"\(text)\"")
        }
        self = date
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(iso)
    }
}
