import ForbearCore
import Foundation
import Testing

@testable import ForbearLetters

@Suite struct LetterRenderTests {
    /// Whitespace of any kind (line breaks, no-break spaces) as one space, so a value broken across lines matches.
    static func flat(_ text: String) -> String {
        text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    @Test(arguments: [Language.en, .nl, .fi, .da, .it])
    func everyTemplateRendersWithItsMandatoryContent(language: Language) throws {
        let letters = try Letters.load()
        let renderer = LetterRenderer(library: letters.library, packs: letters.packs)
        let keep = ProcessInfo.processInfo.environment["FORBEAR_LETTER_SAMPLES"]
        for id in TemplateLintTests.templateIds {
            for pack in letters.lint.countries(using: id) {
                // given a case of this country, written in this language
                let data = LintSamples.data(
                    templateId: id, country: pack.country, language: language, pack: pack,
                    signposts: letters.signposts)
                // when the letter is rendered to PDF
                let letter = try renderer.render(data)
                #expect(letter.language == language)
                let pdf = letter.pdf()
                if let keep {
                    try Data(pdf.bytes).write(
                        to: URL(fileURLWithPath: "\(keep)/\(id).\(language.rawValue).\(pack.country.rawValue).pdf"))
                }
                // then qpdf accepts it and the page shows the reference and every mandatory element's values
                let text = Self.flat(try checkedText(pdf.bytes, name: "\(id)-\(language.rawValue)"))
                let name = "\(id).\(language.rawValue) [\(pack.country.rawValue)]"
                #expect(text.contains(Self.flat(data.paymentReference.printed)), "\(name): reference")
                #expect(text.contains(data.customer.name), "\(name): recipient")
                let required =
                    letter.type == .demand ? (pack.mandatoryLetterElements.value ?? []) : LetterElement.noticeElements
                for element in required {
                    for value in LetterElement.all[element]!.values(data) {
                        #expect(text.contains(Self.flat(value)), "\(name): \(element) shows \(value)")
                    }
                }
                if letter.type == .demand {
                    #expect(text.contains(Self.flat(LetterFormat.money(data.total, language))), "\(name): total")
                    #expect(text.contains(Self.flat(LetterFormat.date(data.deadline!, language))), "\(name): deadline")
                }
            }
        }
    }

    @Test func aMissingLanguageFallsBackToTheCountrysOwnThenEnglish() throws {
        let letters = try Letters.load()
        let renderer = LetterRenderer(library: letters.library, packs: letters.packs)
        let fi = letters.packs.latest(for: .FI)!
        let be = letters.packs.latest(for: .BE)!
        // Swedish (a Finnish national language) has no templates: the Finnish letter goes out.
        var data = LintSamples.data(
            templateId: "reminder", country: .FI, language: .sv, pack: fi, signposts: letters.signposts)
        #expect(try renderer.render(data).language == .fi)
        // French in Belgium: Dutch, Belgium's first language in its rule pack.
        data = LintSamples.data(
            templateId: "reminder", country: .BE, language: .fr, pack: be, signposts: letters.signposts)
        #expect(try renderer.render(data).language == .nl)
    }

    @Test func adjustmentsChangeTheLetter() throws {
        let letters = try Letters.load()
        let renderer = LetterRenderer(library: letters.library, packs: letters.packs)
        let pack = letters.packs.latest(for: .NL)!
        var data = LintSamples.data(
            templateId: "demand", country: .NL, language: .nl, pack: pack, signposts: letters.signposts)
        let standard = try renderer.render(data)
        data.largePrint = true
        data.easyRead = true
        let adjusted = try renderer.render(data)
        // Large print takes more pages; easy read is a different, shorter text with the same amounts.
        #expect(adjusted.pdf().pages > standard.pdf().pages)
        #expect(adjusted.fullText.contains("Zo betaalt u"))
        #expect(adjusted.fullText != standard.fullText)
        #expect(adjusted.fullText.contains(LetterFormat.money(data.total, .nl)))
        // A copy for a representative goes to them and says whose letter it is.
        data.copyFor = LetterParty(name: "Pieter Jansen", addressLines: ["Stationsplein 1", "3511 ED Utrecht"])
        let copy = try renderer.render(data)
        #expect(copy.content.recipient.first == "Pieter Jansen")
        #expect(copy.content.references.contains { $0.value == "Kopie voor Pieter Jansen" })
    }

    @Test func theUKWindowSaysPrivateAndConfidential() throws {
        let letters = try Letters.load()
        let renderer = LetterRenderer(library: letters.library, packs: letters.packs)
        let data = LintSamples.data(
            templateId: "reminder", country: .GB, language: .en, pack: letters.packs.latest(for: .GB)!,
            signposts: letters.signposts)
        #expect(try renderer.render(data).window.hasPrefix("Private and confidential"))
    }
}
