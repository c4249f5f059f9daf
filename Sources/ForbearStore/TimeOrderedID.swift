import Foundation
import Synchronization

/// A new row id: UUID-shaped text whose first 16 hex digits are the creation time in milliseconds and a counter, so
/// ids sort by creation and inserts append to the end of primary-key B-trees instead of landing on random pages.
/// The last 16 digits are random, so ids made by several processes at the same instant still differ.
func newID() -> String { TimeOrderedID.next() }

enum TimeOrderedID {
    /// The last value handed out: milliseconds since 1970 shifted left 20 bits, plus a counter within the millisecond.
    private static let last = Mutex<UInt64>(0)

    static func next(now: Date = Date()) -> String {
        let stamp = UInt64(max(0, now.timeIntervalSince1970 * 1000)) << 20
        let value = last.withLock { last -> UInt64 in
            last = max(stamp, last &+ 1)
            return last
        }
        return format(high: value, low: UInt64.random(in: .min ... .max))
    }

    static func format(high: UInt64, low: UInt64) -> String {
        let hex = pad(high) + pad(low)
        let u = Array(hex.utf8)
        func part(_ r: Range<Int>) -> String { String(decoding: u[r], as: UTF8.self) }
        return "\(part(0..<8))-\(part(8..<12))-\(part(12..<16))-\(part(16..<20))-\(part(20..<32))"
    }

    private static func pad(_ v: UInt64) -> String {
        let s = String(v, radix: 16)
        return String(repeating: "0", count: 16 - s.count) + s
    }
}
