/// What a letter says, in the order it is printed. Every string is final text in the customer's language: the
/// templates fill it in, the lint checks it, and `LetterPDF` only places it on the page.
public struct LetterContent: Sendable, Equatable {
    public struct Row: Sendable, Equatable {
        public var label: String
        public var value: String
        public init(_ label: String, _ value: String) {
            self.label = label
            self.value = value
        }
    }

    public enum Block: Sendable, Equatable {
        case heading(String)
        case paragraph(String)
        /// Label and amount rows; the last one is the total, printed bold under a rule.
        case amounts([Row])
        case bullets([String])
    }

    /// Return address, printed small at the top of the envelope window.
    public var returnAddress: String
    /// The recipient's name and address, shown through the window.
    public var recipient: [String]
    /// Date and references (case number, payment reference…), top right.
    public var references: [Row]
    public var title: String
    public var blocks: [Block]
    /// Who sends it, printed at the foot of every page.
    public var footer: String
    /// "Page {page} of {pages}" in the letter's language.
    public var pageLabel: String

    public init(
        returnAddress: String, recipient: [String], references: [Row], title: String, blocks: [Block], footer: String,
        pageLabel: String
    ) {
        self.returnAddress = returnAddress
        self.recipient = recipient
        self.references = references
        self.title = title
        self.blocks = blocks
        self.footer = footer
        self.pageLabel = pageLabel
    }
}

/// Type sizes and spacing: the standard print, or large print (an adjustment a customer can ask for).
public struct LetterStyle: Sendable, Equatable {
    public var body: Double
    public var title: Double
    public var leading: Double

    public static let standard = LetterStyle(body: 10.5, title: 14, leading: 1.4)
    public static let largePrint = LetterStyle(body: 16, title: 20, leading: 1.5)
}

/// Lays a letter out on A4 for a window envelope (the address field of DIN 5008 form B, used across the EU: 20 mm
/// from the left edge, 45 mm from the top, 85 × 45 mm), breaks lines by the fonts' real widths, and numbers pages.
public enum LetterPDF {
    static let mm = 72.0 / 25.4
    static let pageHeight = PDFWriter.a4.height
    static let left = 25 * mm
    static let right = PDFWriter.a4.width - 20 * mm
    static let bottom = 25 * mm

    public static func render(_ letter: LetterContent, style: LetterStyle = .standard) -> (bytes: [UInt8], pages: Int) {
        let pages = self.pages(letter, style: style)
        return (PDFWriter.document(pages: pages, title: letter.title), pages.count)
    }

    /// The letter's pages, for a print batch that puts many letters in one file.
    public static func pages(_ letter: LetterContent, style: LetterStyle = .standard) -> [PDFCanvas] {
        var pages: [PDFCanvas] = []
        var page = PDFCanvas()
        // Address field: the return address on one small line, then the recipient.
        let windowLeft = 20 * mm + 3 * mm
        page.text(letter.returnAddress, x: windowLeft, y: pageHeight - 50 * mm, font: .regular, size: 7)
        var y = pageHeight - 63 * mm
        for line in letter.recipient.prefix(6) {
            page.text(line, x: windowLeft, y: y, font: .regular, size: 11)
            y -= 11 * 1.25
        }
        // Date and references on the right, level with the window.
        var ry = pageHeight - 50 * mm
        let refLeft = 125 * mm
        for row in letter.references {
            page.text(row.label, x: refLeft, y: ry, font: .regular, size: 8.5)
            ry -= 8.5 * 1.2
            page.text(row.value, x: refLeft, y: ry, font: .bold, size: 10)
            ry -= 10 * 1.6
        }
        y = min(pageHeight - 105 * mm, ry - 6 * mm)
        let width = right - left
        func newPage() {
            pages.append(page)
            page = PDFCanvas()
            y = pageHeight - 25 * mm
        }
        func room(_ height: Double) { if y - height < bottom { newPage() } }
        func paragraph(_ text: String, font: PDFFont, size: Double, indent: Double = 0, after: Double) {
            for line in LineBreaker.lines(text, font: font, size: size, width: width - indent) {
                room(size * style.leading)
                y -= size * style.leading
                page.text(line, x: left + indent, y: y, font: font, size: size)
            }
            y -= after
        }
        paragraph(letter.title, font: .bold, size: style.title, after: style.body * 0.8)
        for block in letter.blocks {
            switch block {
            case .heading(let text):
                room(style.body * style.leading * 3)  // a heading is never the last line of a page
                paragraph(text, font: .bold, size: style.body * 1.1, after: style.body * 0.2)
            case .paragraph(let text):
                paragraph(text, font: .regular, size: style.body, after: style.body * 0.7)
            case .bullets(let items):
                for item in items {
                    room(style.body * style.leading)
                    page.text(
                        "\u{2022}", x: left + 2 * mm, y: y - style.body * style.leading, font: .regular,
                        size: style.body)
                    paragraph(item, font: .regular, size: style.body, indent: 7 * mm, after: style.body * 0.2)
                }
                y -= style.body * 0.5
            case .amounts(let rows):
                room(style.body * style.leading * Double(rows.count + 1))
                for (i, row) in rows.enumerated() {
                    let isTotal = i == rows.count - 1 && rows.count > 1
                    let font: PDFFont = isTotal ? .bold : .regular
                    if isTotal {
                        page.rule(x: left, y: y - style.body * 0.42, width: width)
                    }
                    y -= style.body * style.leading
                    page.text(row.label, x: left, y: y, font: font, size: style.body)
                    let value = WinAnsi.encode(row.value).bytes
                    page.text(value, x: right - font.width(value, size: style.body), y: y, font: font, size: style.body)
                }
                y -= style.body * 0.9
            }
        }
        pages.append(page)
        // Page numbers and the sender's footer, now that the count is known.
        let total = pages.count
        for i in pages.indices {
            let label = letter.pageLabel.replacing("{page}", with: String(i + 1))
                .replacing("{pages}", with: String(total))
            let bytes = WinAnsi.encode(label).bytes
            pages[i].text(bytes, x: right - PDFFont.regular.width(bytes, size: 8), y: 12 * mm, font: .regular, size: 8)
            pages[i].text(letter.footer, x: left, y: 12 * mm, font: .regular, size: 8)
        }
        return pages
    }
}
