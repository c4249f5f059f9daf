import ForbearCore
import Foundation
import Hummingbird

/// An `application/x-www-form-urlencoded` body: every value of every field, in order (checkboxes repeat a name).
struct FormData: Sendable {
    var values: [String: [String]] = [:]

    init(_ text: String) {
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = Self.decode(parts[0])
            let value = parts.count > 1 ? Self.decode(parts[1]) : ""
            values[name, default: []].append(value)
        }
    }

    private static func decode(_ s: Substring) -> String {
        s.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(s)
    }

    /// The first value, trimmed; nil when absent or blank.
    subscript(_ name: String) -> String? {
        guard let v = values[name]?.first?.trimmingCharacters(in: .whitespacesAndNewlines), !v.isEmpty else {
            return nil
        }
        return v
    }

    func all(_ name: String) -> [String] { values[name] ?? [] }

    /// An amount as people type it ("25", "25.50" or "25,50"); nil when absent or not an amount.
    func money(_ name: String, currency: Currency) -> Money? {
        self[name].flatMap { try? Money.parse($0.replacingOccurrences(of: ",", with: "."), currency: currency) }
    }
}

extension FormData {
    /// The urlencoded form a POST carries (up to 1 MiB), for the console and the portal alike.
    static func read(_ request: inout Request) async throws -> FormData {
        let buffer = try await request.collectBody(upTo: 1 << 20)
        return FormData(String(decoding: buffer.readableBytesView, as: UTF8.self))
    }
}
