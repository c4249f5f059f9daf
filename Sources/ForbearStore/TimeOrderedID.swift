import ForbearCore
import Foundation
import Synchronization

/// A new row id: 128 bits in 26 lower-case base-32 digits, the first 64 bits the creation time in milliseconds and a
/// counter, so ids sort by creation and inserts append to the end of primary-key B-trees instead of landing on random
/// pages. The last 64 bits mix the first with a random number drawn once per process, so ids made by several processes
/// at the same instant still differ, without asking the kernel for randomness for every row. An id is not a secret:
/// whoever sees one could work out the others of its process, so nothing may rely on an id being hard to guess (tokens
/// and session keys come from their own random bytes).
/// The same 128 bits were written UUID-shaped (36 characters) before; base 32 takes 26. An id is
/// stored in its row and again in every key and reference to it, about twenty times per imported claim, so a
/// million-claim import file is 17% smaller (docs/benchmarks.md). Ids already stored keep their shape, and nothing
/// reads it. The two shapes do not sort by creation among each other (today's new ids begin with 0, the old ones with
/// 1), which matters only where an id breaks a tie: a payment or a case fee goes first to the claim of the new shape
/// when two claims of a case fall due the same day, rows listed by time show the same instant in id order, and a
/// letter run pages through the queue in id order.
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

    /// Base-32 digits in ASCII order (Crockford's, lower case: no i, l, o or u), so text order is numeric order in
    /// SQLite and in PostgreSQL's collations alike (one case, no punctuation).
    private static let digits = Array("0123456789abcdefghjkmnpqrstvwxyz".utf8)

    /// `high` and `low` as one 128-bit number in 26 digits of 5 bits; the first digit holds the top 3.
    static func format(high: UInt64, low: UInt64) -> String {
        // Written digit by digit into one buffer: ids are made for every row, so this is on every hot path.
        String(unsafeUninitializedCapacity: 26) { buffer in
            buffer[0] = digits[Int(high >> 61)]
            for i in 1..<26 {
                let shift = 125 - 5 * i  // the lowest of the digit's bits, counted in the 128-bit number
                let bits =
                    shift >= 64
                    ? high >> UInt64(shift - 64)
                    : shift > 59 ? high << UInt64(64 - shift) | low >> UInt64(shift) : low >> UInt64(shift)
                buffer[i] = digits[Int(bits & 31)]
            }
            return 26
        }
    }
}
