import ForbearCore
import Foundation
import Synchronization

/// A new row id: UUID-shaped text whose first 16 hex digits are the creation time in milliseconds and a counter, so
/// ids sort by creation and inserts append to the end of primary-key B-trees instead of landing on random pages.
/// The last 16 digits mix the first 16 with a random number drawn once per process, so ids made by several processes
/// at the same instant still differ, without asking the kernel for randomness for every row. An id is not a secret:
/// whoever sees one could work out the others of its process, so nothing may rely on an id being hard to guess (tokens
/// and session keys come from their own random bytes).
func newID() -> String { TimeOrderedID.next() }

enum TimeOrderedID {
    /// The last value handed out: milliseconds since 1970 shifted left 20 bits, plus a counter within the millisecond.
    private static let last = Mutex<UInt64>(0)
    private static let processSalt = UInt64.random(in: .min ... .max)

    static func next(now: Date = Date()) -> String {
        let stamp = UInt64(max(0, now.timeIntervalSince1970 * 1000)) << 20
        let value = last.withLock { last -> UInt64 in
            last = max(stamp, last &+ 1)
            return last
        }
        return format(high: value, low: mix(processSalt &+ value))
    }

    /// SplitMix64's output for `x`: a bijection, so two processes' ids for the same first half differ whenever their
    /// salts do.
    static func mix(_ x: UInt64) -> UInt64 {
        var generator = SplitMix64(seed: x)
        return generator.next()
    }

    static func format(high: UInt64, low: UInt64) -> String {
        // Written digit by digit into one buffer: ids are made for every row, so this is on every hot path.
        String(unsafeUninitializedCapacity: 36) { buffer in
            var i = 0
            func put(_ v: UInt64, _ count: Int, shift: Int) {
                for d in 0..<count {
                    buffer[i] = Hex.digit(UInt8(truncatingIfNeeded: v >> UInt64(shift - 4 * d)))
                    i += 1
                }
            }
            func dash() {
                buffer[i] = UInt8(ascii: "-")
                i += 1
            }
            put(high, 8, shift: 60)
            dash()
            put(high, 4, shift: 28)
            dash()
            put(high, 4, shift: 12)
            dash()
            put(low, 4, shift: 60)
            dash()
            put(low, 12, shift: 44)
            return i
        }
    }
}
