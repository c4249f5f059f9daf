import ForbearCore

/// Published readability formulas, one per language, over the prose of a letter.
public enum ReadabilityFormula: String, Sendable, Codable, Hashable {
    /// Flesch reading ease (Flesch 1948): 206.835 − 1.015 × words/sentence − 84.6 × syllables/word. Higher is easier.
    case flesch
    /// Flesch–Douma for Dutch (Douma 1960): 206.835 − 0.93 × words/sentence − 77 × syllables/word. Higher is easier.
    case fleschDouma
    /// LIX (Björnsson 1968), used for Swedish, Danish and Finnish: words/sentence + 100 × long words (> 6
    /// letters)/words. Lower is easier.
    case lix
    /// Gulpease index for Italian (Lucisano and Piemontese 1988): 89 + (300 × sentences − 10 × letters)/words.
    /// Higher is easier.
    case gulpease

    public var name: String {
        switch self {
        case .flesch: return "Flesch reading ease"
        case .fleschDouma: return "Flesch-Douma"
        case .lix: return "LIX"
        case .gulpease: return "Gulpease"
        }
    }

    /// True when a higher score means easier text.
    public var higherIsEasier: Bool { self != .lix }
}

/// Counts over prose: sentences, words, letters, syllables, long words.
public struct TextStatistics: Sendable, Equatable {
    public var sentences: [[String]] = []

    public init(units: [String]) {
        for unit in units { sentences += Self.sentences(in: unit) }
    }

    public var sentenceCount: Int { sentences.count }
    public var words: [String] { sentences.flatMap { $0 } }

    /// Splits at . ! ? followed by a space or the end; a heading or bullet without a full stop is a sentence too.
    static func sentences(in text: String) -> [[String]] {
        var out: [[String]] = []
        var current: [String] = []
        for token in text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }) {
            let word = Self.word(token)
            if !word.isEmpty { current.append(word) }
            if let last = token.last, last == "." || last == "!" || last == "?" || last == ":",
                !(token.count > 1 && token.dropLast().allSatisfy { $0.isNumber || $0 == "." })
            {
                if !current.isEmpty { out.append(current) }
                current = []
            }
        }
        if !current.isEmpty { out.append(current) }
        return out
    }

    /// A token without its surrounding punctuation; empty when it holds no letter or digit.
    static func word(_ token: Substring) -> String {
        let trimmed = token.drop { !$0.isLetter && !$0.isNumber }.reversed().drop { !$0.isLetter && !$0.isNumber }
        return String(trimmed.reversed())
    }

    public func score(_ formula: ReadabilityFormula) -> Double {
        let words = self.words
        guard !words.isEmpty, sentenceCount > 0 else { return formula.higherIsEasier ? 100 : 0 }
        let w = Double(words.count)
        let s = Double(sentenceCount)
        switch formula {
        case .flesch:
            let syllables = Double(words.reduce(0) { $0 + Self.syllables($1, dutch: false) })
            return 206.835 - 1.015 * (w / s) - 84.6 * (syllables / w)
        case .fleschDouma:
            let syllables = Double(words.reduce(0) { $0 + Self.syllables($1, dutch: true) })
            return 206.835 - 0.93 * (w / s) - 77 * (syllables / w)
        case .lix:
            let long = Double(words.filter { $0.filter(\.isLetter).count > 6 }.count)
            return w / s + 100 * long / w
        case .gulpease:
            let letters = Double(words.reduce(0) { $0 + $1.filter { $0.isLetter || $0.isNumber }.count })
            return 89 + (300 * s - 10 * letters) / w
        }
    }

    /// Vowel groups, the usual approximation; English drops a silent final "e". A number counts as one.
    static func syllables(_ word: String, dutch: Bool) -> Int {
        let lower = word.lowercased()
        guard lower.contains(where: \.isLetter) else { return 1 }
        let vowels: Set<Character> = ["a", "e", "i", "o", "u", "y", "à", "á", "è", "é", "ë", "ï", "ö", "ü", "ó", "ò"]
        var count = 0
        var previousVowel = false
        for ch in lower {
            let isVowel = vowels.contains(ch)
            if isVowel && !previousVowel { count += 1 }
            previousVowel = isVowel
        }
        if !dutch, lower.hasSuffix("e"), !lower.hasSuffix("le"), count > 1 { count -= 1 }
        return max(1, count)
    }
}
