import ForbearCore
import Foundation

/// The letter lint's policy data: readability formula and thresholds per language and letter type, sentence
/// length limits, threatening or shaming phrases per language, and words that must not show on an envelope.
public struct LintRules: Sendable, Codable {
    public struct Readability: Sendable, Codable {
        public var formula: ReadabilityFormula
        public var demand: Double
        public var notice: Double
        public var easyRead: Double

        public func threshold(_ type: LetterType, easyRead: Bool) -> Double {
            easyRead ? self.easyRead : (type == .demand ? demand : notice)
        }
    }

    public struct SentenceWords: Sendable, Codable {
        public var warning: Int
        public var error: Int
    }

    public var readability: [String: Readability]
    public var sentenceWords: SentenceWords
    public var threats: [String: [String]]
    public var envelopeWords: [String: [String]]

    public static func shipped() throws -> LintRules {
        guard let url = Bundle.module.url(forResource: "lint", withExtension: "json", subdirectory: "Resources/Lint")
        else { throw TemplateError(source: "Resources/Lint/lint.json", message: "the lint rules are missing") }
        return try JSONDecoder().decode(LintRules.self, from: Data(contentsOf: url))
    }

    /// Whole-word, case-insensitive matches of `phrases` in `text`; a phrase of five letters or more also matches
    /// as the start of a word ("schaam" finds "schaamte").
    static func matches(_ phrases: [String], in text: String) -> [String] {
        let words = " " + normalized(text) + " "
        return phrases.filter { phrase in
            let p = normalized(phrase)
            return words.contains(" \(p) ") || (p.count >= 5 && words.contains(" \(p)"))
        }
    }

    /// Lower case, every run of non-letters one space.
    static func normalized(_ text: String) -> String {
        String(text.lowercased().map { $0.isLetter || $0.isNumber ? $0 : " " }).split(separator: " ")
            .joined(separator: " ")
    }
}
