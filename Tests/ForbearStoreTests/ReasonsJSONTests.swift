import ForbearCore
import Foundation
import Testing

@testable import ForbearStore

@Suite struct ReasonsJSONTests {
    @Test func theDirectWriterMatchesTheGenericEncoderByteForByte() throws {
        // given reasons with every character JSON must escape, accents, an emoji, and with and without a date
        var rng = SystemRandomNumberGenerator()
        let alphabet = Array("aé€ \"\\/\n\r\t\u{01}\u{1F}\u{08}\u{0C}😀§Øx1")
        func text() -> String {
            String((0..<Int.random(in: 0...12, using: &rng)).map { _ in alphabet.randomElement()! })
        }
        for _ in 0..<300 {
            let reasons = (0..<Int.random(in: 0...3)).map { _ in
                Reason(
                    ruleId: text(), legalBasis: text(), text: text(),
                    nextPossibleAction: Bool.random() ? LocalDate(iso: "2026-02-28") : nil)
            }
            // when / then
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            let generic = String(decoding: try encoder.encode(reasons), as: UTF8.self)
            #expect(ReasonsJSON.encode(reasons) == generic)
        }
    }
}
