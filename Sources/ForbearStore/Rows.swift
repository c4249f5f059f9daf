import ForbearCore
import Foundation
import SQLKit

extension SQLRow {
    func optString(_ column: String) throws -> String? {
        guard let lite = self as? SQLiteResultRow else { return try decode(column: column, as: String?.self) }
        return try lite.text(column)
    }
    func optInt(_ column: String) throws -> Int64? {
        guard let lite = self as? SQLiteResultRow else { return try decode(column: column, as: Int64?.self) }
        return try lite.integer(column)
    }
    func string(_ column: String) throws -> String {
        try optString(column).orThrow(StoreError.invalid("column \(column) is empty"))
    }
    func int(_ column: String) throws -> Int64 {
        try optInt(column).orThrow(StoreError.invalid("column \(column) is empty"))
    }

    func date(_ column: String) throws -> LocalDate {
        let text = try string(column)
        guard let d = LocalDate(iso: text) else {
            throw StoreError.invalid("column \(column) holds \"\(text)\", not a date")
        }
        return d
    }

    func optDate(_ column: String) throws -> LocalDate? {
        guard let text = try optString(column) else { return nil }
        return LocalDate(iso: text)
    }

    func enumValue<E: RawRepresentable>(_ column: String, _: E.Type) throws -> E where E.RawValue == String {
        let text = try string(column)
        guard let v = E(rawValue: text) else {
            throw StoreError.invalid("column \(column) holds unknown value \"\(text)\"")
        }
        return v
    }

    func money(_ column: String, currency: Currency) throws -> Money {
        Money(minorUnits: try int(column), currency: currency)
    }
}

/// `IN (…)` lists of bound values, for loading a page of cases in one query per table.
func inList(_ values: [String]) -> SQLQueryString {
    var q = SQLQueryString("(")
    for (i, v) in values.enumerated() {
        if i > 0 { q.appendLiteral(", ") }
        q.appendInterpolation(bind: v)
    }
    q.appendLiteral(")")
    return q
}

/// `IN (…)` lists of bound integers (PostgreSQL does not compare BIGINT with text).
func inList(_ values: [Int64]) -> SQLQueryString {
    var q = SQLQueryString("(")
    for (i, v) in values.enumerated() {
        if i > 0 { q.appendLiteral(", ") }
        q.appendInterpolation(bind: v)
    }
    q.appendLiteral(")")
    return q
}

let jsonEncoder: JSONEncoder = {
    let e = JSONEncoder()
    e.outputFormatting = [.sortedKeys]
    return e
}()

func json<T: Encodable>(_ value: T) throws -> String { String(decoding: try jsonEncoder.encode(value), as: UTF8.self) }

extension Optional {
    func orThrow(_ error: @autoclosure () -> StoreError) throws -> Wrapped {
        guard let value = self else { throw error() }
        return value
    }
}

/// One decoder for every stored JSON column: making one per call cost more than some of the decoding.
private let jsonDecoder = JSONDecoder()

func fromJSON<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
    try jsonDecoder.decode(T.self, from: Data(text.utf8))
}
