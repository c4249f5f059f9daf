/// Reads the text a template renders to: `# title`, `## heading`, `- bullet`, `| label | value` rows (a run of
/// rows is one amounts table, its last row the total), `@ element ids` (marks which mandatory elements the next
/// blocks provide), and paragraphs separated by blank lines.
enum LetterMarkup {
    struct Parsed {
        var title = ""
        var blocks: [LetterContent.Block] = []
        var markers: Set<String> = []
    }

    static func parse(_ text: String) -> Parsed {
        var out = Parsed()
        var paragraph: [String] = []
        var bullets: [String] = []
        var rows: [LetterContent.Row] = []
        func flush() {
            if !paragraph.isEmpty { out.blocks.append(.paragraph(paragraph.joined(separator: " "))) }
            if !bullets.isEmpty { out.blocks.append(.bullets(bullets)) }
            if !rows.isEmpty { out.blocks.append(.amounts(rows)) }
            paragraph = []
            bullets = []
            rows = []
        }
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = raw.trimmingWhitespace()
            if line.isEmpty {
                flush()
            } else if line.hasPrefix("## ") {
                flush()
                out.blocks.append(.heading(String(line.dropFirst(3)).trimmingWhitespace()))
            } else if line.hasPrefix("# ") {
                flush()
                out.title = String(line.dropFirst(2)).trimmingWhitespace()
            } else if line.hasPrefix("@") {
                flush()
                for id in line.dropFirst().split(separator: " ") { out.markers.insert(String(id)) }
            } else if line.hasPrefix("|") {
                if !paragraph.isEmpty || !bullets.isEmpty {
                    let keep = rows
                    rows = []
                    flush()
                    rows = keep
                }
                let cells = line.dropFirst().split(separator: "|", omittingEmptySubsequences: false)
                    .map { $0.trimmingWhitespace() }.filter { !$0.isEmpty }
                if cells.count >= 2 { rows.append(LetterContent.Row(cells[0], cells[1])) }
            } else if line.hasPrefix("- ") {
                if !paragraph.isEmpty || !rows.isEmpty {
                    let keep = bullets
                    bullets = []
                    flush()
                    bullets = keep
                }
                bullets.append(String(line.dropFirst(2)).trimmingWhitespace())
            } else {
                if !bullets.isEmpty || !rows.isEmpty { flush() }
                paragraph.append(line)
            }
        }
        flush()
        return out
    }
}
