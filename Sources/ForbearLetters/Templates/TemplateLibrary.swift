import ForbearCore
import Foundation
import Mustache

/// The templates Forbear writes with: the shipped set (`Resources/Templates`), optionally overlaid by an operator's
/// directory of files with the same names, which add or replace templates without a rebuild.
///
/// Files are `<id>.<language>.mustache`; partials start with an underscore (`_body.fi.mustache`); `strings.json`
/// holds the few labels the layout prints itself (date, case number, page numbers), per language.
public struct TemplateLibrary: Sendable {
    public private(set) var templates: [String: LetterTemplate] = [:]
    /// Per language, the partials for the standard letter and for the easy-read variant (where `body` is the
    /// easy-read body).
    var partials: [Language: [String: String]] = [:]
    var libraries: [Language: (standard: MustacheLibrary, easy: MustacheLibrary)] = [:]
    public private(set) var strings: [String: [String: String]] = [:]

    static func key(_ id: String, _ language: Language) -> String { "\(id).\(language.rawValue)" }

    public var ids: [String] { Array(Set(templates.values.map(\.id))).sorted() }

    public func template(_ id: String, language: Language) -> LetterTemplate? {
        templates[Self.key(id, language)]
    }

    /// The template for a letter: in the customer's language, else the country's own languages, else English.
    public func template(_ id: String, preferring language: Language, country: Country, packs: RulePackLibrary)
        -> LetterTemplate?
    {
        let countryLanguages = packs.latest(for: country)?.languages.value ?? []
        for l in [language] + countryLanguages + [.en] {
            if let t = template(id, language: l) { return t }
        }
        return nil
    }

    /// A label the layout prints, in a language (falling back to English).
    public func string(_ key: String, _ language: Language) -> String {
        strings[language.rawValue]?[key] ?? strings["en"]?[key] ?? key
    }

    func library(_ language: Language, easyRead: Bool) -> MustacheLibrary? {
        libraries[language].map { easyRead ? $0.easy : $0.standard }
    }

    public static func shipped() throws -> TemplateLibrary {
        guard let url = Bundle.module.url(forResource: "Templates", withExtension: nil, subdirectory: "Resources")
        else { throw TemplateError(source: "Resources/Templates", message: "the shipped templates are missing") }
        var library = TemplateLibrary()
        try library.add(directory: url, source: nil)
        return library
    }

    /// Adds every template, partial and string file in a directory; a file replaces a loaded one of the same name.
    /// `source` nil marks the shipped set.
    public mutating func add(directory: URL, source: String?) throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        for name in names {
            let url = directory.appendingPathComponent(name)
            let origin = source.map { _ in url.path } ?? "shipped:\(name)"
            if name == "strings.json" {
                let decoded = try JSONDecoder().decode([String: [String: String]].self, from: Data(contentsOf: url))
                for (lang, table) in decoded { strings[lang, default: [:]].merge(table) { $1 } }
                continue
            }
            guard name.hasSuffix(".mustache") else { continue }
            let parts = name.dropLast(".mustache".count).split(separator: ".")
            guard parts.count == 2, let language = Language(rawValue: String(parts[1])) else {
                throw TemplateError(
                    source: origin, message: "name it <id>.<language>.mustache, e.g. demand.fi.mustache")
            }
            let text = try String(contentsOf: url, encoding: .utf8)
            if parts[0].hasPrefix("_") {
                partials[language, default: [:]][String(parts[0].dropFirst())] = text
            } else {
                let t = try LetterTemplate(id: String(parts[0]), language: language, text: text, source: origin)
                templates[Self.key(t.id, language)] = t
            }
        }
        try rebuildLibraries()
    }

    /// Replaces or adds one template (an operator's file that passed the lint).
    public mutating func put(_ template: LetterTemplate) {
        templates[Self.key(template.id, template.language)] = template
    }

    public mutating func remove(_ id: String, language: Language) {
        templates[Self.key(id, language)] = nil
    }

    mutating func rebuildLibraries() throws {
        libraries = [:]
        for (language, table) in partials {
            var standard = MustacheLibrary()
            var easy = MustacheLibrary()
            for (name, text) in table {
                let template = try MustacheTemplate(string: LetterTemplate.textPragma + text)
                standard.register(template, named: name)
                easy.register(template, named: name)
            }
            if let easyBody = table["body-easy"] {
                easy.register(try MustacheTemplate(string: LetterTemplate.textPragma + easyBody), named: "body")
            }
            libraries[language] = (standard, easy)
        }
    }
}
