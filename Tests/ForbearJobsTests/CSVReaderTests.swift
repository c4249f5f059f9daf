import ForbearCore
import ForbearJobs
import Foundation
import Testing

/// The reader copies runs of plain bytes at once and reads ASCII fields by the fast path; these check that neither
/// changes what a file says, wherever its chunks happen to end.
@Suite struct CSVReaderTests {
    /// Hands out the bytes in chunks of the given sizes, in turn.
    struct ChunkedSource: ByteSource {
        var bytes: ArraySlice<UInt8>
        var sizes: [Int]
        var turn = 0

        mutating func nextChunk() throws -> [UInt8]? {
            guard !bytes.isEmpty else { return nil }
            let n = min(sizes[turn % sizes.count], bytes.count)
            turn += 1
            defer { bytes = bytes.dropFirst(n) }
            return Array(bytes.prefix(n))
        }
    }

    func read(_ bytes: [UInt8], chunks sizes: [Int]) throws -> [CSVItem] {
        var reader = CSVReader(ChunkedSource(bytes: bytes[...], sizes: sizes))
        var items: [CSVItem] = []
        while let item = try reader.next() { items.append(item) }
        return items
    }

    @Test func randomRecordsReadBackTheSameWhateverTheChunks() throws {
        // given random records of fields with commas, quotes, line breaks, spaces and non-ASCII letters
        var rng = SplitMix64(seed: 20_261_124)
        let alphabet = Array("ab Z09,\"\n\r.-äøéÅ€") + ["\r\n"]
        for _ in 0..<200 {
            let records = (0..<Int.random(in: 1...6, using: &rng)).map { _ in
                (0..<Int.random(in: 1...5, using: &rng)).map { _ in
                    String((0..<Int.random(in: 0...12, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! })
                }
            }
            var text = Bool.random(using: &rng) ? "\u{FEFF}" : ""
            var expected: [CSVItem] = []
            for r in records {
                // a record of one empty field is an empty line, which the reader skips
                if r != [""] {
                    expected.append(.record(line: 1 + text.utf8.count { $0 == UInt8(ascii: "\n") }, fields: r))
                }
                text += r.map(CSVField.quote).joined(separator: ",") + (Bool.random(using: &rng) ? "\r\n" : "\n")
            }
            let sizes = (0..<3).map { _ in Int.random(in: 1...9, using: &rng) }
            // when
            let items = try read(Array(text.utf8), chunks: sizes)
            // then every field comes back as written, with the line its record starts on
            #expect(items == expected, "chunks \(sizes) of \(text.debugDescription)")
        }
    }

    @Test func aFieldThatIsNotUTF8MakesOnlyItsRecordMalformed() throws {
        // given a record whose third field holds a lone continuation byte, one with a cut-off two-byte letter, and
        // good records around them
        var bytes = Array("a,b,c\nx,y,".utf8) + [0x80] + Array("z\nKøbenhavn,".utf8) + [0xC3]
        bytes += Array("\nÄä,ok,\"q,\"\"\"\n".utf8)
        for sizes in [[1], [2, 3], [4096]] {
            // when
            let items = try read(bytes, chunks: sizes)
            // then
            #expect(
                items == [
                    .record(line: 1, fields: ["a", "b", "c"]),
                    .malformed(line: 2, reason: "field 3 is not valid UTF-8"),
                    .malformed(line: 3, reason: "field 2 is not valid UTF-8"),
                    .record(line: 4, fields: ["Ää", "ok", "q,\""]),
                ])
        }
    }
}
