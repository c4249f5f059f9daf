import ForbearTestSupport
import Foundation
import Testing

@testable import ForbearLetters

/// Writes the PDF, checks its structure with qpdf and returns its text as pdftotext reads it.
func checkedText(_ bytes: [UInt8], name: String) throws -> String {
    let path = NSTemporaryDirectory() + "forbear-\(name)-\(UUID().uuidString.prefix(6)).pdf"
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    defer { try? FileManager.default.removeItem(atPath: path) }
    let check = try run("qpdf", ["--check", path])
    #expect(check.status == 0, "qpdf --check: \(check.output) (CI installs qpdf and poppler-utils)")
    let text = try run("pdftotext", ["-enc", "UTF-8", path, "-"])
    #expect(text.status == 0, "pdftotext: \(text.output)")
    return text.output.replacingOccurrences(of: "\u{A0}", with: " ")
}

func sampleLetter(paragraphs: Int = 3) -> LetterContent {
    LetterContent(
        returnAddress: "Perintä Oy, PL 123, 00100 Helsinki",
        recipient: ["Aino Kärkkäinen", "Mäkitie 5 B 12", "90100 Oulu"],
        references: [.init("Päivämäärä", "23.11.2026"), .init("Viitenumero", "10016")],
        title: "Maksumuistutus: sähkölasku",
        blocks: [
            .paragraph("Hei Aino, sähkölaskusi (lasku 4471, Pohjolan Sähkö Oy) on vielä maksamatta."),
            .amounts([
                .init("Pääoma", "1\u{A0}234,56\u{A0}€"), .init("Korko", "12,40\u{A0}€"),
                .init("Perintäkulut", "5,00\u{A0}€"), .init("Yhteensä", "1\u{A0}251,96\u{A0}€"),
            ]),
            .heading("Mitä voit tehdä"),
            .bullets(["Maksa viimeistään 7.12.2026.", "Pyydä maksusuunnitelmaa.", "Kerro, jos tilanteesi on vaikea."]),
        ]
            + Array(
                repeating: .paragraph(
                    "Jos et voi maksaa nyt, ota yhteyttä: etsimme kanssasi ratkaisun, joka sopii tilanteeseesi. Æbleskiver, smørrebrød, perché, così."
                ), count: paragraphs),
        footer: "Perintä Oy · Y-tunnus 1234567-8 · puh. 09 123 4567", pageLabel: "Sivu {page}/{pages}")
}

@Suite struct PDFWriterTests {
    @Test func winAnsiCoversTheLettersOfTheFiveLanguagesAndTheEuro() {
        let (bytes, missing) = WinAnsi.encode("åäöæøéèìòù€ÅÄÖÆØ")
        #expect(
            bytes == [0xE5, 0xE4, 0xF6, 0xE6, 0xF8, 0xE9, 0xE8, 0xEC, 0xF2, 0xF9, 0x80, 0xC5, 0xC4, 0xD6, 0xC6, 0xD8])
        #expect(missing.isEmpty)
        let decomposed = WinAnsi.encode("e\u{301}")
        #expect(decomposed.bytes == [0xE9], "a decomposed é is composed before encoding")
        let outside = WinAnsi.encode("Győr")
        #expect(outside.bytes == Array("Gy?r".utf8) && outside.missing == ["ő"], "reported, not silently dropped")
    }

    @Test func linesNeverRunPastTheMarginAndKeepEveryWord() {
        let text =
            String(repeating: "Maksusuunnitelma sopii tilanteeseesi, kun erät ovat kohtuullisia. ", count: 20)
            + "Pitkäsanaisuusluokittelujärjestelmäkehittämisprojektisuunnitelmaluonnos"
        for (size, width) in [(10.5, 450.0), (16.0, 450.0), (10.5, 60.0)] {
            let lines = LineBreaker.lines(text, font: .regular, size: size, width: width)
            for line in lines { #expect(PDFFont.regular.width(line, size: size) <= width + 0.001) }
            let joined = lines.map { String(decoding: $0, as: UTF8.self) }.joined()
            #expect(
                joined.filter { $0 != " " }.count == WinAnsi.encode(text).bytes.filter { $0 != 0x20 }.count,
                "no character is lost at size \(size), width \(width)")
        }
    }

    @Test func widthTablesHoldHelveticasWidthsAtTheirWinAnsiCodes() {
        // Helvetica's widths: space 278, a 556, W 944, ä 556, € 556; Bold: a 556, W 944, ø 611. Checks that the
        // generator put each glyph at its Windows-1252 code (€ at 0x80, ä at 0xE4, ø at 0xF8).
        #expect(PDFFont.regular.width([0x20, 0x61, 0x57, 0xE4, 0x80], size: 1000) == 278 + 556 + 944 + 556 + 556)
        #expect(PDFFont.bold.width([0x61, 0x57, 0xF8], size: 1000) == 556 + 944 + 611)
    }

    @Test func aLetterIsAValidPDFWithItsTextPageNumbersAndTheSameBytesEveryTime() throws {
        let letter = sampleLetter(paragraphs: 14)
        let first = LetterPDF.render(letter)
        #expect(first.bytes == LetterPDF.render(letter).bytes, "deterministic: no dates or ids in the file")
        #expect(first.pages == 2)
        if let dir = ProcessInfo.processInfo.environment["FORBEAR_LETTER_SAMPLES"] {
            try Data(first.bytes).write(to: URL(fileURLWithPath: dir + "/sample-fi.pdf"))
            try Data(LetterPDF.render(letter, style: .largePrint).bytes).write(
                to: URL(fileURLWithPath: dir + "/sample-fi-large.pdf"))
        }
        let text = try checkedText(first.bytes, name: "letter")
        for expected in [
            "Aino Kärkkäinen", "Mäkitie 5 B 12", "Maksumuistutus: sähkölasku", "1 251,96 €", "10016", "Sivu 1/2",
            "Sivu 2/2", "Æbleskiver", "smørrebrød, perché, così.",
        ] {
            #expect(text.contains(expected), "“\(expected)” is on the page")
        }
    }

    @Test func largePrintUsesBiggerTypeAndMorePages() throws {
        let letter = sampleLetter(paragraphs: 6)
        let standard = LetterPDF.render(letter)
        let large = LetterPDF.render(letter, style: .largePrint)
        #expect(large.pages > standard.pages)
        let content = String(decoding: large.bytes, as: UTF8.self)
        #expect(content.contains("/F1 16 Tf"), "body text in 16 pt")
        _ = try checkedText(large.bytes, name: "large")
    }
}
