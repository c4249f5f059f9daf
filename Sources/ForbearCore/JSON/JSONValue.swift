/// Parsed JSON, for reading back what `JSONText` wrote without the generic decoder. Numbers are integers only; text
/// with a fraction or an exponent is not parsed (nil), and the caller falls back to `JSONDecoder`.
public enum JSONValue: Sendable, Equatable {
    case string(String)
    case number(Int64)
    case bool(Bool)
    case null
    case array([JSONValue])
    case object([String: JSONValue])

    public init?(parsing text: String) {
        var text = text
        let value = text.withUTF8 { bytes -> JSONValue? in
            var reader = Reader(bytes: bytes)
            guard let value = reader.value() else { return nil }
            reader.skipSpace()
            return reader.at == bytes.count ? value : nil
        }
        guard let value else { return nil }
        self = value
    }

    public subscript(key: String) -> JSONValue? {
        if case .object(let fields) = self { return fields[key] }
        return nil
    }

    public var string: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    public var int: Int? {
        if case .number(let n) = self { return Int(exactly: n) }
        return nil
    }

    private struct Reader {
        let bytes: UnsafeBufferPointer<UInt8>
        var at = 0

        mutating func skipSpace() {
            while at < bytes.count, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[at]) { at += 1 }
        }

        mutating func take(_ literal: String) -> Bool {
            let utf8 = Array(literal.utf8)
            guard at + utf8.count <= bytes.count, bytes[at..<at + utf8.count].elementsEqual(utf8) else { return false }
            at += utf8.count
            return true
        }

        mutating func value() -> JSONValue? {
            skipSpace()
            guard at < bytes.count else { return nil }
            switch bytes[at] {
            case UInt8(ascii: "{"): return object()
            case UInt8(ascii: "["): return array()
            case UInt8(ascii: "\""): return string().map { .string($0) }
            case UInt8(ascii: "t"): return take("true") ? .bool(true) : nil
            case UInt8(ascii: "f"): return take("false") ? .bool(false) : nil
            case UInt8(ascii: "n"): return take("null") ? .null : nil
            default: return number()
            }
        }

        mutating func object() -> JSONValue? {
            var fields: [String: JSONValue] = [:]
            if opens(closedBy: "}") { return .object(fields) }
            while true {
                skipSpace()
                guard at < bytes.count, bytes[at] == UInt8(ascii: "\""), let key = string() else { return nil }
                skipSpace()
                guard at < bytes.count, bytes[at] == UInt8(ascii: ":") else { return nil }
                at += 1
                guard let v = value() else { return nil }
                fields[key] = v
                guard let closed = next(closedBy: "}") else { return nil }
                if closed { return .object(fields) }
            }
        }

        mutating func array() -> JSONValue? {
            var items: [JSONValue] = []
            if opens(closedBy: "]") { return .array(items) }
            while true {
                guard let v = value() else { return nil }
                items.append(v)
                guard let closed = next(closedBy: "]") else { return nil }
                if closed { return .array(items) }
            }
        }

        /// Steps over the opening bracket; true when the bracket closes at once (and steps over that too).
        mutating func opens(closedBy close: Unicode.Scalar) -> Bool {
            at += 1
            skipSpace()
            guard at < bytes.count, bytes[at] == UInt8(ascii: close) else { return false }
            at += 1
            return true
        }

        /// After an item: true at the closing bracket, false after a comma, nil at anything else.
        mutating func next(closedBy close: Unicode.Scalar) -> Bool? {
            skipSpace()
            guard at < bytes.count else { return nil }
            at += 1
            if bytes[at - 1] == UInt8(ascii: close) { return true }
            return bytes[at - 1] == UInt8(ascii: ",") ? false : nil
        }

        mutating func number() -> JSONValue? {
            let start = at
            if at < bytes.count, bytes[at] == UInt8(ascii: "-") { at += 1 }
            while at < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[at]) { at += 1 }
            guard at > start, let n = Int64(String(decoding: bytes[start..<at], as: UTF8.self)) else { return nil }
            if at < bytes.count, [UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E")].contains(bytes[at]) {
                return nil
            }
            return .number(n)
        }

        /// A string literal, `at` on its opening quote.
        mutating func string() -> String? {
            at += 1
            var out: [UInt8] = []
            while at < bytes.count {
                let b = bytes[at]
                at += 1
                switch b {
                case UInt8(ascii: "\""): return String(decoding: out, as: UTF8.self)
                case UInt8(ascii: "\\"):
                    guard at < bytes.count else { return nil }
                    let e = bytes[at]
                    at += 1
                    switch e {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
                    case UInt8(ascii: "n"): out.append(0x0A)
                    case UInt8(ascii: "r"): out.append(0x0D)
                    case UInt8(ascii: "t"): out.append(0x09)
                    case UInt8(ascii: "b"): out.append(0x08)
                    case UInt8(ascii: "f"): out.append(0x0C)
                    case UInt8(ascii: "u"):
                        guard var scalar = hex4() else { return nil }
                        if (0xD800..<0xDC00).contains(scalar) {
                            guard take("\\u"), let low = hex4(), (0xDC00..<0xE000).contains(low) else { return nil }
                            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                        }
                        guard let u = Unicode.Scalar(scalar) else { return nil }
                        out += Array(String(Character(u)).utf8)
                    default: return nil
                    }
                case 0..<0x20: return nil
                default: out.append(b)
                }
            }
            return nil
        }

        mutating func hex4() -> UInt32? {
            guard at + 4 <= bytes.count, let n = UInt32(String(decoding: bytes[at..<at + 4], as: UTF8.self), radix: 16)
            else { return nil }
            at += 4
            return n
        }
    }
}
