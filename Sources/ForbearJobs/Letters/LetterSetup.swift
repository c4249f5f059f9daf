import ForbearCore
import ForbearLetters
import Foundation

/// Loads the templates Forbear writes with: the shipped set, and an operator's folder over it. Every template is
/// linted on load; an operator's template with an error is refused (the shipped one stays in use), so a bad
/// template never reaches a customer.
public struct LetterSetup: Sendable {
    public var library: TemplateLibrary
    public var lint: LetterLint
    /// What the lint found in every template loaded (an error in an operator's template means it was refused).
    public var findings: [LintFinding]
    public var refused: [String]

    public var renderer: LetterRenderer { LetterRenderer(library: library, packs: lint.packs) }

    public static func load(templates: URL?, packs: RulePackLibrary, signposts: SignpostDirectory) throws -> LetterSetup
    {
        let shipped = try TemplateLibrary.shipped()
        let lint = LetterLint(rules: try LintRules.shipped(), packs: packs, signposts: signposts)
        var candidate = shipped
        if let templates { try candidate.add(directory: templates, source: templates.path) }
        let findings = lint.lint(candidate)
        let failing = Set(findings.filter { $0.severity == .error }.map { $0.template.split(separator: " ")[0] })
        var library = candidate
        var refused: [String] = []
        for name in failing.sorted() {
            let parts = name.split(separator: ".")
            guard parts.count == 2, let language = Language(rawValue: String(parts[1])),
                let t = candidate.template(String(parts[0]), language: language)
            else { continue }
            if t.source.hasPrefix("shipped:") {
                guard templates != nil else { continue }  // nothing to fall back to; the findings say it
                // The operator's partials or strings broke a shipped template: keep the shipped set whole.
                return LetterSetup(library: shipped, lint: lint, findings: findings, refused: ["all (\(name))"])
            }
            refused.append(String(name))
            if let original = shipped.template(t.id, language: language) {
                library.put(original)
            } else {
                library.remove(t.id, language: language)
            }
        }
        return LetterSetup(library: library, lint: lint, findings: findings, refused: refused)
    }
}
