import ForbearCore
import Foundation

/// One thing the lint found, as one line: severity, template and language, country, rule, and how to fix it.
public struct LintFinding: Sendable, Hashable, CustomStringConvertible {
    public enum Severity: String, Sendable, Hashable, Comparable {
        case error, warning, info

        public static func < (a: Self, b: Self) -> Bool { a.rank < b.rank }
        var rank: Int { self == .error ? 0 : self == .warning ? 1 : 2 }
    }

    public var severity: Severity
    /// "demand.fi", "demand.fi (easy read)".
    public var template: String
    public var country: Country?
    public var rule: String
    public var message: String
    public var fix: String?

    public var description: String {
        let pad = severity.rawValue.padding(toLength: 7, withPad: " ", startingAt: 0)
        let where_ = country.map { " [\($0.rawValue)]" } ?? ""
        return "\(pad) \(template)\(where_) \(rule): \(message)" + (fix.map { " (fix: \($0))" } ?? "")
    }
}

/// Checks letters against the law and plain language: the country's mandatory elements, a readability score per
/// language, sentence length, threatening or shaming phrases, characters the PDF fonts cannot print, and debt
/// wording in the envelope window where the country forbids it.
public struct LetterLint: Sendable {
    public var rules: LintRules
    public var packs: RulePackLibrary
    public var signposts: SignpostDirectory

    public init(rules: LintRules, packs: RulePackLibrary, signposts: SignpostDirectory) {
        self.rules = rules
        self.packs = packs
        self.signposts = signposts
    }

    /// Every template of a library, each filled with a sample case of every country that uses it.
    public func lint(_ library: TemplateLibrary) -> [LintFinding] {
        var out: [LintFinding] = []
        for template in library.templates.values.sorted(by: {
            ($0.id, $0.language.rawValue) < ($1.id, $1.language.rawValue)
        }) {
            out += lint(template, in: library)
        }
        return out
    }

    /// The countries whose letters use a template: those with a step of that kind, or every country for notices.
    public func countries(using templateId: String) -> [RulePack] {
        let all = Country.allCases.compactMap { packs.latest(for: $0) }
        if StepKind(rawValue: templateId) != nil {
            return all.filter { $0.steps.contains { $0.kind.rawValue == templateId } }
        }
        return all
    }

    public func lint(_ template: LetterTemplate, in library: TemplateLibrary) -> [LintFinding] {
        var seen = Set<String>()
        var out: [LintFinding] = []
        let renderer = LetterRenderer(library: library, packs: packs)
        // The easy-read variant swaps the shared body for its easy-read version; a template without the body has none.
        let hasEasy = library.partials[template.language]?["body-easy"] != nil && template.text.contains("{{> body}}")
        let variants = hasEasy ? [false, true] : [false]
        for easy in variants {
            let name = "\(template.id).\(template.language.rawValue)" + (easy ? " (easy read)" : "")
            for pack in countries(using: template.id) {
                let data = LintSamples.data(
                    templateId: template.id, country: pack.country, language: template.language, pack: pack,
                    signposts: signposts, easyRead: easy)
                let letter = renderer.render(data, with: template)
                for f in check(letter, pack: pack, name: name) {
                    if f.rule == "readability",
                        let i = out.firstIndex(where: { $0.rule == "readability" && $0.template == name })
                    {
                        // One score per template and variant: the first sample case that fails, else the first.
                        if out[i].severity == .info && f.severity != .info { out[i] = f }
                        continue
                    }
                    let key = "\(f.country?.rawValue ?? "")|\(f.rule)|\(f.message)"
                    guard seen.insert(key).inserted else { continue }
                    out.append(f)
                }
            }
        }
        return out
    }

    /// The checks on one rendered letter; the print run uses the same checks on every real letter.
    public func check(_ letter: RenderedLetter, pack: RulePack, name: String? = nil) -> [LintFinding] {
        let name = name ?? "\(letter.templateId).\(letter.language.rawValue)"
        var out: [LintFinding] = []
        func add(_ s: LintFinding.Severity, _ rule: String, _ message: String, fix: String? = nil, country: Bool = true)
        {
            out.append(
                LintFinding(
                    severity: s, template: name, country: country ? pack.country : nil, rule: rule, message: message,
                    fix: fix))
        }
        if letter.content.title.isEmpty {
            add(.error, "layout.title", "the letter has no title", fix: "start the body with a \"# \" line")
        }
        // Mandatory elements.
        let required =
            letter.type == .demand ? (pack.mandatoryLetterElements.value ?? []) : LetterElement.noticeElements
        let text = letter.fullText
        for id in required {
            guard let element = LetterElement.all[id] else {
                add(.warning, "mandatory.\(id)", "the rule pack names an element the lint does not know")
                continue
            }
            let absent = element.values(letter.data).filter { !text.contains($0) }
            if element.needsMark && !letter.markers.contains(id) || !absent.isEmpty {
                let detail =
                    absent.isEmpty
                    ? "" : " (not on the page: \(absent.joined(separator: ", ").replacing("\u{1}", with: "")))"
                add(.error, "mandatory.\(id)", element.missing + detail, fix: element.fix)
            }
        }
        // Envelope window.
        if let envelope = pack.envelope.value {
            if envelope.noDebtWording {
                let words = rules.envelopeWords.values.flatMap { $0 }
                for hit in LintRules.matches(words, in: letter.window) {
                    add(
                        .error, "envelope.debtWording",
                        "\"\(hit)\" shows through the envelope window; \(pack.country.rawValue) forbids debt wording on the envelope",
                        fix: "use a neutral sender line in window: (e.g. {{collector.windowName}})")
                }
            }
            for required in envelope.requiredWording ?? [] where !letter.window.contains(required) {
                add(.error, "envelope.requiredWording", "the window must show \"\(required)\"")
            }
        }
        // Characters the fonts cannot print.
        let missing = WinAnsi.encode(text).missing
        if !missing.isEmpty {
            add(
                .error, "font.characters",
                "these characters cannot be printed in the letter fonts: \(String(missing))",
                fix: "use a character from Windows-1252", country: false)
        }
        out += proseChecks(letter, name: name)
        return out
    }

    /// Sentence length, threats and readability: the words of the letter, not its values.
    func proseChecks(_ letter: RenderedLetter, name: String) -> [LintFinding] {
        var out: [LintFinding] = []
        func add(_ s: LintFinding.Severity, _ rule: String, _ message: String, fix: String? = nil) {
            out.append(LintFinding(severity: s, template: name, country: nil, rule: rule, message: message, fix: fix))
        }
        var units = [letter.content.title]
        for block in letter.content.blocks {
            switch block {
            case .heading(let t), .paragraph(let t): units.append(t)
            case .bullets(let items): units += items
            case .amounts: break
            }
        }
        let stats = TextStatistics(units: units)
        for sentence in stats.sentences {
            let start = sentence.prefix(6).joined(separator: " ")
            if sentence.count > rules.sentenceWords.error {
                add(
                    .error, "sentence.length",
                    "a sentence of \(sentence.count) words (limit \(rules.sentenceWords.error)): \"\(start) …\"",
                    fix: "split it into sentences of at most \(rules.sentenceWords.warning) words")
            } else if sentence.count > rules.sentenceWords.warning {
                add(
                    .warning, "sentence.length",
                    "a sentence of \(sentence.count) words (aim for \(rules.sentenceWords.warning) or fewer): \"\(start) …\"",
                    fix: "split it in two")
            }
        }
        let lang = letter.language.rawValue
        for hit in LintRules.matches(rules.threats[lang] ?? [], in: units.joined(separator: "\n")) {
            add(
                .error, "threat", "\"\(hit)\" threatens or shames the customer",
                fix: "state the consequence plainly, without pressure")
        }
        if let r = rules.readability[lang] {
            let score = stats.score(r.formula)
            let limit = r.threshold(letter.type, easyRead: letter.data.easyRead)
            let ok = r.formula.higherIsEasier ? score >= limit : score <= limit
            let shown = (score * 10).rounded() / 10
            let relation = r.formula.higherIsEasier ? "at least" : "at most"
            if ok {
                add(
                    .info, "readability",
                    "\(r.formula.name) \(shown) (\(relation) \(limit) for a \(letter.type.rawValue) letter)")
            } else {
                add(
                    .error, "readability",
                    "\(r.formula.name) \(shown) should be \(relation) \(limit) for a \(letter.type.rawValue) letter",
                    fix: "use shorter sentences and everyday words")
            }
        } else {
            add(.warning, "readability", "no readability formula is set for \(lang)")
        }
        return out
    }
}
