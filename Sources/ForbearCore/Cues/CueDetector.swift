/// A phrase in a text that suggests a vulnerability, with where it is and why.
public struct CueMatch: Sendable, Hashable, Codable {
    public var ruleId: String
    public var characteristic: VulnerabilityCharacteristic
    public var driver: VulnerabilityDriver { characteristic.driver }
    /// The words as they stand in the text.
    public var phrase: String
    /// Position of the phrase in the text, in characters from the start.
    public var offset: Int
    public var length: Int
    /// Suggests a risk to life: escalate urgently.
    public var urgent: Bool
    /// A negator stands just before the phrase in the same clause ("I'm not ill").
    public var negated: Bool
}

/// What the detector found in one text. Suggestions only: a person decides.
public struct CueReport: Sendable, Hashable, Codable {
    public var language: Language
    /// Phrases to show as suggestions.
    public var suggestions: [CueMatch]
    /// Phrases found but negated; shown apart, never escalated.
    public var negated: [CueMatch]

    public var isUrgent: Bool { suggestions.contains(where: \.urgent) }
    public var drivers: Set<VulnerabilityDriver> { Set(suggestions.map(\.driver)) }
}

/// An explainable detector of vulnerability cues in customer messages and staff notes, for en, nl, fi, da and it.
/// Every suggestion names the rule and the matched words; nothing is decided here.
public struct CueDetector: Sendable {
    struct Compiled: Sendable {
        var lexicon: CueLexicon
        var patterns: [(CueLexicon.Cue, [PatternToken])]
        var negators: Set<String>
        var breakers: Set<String>
    }

    let compiled: [Language: Compiled]

    public init(lexicons: [CueLexicon]) {
        var c: [Language: Compiled] = [:]
        for l in lexicons {
            c[l.language] = Compiled(
                lexicon: l, patterns: l.cues.map { ($0, PatternToken.compile($0.pattern)) },
                negators: Set(l.negators.map { $0.lowercased() }),
                breakers: Set(l.clauseBreakers.map { $0.lowercased() }))
        }
        compiled = c
    }

    public static func bundled() throws -> CueDetector {
        let lexicons = try BundledData.jsonFiles(in: "Cues").map { try BundledData.decode(CueLexicon.self, from: $0) }
        return CueDetector(lexicons: lexicons)
    }

    public var languages: [Language] { compiled.keys.sorted { $0.rawValue < $1.rawValue } }

    public func scan(_ text: String, language: Language) -> CueReport {
        guard let c = compiled[language] else { return CueReport(language: language, suggestions: [], negated: []) }
        let tokens = Tokenizer.tokens(text, breakers: c.breakers)
        var found: [CueMatch] = []
        for (cue, pattern) in c.patterns {
            var i = 0
            while i < tokens.count {
                if let end = match(pattern, 0, tokens, i, clause: tokens[i].clause) {
                    let first = tokens[i]
                    let last = tokens[end - 1]
                    let negated = isNegated(tokens, before: i, c)
                    found.append(
                        CueMatch(
                            ruleId: cue.id, characteristic: cue.characteristic,
                            phrase: String(Array(text)[first.start..<last.end]), offset: first.start,
                            length: last.end - first.start, urgent: cue.urgent ?? false, negated: negated))
                    i = end
                } else {
                    i += 1
                }
            }
        }
        found = Self.dropContained(found)
        return CueReport(
            language: language, suggestions: found.filter { !$0.negated }, negated: found.filter(\.negated))
    }

    /// Matches pattern[p...] against tokens from t; returns the index after the last token matched.
    func match(_ pattern: [PatternToken], _ p: Int, _ tokens: [Token], _ t: Int, clause: Int) -> Int? {
        if p == pattern.count { return t }
        if case .optional = pattern[p], let skip = match(pattern, p + 1, tokens, t, clause: clause) {
            if t < tokens.count, tokens[t].clause == clause, pattern[p].matches(tokens[t].word),
                let taken = match(pattern, p + 1, tokens, t + 1, clause: clause)
            {
                return taken
            }
            return skip
        }
        guard t < tokens.count, tokens[t].clause == clause, pattern[p].matches(tokens[t].word) else { return nil }
        return match(pattern, p + 1, tokens, t + 1, clause: clause)
    }

    func isNegated(_ tokens: [Token], before i: Int, _ c: Compiled) -> Bool {
        let clause = tokens[i].clause
        var j = i - 1
        while j >= 0, i - j <= c.lexicon.negationWindow, tokens[j].clause == clause {
            if c.negators.contains(tokens[j].word) { return true }
            j -= 1
        }
        return false
    }

    /// Where one match lies inside another of the same meaning, keep the longer; keep both when one is urgent and
    /// the other is not, so a risk phrase is never hidden behind a milder reading of the same words.
    static func dropContained(_ matches: [CueMatch]) -> [CueMatch] {
        matches.filter { m in
            !matches.contains { o in
                o != m && o.urgent == m.urgent && o.offset <= m.offset && o.offset + o.length >= m.offset + m.length
                    && (o.length > m.length || (o.length == m.length && o.ruleId < m.ruleId))
            }
        }.sorted { ($0.offset, $0.ruleId) < ($1.offset, $1.ruleId) }
    }
}

struct Token: Sendable {
    var word: String
    var start: Int
    var end: Int
    var clause: Int
}

enum Tokenizer {
    /// Lower-cased words with their character positions and clause numbers. Letters, digits and inner apostrophes
    /// make words; sentence punctuation and clause-breaking words start a new clause.
    static func tokens(_ text: String, breakers: Set<String>) -> [Token] {
        var out: [Token] = []
        var clause = 0
        var current = ""
        var start = 0
        let chars = Array(text)
        func flush(_ end: Int) {
            guard !current.isEmpty else { return }
            while current.hasSuffix("'") { current.removeLast() }
            if breakers.contains(current) {
                clause += 1
            } else if !current.isEmpty {
                out.append(Token(word: current, start: start, end: start + current.count, clause: clause))
            }
            current = ""
        }
        for (i, ch) in chars.enumerated() {
            let c: Character = ch == "\u{2019}" ? "'" : ch
            if c.isLetter || c.isNumber || (c == "'" && !current.isEmpty)
                || (c == "-" && !current.isEmpty && i + 1 < chars.count && chars[i + 1].isLetter)
            {
                if current.isEmpty { start = i }
                current += c.lowercased()
            } else {
                flush(i)
                if ".,;:!?()\"…\n".contains(c) { clause += 1 }
            }
        }
        flush(chars.count)
        return out
    }
}
