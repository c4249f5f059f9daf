import ForbearCore

/// A letter filled in: the content the PDF and the email are made from, and what the lint needs to check it.
public struct RenderedLetter: Sendable {
    public var templateId: String
    public var language: Language
    public var version: String
    public var type: LetterType
    public var content: LetterContent
    /// The mandatory-element ids the template marked with `@`.
    public var markers: Set<String>
    /// The sender line shown through the envelope window.
    public var window: String
    public var data: LetterData

    public var style: LetterStyle { data.largePrint ? .largePrint : .standard }

    /// All the words on the page, for checks that look for a value anywhere in the letter.
    public var fullText: String {
        var parts = [content.title, window] + content.recipient + content.references.map { "\($0.label) \($0.value)" }
        for block in content.blocks {
            switch block {
            case .heading(let t), .paragraph(let t): parts.append(t)
            case .bullets(let items): parts += items
            case .amounts(let rows): parts += rows.map { "\($0.label) \($0.value)" }
            }
        }
        parts.append(content.footer)
        return parts.joined(separator: "\n")
    }

    public func pdf() -> (bytes: [UInt8], pages: Int) { LetterPDF.render(content, style: style) }
}

public enum RenderError: Error, Sendable, CustomStringConvertible, Equatable {
    case noTemplate(id: String, language: Language)

    public var description: String {
        switch self {
        case .noTemplate(let id, let language):
            return "no template \(id) in \(language.rawValue), the country's languages or English"
        }
    }
}

/// Fills templates with a case's letter data.
public struct LetterRenderer: Sendable {
    public var library: TemplateLibrary
    public var packs: RulePackLibrary

    public init(library: TemplateLibrary, packs: RulePackLibrary) {
        self.library = library
        self.packs = packs
    }

    /// Renders the letter `data.templateId` in the customer's language (or the nearest one the library has).
    public func render(_ data: LetterData) throws -> RenderedLetter {
        guard
            let template = library.template(
                data.templateId, preferring: data.language, country: data.country, packs: packs)
        else { throw RenderError.noTemplate(id: data.templateId, language: data.language) }
        var data = data
        data.language = template.language
        return render(data, with: template)
    }

    /// Renders with a given template (the lint uses this for templates not yet in the library).
    public func render(_ data: LetterData, with template: LetterTemplate) -> RenderedLetter {
        let context = data.context
        let lang = template.language
        let mustache = library.library(lang, easyRead: data.easyRead)
        let parsed = LetterMarkup.parse(template.body.render(context, library: mustache))
        var window = template.window.render(context, library: mustache).trimmingWhitespace()
        // Wording the country requires on the envelope ("Private and confidential" in the UK) is never left to a
        // template.
        for required in packs.latest(for: data.country)?.envelope.value?.requiredWording ?? [] {
            window = required + " \u{00B7} " + window
        }
        func label(_ key: String) -> String { library.string(key, lang) }
        var recipient: [String]
        if let copy = data.copyFor {
            recipient = [copy.name] + copy.addressLines
        } else {
            recipient = [data.customer.name] + data.customer.addressLines
        }
        recipient = recipient.filter { !$0.isEmpty }
        var references = [
            LetterContent.Row(label("date"), LetterFormat.date(data.date, lang)),
            LetterContent.Row(label("caseNumber"), String(data.caseNumber)),
            LetterContent.Row(label("reference"), data.paymentReference.printed),
        ]
        if let copy = data.copyFor {
            references.append(LetterContent.Row(label("copy"), label("copyFor").replacing("{name}", with: copy.name)))
        }
        let c = data.collector.party
        let footer = ([c.name] + c.addressLines.prefix(2) + [c.phone, data.collector.portal].compactMap { $0 })
            .joined(separator: " \u{00B7} ")
        let content = LetterContent(
            returnAddress: window, recipient: recipient, references: references, title: parsed.title,
            blocks: parsed.blocks, footer: footer, pageLabel: label("page"))
        return RenderedLetter(
            templateId: template.id, language: lang, version: template.version, type: template.type,
            content: content, markers: parsed.markers, window: window, data: data)
    }
}
