/// A wall-clock time in the customer's own time zone, used for quiet hours and preferred contact times.
public struct LocalTime: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let minutesSinceMidnight: Int

    public init?(hour: Int, minute: Int = 0) {
        guard (0...23).contains(hour), (0...59).contains(minute) else { return nil }
        minutesSinceMidnight = hour * 60 + minute
    }

    /// Parses `HH:MM`.
    public init?(_ text: String) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 2, parts[1].count == 2,
            let h = Int(parts[0]), let m = Int(parts[1])
        else { return nil }
        self.init(hour: h, minute: m)
    }

    public var hour: Int { minutesSinceMidnight / 60 }
    public var minute: Int { minutesSinceMidnight % 60 }

    public var description: String {
        let h = hour < 10 ? "0\(hour)" : "\(hour)"
        let m = minute < 10 ? "0\(minute)" : "\(minute)"
        return "\(h):\(m)"
    }

    public static func < (lhs: LocalTime, rhs: LocalTime) -> Bool {
        lhs.minutesSinceMidnight < rhs.minutesSinceMidnight
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let time = LocalTime(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "expected HH:MM, got \"\(text)\"")
        }
        self = time
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// A daily window such as quiet hours 22:00-07:00; it may wrap past midnight.
public struct TimeWindow: Hashable, Sendable, Codable, CustomStringConvertible {
    public let start: LocalTime
    public let end: LocalTime

    public init(start: LocalTime, end: LocalTime) {
        self.start = start
        self.end = end
    }

    /// True when `time` lies in [start, end), wrapping at midnight when end <= start.
    public func contains(_ time: LocalTime) -> Bool {
        if start < end { return time >= start && time < end }
        return time >= start || time < end
    }

    public var description: String { "\(start)-\(end)" }
}
