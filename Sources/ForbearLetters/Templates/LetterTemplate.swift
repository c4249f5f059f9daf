import ForbearCore
import Mustache

/// What a template is for, which sets the lint's expectations: a demand-type letter asks for money and must carry
/// every element the country's law requires; a notice confirms or tells (plan, pause, dispute, paid in full).
public enum LetterType: String, Sendable, Codable, Hashable, CaseIterable {
    case demand, notice
}

/// One letter template in one language: Mustache text with named fields, in the letter markup
/// (`# title`, `## heading`, paragraphs, `- bullet`, `| label | amount`, `@ element ids`).
public struct LetterTemplate: Sendable {
    public var id: String
    public var language: Language
    public var version: String
    public var type: LetterType
    /// The sender line printed in the envelope window (Mustache).
    public var window: MustacheTemplate
    public var body: MustacheTemplate
    /// Where it was loaded from: "shipped" or the operator's file path.
    public var source: String
    public var text: String

    /// Parses a template file: a front matter block between `---` lines (version, type, window), then the body.
    public init(id: String, language: Language, text: String, source: String) throws {
        self.id = id
        self.language = language
        self.source = source
        self.text = text
        let (fields, body) = try Self.frontMatter(text, source: source)
        guard let version = fields["version"], !version.isEmpty else {
            throw TemplateError(source: source, message: "the front matter has no version")
        }
        guard let type = fields["type"].flatMap(LetterType.init(rawValue:)) else {
            throw TemplateError(source: source, message: "the front matter needs type: demand or type: notice")
        }
        self.version = version
        self.type = type
        do {
            window = try MustacheTemplate(string: Self.textPragma + (fields["window"] ?? "{{collector.windowName}}"))
            self.body = try MustacheTemplate(string: Self.textPragma + body)
        } catch {
            throw TemplateError(source: source, message: "the Mustache text does not parse (\(error))")
        }
    }

    /// Letters are plain text until the PDF or email writer escapes them for their format.
    static let textPragma = "{{% CONTENT_TYPE: TEXT}}"

    static func frontMatter(_ text: String, source: String) throws -> ([String: String], String) {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)[...]
        guard lines.first?.trimmingWhitespace() == "---" else {
            throw TemplateError(source: source, message: "a template starts with a --- front matter block")
        }
        lines = lines.dropFirst()
        var fields: [String: String] = [:]
        while let line = lines.first, line.trimmingWhitespace() != "---" {
            lines = lines.dropFirst()
            guard let colon = line.firstIndex(of: ":") else { continue }
            fields[String(line[..<colon]).trimmingWhitespace()] = String(line[line.index(after: colon)...])
                .trimmingWhitespace()
        }
        guard !lines.isEmpty else { throw TemplateError(source: source, message: "the front matter is not closed") }
        return (fields, lines.dropFirst().joined(separator: "\n"))
    }
}

public struct TemplateError: Error, Sendable, CustomStringConvertible {
    public var source: String
    public var message: String

    public var description: String { "\(source): \(message)" }
}

extension StringProtocol {
    /// The text without leading and trailing whitespace (the standard library has no trim).
    public func trimmingWhitespace() -> String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s = s.dropFirst() }
        while let l = s.last, l.isWhitespace { s = s.dropLast() }
        return String(s)
    }
}
