/// Drawing on one page, in points from the bottom-left corner: text runs in the two base-14 fonts and rules.
public struct PDFCanvas: Sendable {
    var ops: [UInt8] = []

    public init() { ops.reserveCapacity(4096) }

    /// Draws WinAnsi bytes with the baseline starting at (x, y).
    public mutating func text(_ bytes: [UInt8], x: Double, y: Double, font: PDFFont, size: Double) {
        append("BT /\(font.resourceName) ")
        number(size)
        append(" Tf ")
        number(x)
        append(" ")
        number(y)
        append(" Td ")
        ops += PDFWriter.literal(bytes)
        append(" Tj ET\n")
    }

    public mutating func text(_ string: String, x: Double, y: Double, font: PDFFont, size: Double) {
        text(WinAnsi.encode(string).bytes, x: x, y: y, font: font, size: size)
    }

    /// A horizontal rule.
    public mutating func rule(x: Double, y: Double, width: Double, thickness: Double = 0.5) {
        number(thickness)
        append(" w ")
        number(x)
        append(" ")
        number(y)
        append(" m ")
        number(x + width)
        append(" ")
        number(y)
        append(" l S\n")
    }

    mutating func append(_ s: String) { ops += Array(s.utf8) }

    /// Numbers with at most two decimals, written the same way on every machine (no locale, no Foundation).
    mutating func number(_ v: Double) {
        let hundredths = Int((v * 100).rounded())
        if hundredths < 0 { ops.append(0x2D) }
        let a = abs(hundredths)
        append(String(a / 100))
        let frac = a % 100
        if frac != 0 {
            ops.append(0x2E)
            ops.append(UInt8(0x30 + frac / 10))
            if frac % 10 != 0 { ops.append(UInt8(0x30 + frac % 10)) }
        }
    }
}

/// Writes a PDF 1.4 file: A4 pages, the two base-14 fonts in WinAnsi encoding (nothing embedded), uncompressed
/// content streams and a cross-reference table. The same pages always give the same bytes: no timestamps, no ids.
public enum PDFWriter {
    public static let a4 = (width: 595.28, height: 841.89)

    /// A PDF string literal: the bytes in parentheses, with ( ) and \ escaped.
    static func literal(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = [0x28]
        out.reserveCapacity(bytes.count + 2)
        for b in bytes {
            if b == 0x28 || b == 0x29 || b == 0x5C { out.append(0x5C) }
            out.append(b)
        }
        out.append(0x29)
        return out
    }

    public static func document(pages: [PDFCanvas], title: String) -> [UInt8] {
        var out: [UInt8] = Array("%PDF-1.4\n%\u{E2}\u{E3}\u{CF}\u{D3}\n".utf8)
        var offsets: [Int] = []
        func object(_ body: [UInt8]) {
            offsets.append(out.count)
            out += Array("\(offsets.count) 0 obj\n".utf8)
            out += body
            out += Array("\nendobj\n".utf8)
        }
        func object(_ body: String) { object(Array(body.utf8)) }
        // 1 catalog, 2 page tree, 3 and 4 fonts, 5 info, then a page and its content per page.
        let firstPage = 6
        let kids = (0..<pages.count).map { "\(firstPage + 2 * $0) 0 R" }.joined(separator: " ")
        object("<< /Type /Catalog /Pages 2 0 R >>")
        object("<< /Type /Pages /Kids [\(kids)] /Count \(pages.count) >>")
        for font in PDFFont.allCases {
            object("<< /Type /Font /Subtype /Type1 /BaseFont /\(font.baseFont) /Encoding /WinAnsiEncoding >>")
        }
        var info: [UInt8] = Array("<< /Title ".utf8)
        info += literal(WinAnsi.encode(title).bytes)
        info += Array(" /Producer (Forbear) >>".utf8)
        object(info)
        var media = PDFCanvas()
        media.append("[0 0 ")
        media.number(a4.width)
        media.append(" ")
        media.number(a4.height)
        media.append("]")
        let mediaBox = String(decoding: media.ops, as: UTF8.self)
        for (i, page) in pages.enumerated() {
            let content = firstPage + 2 * i + 1
            object(
                "<< /Type /Page /Parent 2 0 R /MediaBox \(mediaBox) /Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents \(content) 0 R >>"
            )
            var stream = Array("<< /Length \(page.ops.count) >>\nstream\n".utf8)
            stream += page.ops
            stream += Array("\nendstream".utf8)
            object(stream)
        }
        let xref = out.count
        out += Array("xref\n0 \(offsets.count + 1)\n0000000000 65535 f \n".utf8)
        for o in offsets {
            let s = String(o)
            out += Array((String(repeating: "0", count: 10 - s.count) + s + " 00000 n \n").utf8)
        }
        out += Array(
            "trailer\n<< /Size \(offsets.count + 1) /Root 1 0 R /Info 5 0 R >>\nstartxref\n\(xref)\n%%EOF\n".utf8)
        return out
    }
}
