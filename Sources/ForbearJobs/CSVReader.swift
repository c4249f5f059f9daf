import Foundation

/// Where CSV bytes come from: a file read in chunks (constant memory) or bytes already in memory (an API body).
public protocol ByteSource {
    mutating func nextChunk() throws -> [UInt8]?
}

public struct FileByteSource: ByteSource {
    let handle: FileHandle
    let chunkSize: Int

    public init(path: String, chunkSize: Int = 1 << 16) throws {
        guard let h = FileHandle(forReadingAtPath: path) else {
            throw ImportError.cannotRead(path)
        }
        handle = h
        self.chunkSize = chunkSize
    }

    public mutating func nextChunk() throws -> [UInt8]? {
        let data = try handle.read(upToCount: chunkSize) ?? Data()
        return data.isEmpty ? nil : [UInt8](data)
    }
}

public struct MemoryByteSource: ByteSource {
    var bytes: [UInt8]?

    public init(_ data: Data) { bytes = [UInt8](data) }

    public mutating func nextChunk() throws -> [UInt8]? {
        defer { bytes = nil }
        return bytes
    }
}

/// Writing CSV fields: quoted only when they hold a comma, a quote or a line break (RFC 4180).
public enum CSVField {
    public static func quote(_ field: String) -> String {
        // By byte: "\r\n" is one Character, equal to neither "\r" nor "\n".
        field.utf8.contains(where: {
            $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r")
        })
            ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : field
    }
}

/// One CSV record, or why it could not be read, with the line it starts on.
public enum CSVItem: Sendable, Equatable {
    case record(line: Int, fields: [String])
    case malformed(line: Int, reason: String)
}

/// A streaming RFC 4180 reader: quoted fields with doubled quotes, CRLF or LF line ends, line breaks inside quotes,
/// a UTF-8 byte-order mark at the start. Fields that are not valid UTF-8 make their record malformed; the next record
/// is read normally.
public struct CSVReader {
    // One concrete reader for every source: generic code called from another module runs unspecialised, and this
    // loop runs once per byte.
    var source: any ByteSource
    var buffer: [UInt8] = []
    var position = 0
    var line = 1
    var finished = false
    var first = true
    /// The current record's bytes, and where each of its fields ends in them (reused from record to record).
    var bytes: [UInt8] = []
    var ends: [Int] = []

    public init(_ source: some ByteSource) {
        self.source = source
    }

    mutating func byte() throws -> UInt8? {
        if position >= buffer.count {
            guard !finished, let chunk = try source.nextChunk() else {
                finished = true
                return nil
            }
            buffer = chunk
            position = 0
            if first {
                first = false
                // A byte-order mark cut by the first chunk's end is still one.
                while buffer.count < 3, let more = try source.nextChunk() { buffer += more }
                if buffer.starts(with: [0xEF, 0xBB, 0xBF]) { position = 3 }
            }
            if position >= buffer.count { return try byte() }
        }
        defer { position += 1 }
        return buffer[position]
    }

    /// Appends the bytes up to the next one `next` must look at (a quote or line feed inside quotes; a comma, quote or
    /// line end outside them), or to the end of the buffer, to the record in one copy; true when there were any. Taken
    /// one call and one append per byte, the reading cost 9 ns a byte (perf, a million rows).
    mutating func appendRun(quoted: Bool) -> Bool {
        let start = position
        let end = buffer.withUnsafeBufferPointer { b in
            var i = start
            if quoted {
                while i < b.count, b[i] != UInt8(ascii: "\""), b[i] != UInt8(ascii: "\n") { i += 1 }
            } else {
                while i < b.count {
                    let c = b[i]
                    if c == UInt8(ascii: ",") || c == UInt8(ascii: "\"") || c == UInt8(ascii: "\n")
                        || c == UInt8(ascii: "\r")
                    {
                        break
                    }
                    i += 1
                }
            }
            return i
        }
        guard end > start else { return false }
        bytes.append(contentsOf: buffer[start..<end])
        position = end
        return true
    }

    mutating func peek() throws -> UInt8? {
        guard let b = try byte() else { return nil }
        position -= 1
        return b
    }

    /// The next record, or nil at the end of the input. Empty lines are skipped.
    public mutating func next() throws -> CSVItem? {
        bytes.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
        var fieldStart = 0
        var quoted = false
        var inQuotes = false
        var start = line
        var sawAnything = false
        func endField() {
            ends.append(bytes.count)
            fieldStart = bytes.count
            quoted = false
        }
        while true {
            if appendRun(quoted: inQuotes) { sawAnything = true }
            guard let b = try byte() else {
                if inQuotes {
                    return .malformed(line: start, reason: "a quoted field is not closed before the end of the file")
                }
                if !sawAnything { return nil }
                endField()
                return finish(line: start)
            }
            sawAnything = true
            if inQuotes {
                if b == UInt8(ascii: "\"") {
                    if try peek() == UInt8(ascii: "\"") {
                        _ = try byte()
                        bytes.append(b)
                    } else {
                        inQuotes = false
                    }
                } else {
                    if b == UInt8(ascii: "\n") { line += 1 }
                    bytes.append(b)
                }
                continue
            }
            switch b {
            case UInt8(ascii: "\""):
                if bytes.count == fieldStart && !quoted {
                    inQuotes = true
                    quoted = true
                } else {
                    bytes.append(b)
                }
            case UInt8(ascii: ","):
                endField()
            case UInt8(ascii: "\r"):
                continue
            case UInt8(ascii: "\n"):
                line += 1
                if ends.isEmpty && bytes.isEmpty && !quoted {
                    sawAnything = false
                    start = line
                    continue
                }
                endField()
                return finish(line: start)
            default:
                bytes.append(b)
            }
        }
    }

    func finish(line: Int) -> CSVItem {
        var out: [String] = []
        out.reserveCapacity(ends.count)
        var from = 0
        for (i, end) in ends.enumerated() {
            guard let s = Self.text(bytes[from..<end]) else {
                return .malformed(line: line, reason: "field \(i + 1) is not valid UTF-8")
            }
            out.append(s)
            from = end
        }
        return .record(line: line, fields: out)
    }

    /// A field's text, or nil when it is not valid UTF-8. `String(validating:as:)` runs the standard library's
    /// unspecialised generic validation (a tenth of an importing thread's samples, perf, a million rows); a field of
    /// ASCII bytes, most of them, is valid as it stands and is read by the UTF-8 fast path.
    static func text(_ field: ArraySlice<UInt8>) -> String? {
        field.withUnsafeBufferPointer { buffer in
            var high: UInt8 = 0
            for b in buffer { high |= b }
            if high < 0x80 { return String(decoding: buffer, as: UTF8.self) }
            return String(validating: buffer, as: UTF8.self)
        }
    }
}
