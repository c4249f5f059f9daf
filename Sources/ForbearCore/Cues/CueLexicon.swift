/// The phrases that suggest vulnerability in one language, as data an operator can extend.
///
/// Pattern syntax: words separated by spaces; `word*` matches any ending (Finnish stems: `sairaal*` matches
/// sairaalassa, sairaalaan); `*word*` matches it inside a compound (`*leikkau*` in lonkkaleikkausta); `[word]` may be
/// left out; `_` is any one word.
public struct CueLexicon: Sendable, Hashable, Codable {
    public struct Cue: Sendable, Hashable, Codable {
        public var id: String
        public var pattern: String
        public var characteristic: VulnerabilityCharacteristic
        /// A phrase that suggests a risk to life: raise an urgent escalation.
        public var urgent: Bool?
    }

    public var language: Language
    public var status: RuleStatus
    public var note: String?
    public var negators: [String]
    /// Words that start a new clause ("but"): negation does not reach across them.
    public var clauseBreakers: [String]
    /// How many words before a phrase a negator may stand and still negate it.
    public var negationWindow: Int
    public var cues: [Cue]
}

/// One token of a compiled pattern.
enum PatternToken: Hashable, Sendable {
    case word(String)
    case prefix(String)
    case infix(String)
    case any
    indirect case optional(PatternToken)

    static func compile(_ pattern: String) -> [PatternToken] {
        pattern.lowercased().split(separator: " ").map { raw in
            var t = String(raw)
            var optional = false
            if t.hasPrefix("["), t.hasSuffix("]") {
                optional = true
                t = String(t.dropFirst().dropLast())
            }
            let token: PatternToken
            if t == "_" {
                token = .any
            } else if t.count > 2, t.hasPrefix("*"), t.hasSuffix("*") {
                token = .infix(String(t.dropFirst().dropLast()))
            } else if t.hasSuffix("*") {
                token = .prefix(String(t.dropLast()))
            } else {
                token = .word(t)
            }
            return optional ? .optional(token) : token
        }
    }

    /// Also tries the part after an elided article or preposition (Italian l'ADHD, dell'ospedale).
    func matches(_ word: String) -> Bool {
        if matchesWhole(word) { return true }
        if let cut = word.lastIndex(of: "'"), word.index(after: cut) < word.endIndex {
            return matchesWhole(String(word[word.index(after: cut)...]))
        }
        return false
    }

    private func matchesWhole(_ word: String) -> Bool {
        switch self {
        case .word(let w): return word == w
        case .prefix(let p): return word.hasPrefix(p)
        case .infix(let p): return word.contains(p)
        case .any: return true
        case .optional(let t): return t.matchesWhole(word)
        }
    }
}
