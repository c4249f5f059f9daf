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

/// The condition that finds the case paid with the reference in `text` (spaces and case ignored), with `alias` the
/// cases table's name in the query: by the case number the reference was made from, whose index every case has, and
/// then the reference itself (it has no index of its own). Nil when `text` is no reference a case number makes.
func caseReferenceCondition(_ text: String, alias: String) -> SQLQueryString? {
    guard let reference = PaymentReference(parsing: text), let number = reference.caseNumber else { return nil }
    return
        "\(unsafeRaw: alias).number = \(bind: number) AND \(unsafeRaw: alias).payment_reference = \(bind: reference.value)"
}

/// `IN (…)` over a list of values, for loading a page of cases in one query per table.
func inList(_ values: [String]) -> SQLQueryString { "\(BoundList(values: .texts(values)))" }

/// `IN (…)` over a list of integers (PostgreSQL does not compare BIGINT with text).
func inList(_ values: [Int64]) -> SQLQueryString { "\(BoundList(values: .integers(values)))" }

/// The parenthesised set an `IN` reads. On SQLite a long list is one bound JSON array read by `json_each`: a page of
/// 500 ids is then one value to encode and bind instead of 500, and the statement text is the same for every length.
/// Short lists, and every list on PostgreSQL, get one bound parameter per value. An empty list matches nothing.
struct BoundList: SQLExpression {
    enum Values {
        case texts([String])
        case integers([Int64])
    }
    let values: Values

    /// Up to this many values are bound one by one on SQLite too: for a few ids (one case's request) a JSON array
    /// and the temporary index SQLite builds from it are more work than the parameters.
    static let bindEachUpTo = 16

    var count: Int {
        switch values {
        case .texts(let v): v.count
        case .integers(let v): v.count
        }
    }

    func serialize(to serializer: inout SQLSerializer) {
        guard serializer.dialect.name == "sqlite", count > Self.bindEachUpTo else {
            // PostgreSQL has no empty `IN ()`; `IN (NULL)` matches nothing.
            serializer.write("(")
            switch values {
            case .texts(let v) where !v.isEmpty: writeBinds(v, to: &serializer)
            case .integers(let v) where !v.isEmpty: writeBinds(v, to: &serializer)
            default: serializer.write("NULL")
            }
            serializer.write(")")
            return
        }
        var json: [UInt8] = [UInt8(ascii: "[")]
        switch values {
        case .texts(let v):
            for (i, text) in v.enumerated() {
                if i > 0 { json.append(UInt8(ascii: ",")) }
                JSONText.quote(text, into: &json)
            }
        case .integers(let v):
            json.append(contentsOf: v.map(String.init).joined(separator: ",").utf8)
        }
        json.append(UInt8(ascii: "]"))
        serializer.write("(SELECT value FROM json_each(")
        serializer.write(bind: String(decoding: json, as: UTF8.self))
        serializer.write("))")
    }

    private func writeBinds(_ values: [some Encodable & Sendable], to serializer: inout SQLSerializer) {
        for (i, v) in values.enumerated() {
            if i > 0 { serializer.write(", ") }
            serializer.write(bind: v)
        }
    }
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
