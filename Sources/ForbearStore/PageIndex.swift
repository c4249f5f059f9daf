import Foundation

/// Which case of a page a row read for the page belongs to, found from the bytes of the row's case id: no string is
/// made for the id and none is hashed. The page's ids are kept sorted by their bytes (SQLite's order for text), so a
/// row is found by a binary search, and rows read in case-id order mostly by one comparison with the case after the
/// one found last.
struct PageIndex {
    /// The ids' bytes one after another, in sorted order, where each starts and ends, and its place in the page.
    private var bytes: [UInt8] = []
    private var bounds: [(start: Int, end: Int)] = []
    private var positions: [Int] = []
    private var last = 0

    init(_ ids: [String]) {
        var spans: [(start: Int, end: Int)] = []
        spans.reserveCapacity(ids.count)
        for id in ids {
            let start = bytes.count
            bytes.append(contentsOf: id.utf8)
            spans.append((start, bytes.count))
        }
        var order = Array(ids.indices)
        bytes.withUnsafeBufferPointer { all in
            func slice(_ i: Int) -> UnsafeBufferPointer<UInt8> {
                UnsafeBufferPointer(rebasing: all[spans[i].start..<spans[i].end])
            }
            // Pages come in case-number order, whose ids mostly rise too: sorting is then only a check.
            if !zip(order, order.dropFirst()).allSatisfy({ Self.compare(slice($0), slice($1)) < 0 }) {
                order.sort { Self.compare(slice($0), slice($1)) < 0 }
            }
        }
        bounds = order.map { spans[$0] }
        positions = order
    }

    var count: Int { positions.count }

    /// The page position of the case whose id is `id`'s bytes, or nil when the row is another case's (a key range
    /// also reads the cases between the page's).
    mutating func position(_ id: UnsafeBufferPointer<UInt8>) -> Int? {
        guard !positions.isEmpty else { return nil }
        return bytes.withUnsafeBufferPointer { all -> Int? in
            func at(_ i: Int) -> UnsafeBufferPointer<UInt8> {
                UnsafeBufferPointer(rebasing: all[bounds[i].start..<bounds[i].end])
            }
            if Self.compare(at(last), id) == 0 { return positions[last] }
            if last + 1 < positions.count, Self.compare(at(last + 1), id) == 0 {
                last += 1
                return positions[last]
            }
            var low = 0
            var high = positions.count - 1
            while low <= high {
                let mid = (low + high) / 2
                let c = Self.compare(at(mid), id)
                if c == 0 {
                    last = mid
                    return positions[mid]
                }
                if c < 0 { low = mid + 1 } else { high = mid - 1 }
            }
            return nil
        }
    }

    mutating func position(_ id: String) -> Int? {
        var id = id
        return id.withUTF8 { position($0) }
    }

    /// Whether `a`'s UTF-8 bytes come before `b`'s in SQLite's `BINARY` order (`compare`).
    static func precedes(_ a: String, _ b: String) -> Bool {
        var (a, b) = (a, b)
        return a.withUTF8 { x in b.withUTF8 { y in compare(x, y) < 0 } }
    }

    /// Bytes compared as memory, a shorter run before a longer one that starts with it: SQLite's `BINARY` order.
    private static func compare(_ x: UnsafeBufferPointer<UInt8>, _ y: UnsafeBufferPointer<UInt8>) -> Int32 {
        let n = min(x.count, y.count)
        if n > 0, let a = x.baseAddress, let b = y.baseAddress {
            let c = memcmp(a, b, n)
            if c != 0 { return c }
        }
        return x.count == y.count ? 0 : (x.count < y.count ? -1 : 1)
    }
}
