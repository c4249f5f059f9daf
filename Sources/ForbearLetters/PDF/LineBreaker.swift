/// Greedy line breaking by the font's real widths: words are kept whole (a no-break space joins two words), and a
/// word wider than the line is cut where it must be.
public enum LineBreaker {
    public static func lines(_ text: String, font: PDFFont, size: Double, width: Double) -> [[UInt8]] {
        let bytes = WinAnsi.encode(text).bytes
        let table = font.widths
        let space = Double(table[0x20]) * size / 1000
        var out: [[UInt8]] = []
        var line: [UInt8] = []
        var lineWidth = 0.0
        for word in bytes.split(separator: 0x20, omittingEmptySubsequences: true) {
            var w = font.width(word, size: size)
            var word = Array(word)
            if !line.isEmpty && lineWidth + space + w <= width {
                line.append(0x20)
                line += word
                lineWidth += space + w
                continue
            }
            if !line.isEmpty { out.append(line) }
            // A word longer than a whole line is cut into pieces that fit.
            while w > width, word.count > 1 {
                var cut = 0
                var cw = 0.0
                while cut < word.count {
                    let next = Double(table[Int(word[cut])]) * size / 1000
                    if cw + next > width && cut > 0 { break }
                    cw += next
                    cut += 1
                }
                out.append(Array(word[..<cut]))
                word = Array(word[cut...])
                w = font.width(word, size: size)
            }
            line = word
            lineWidth = w
        }
        if !line.isEmpty { out.append(line) }
        return out
    }
}
