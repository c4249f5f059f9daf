/// The same letter as an email: a subject, a plain-text part and an HTML part, made from the same content as the
/// PDF so the two never say different things.
public struct LetterEmail: Sendable, Equatable {
    public var subject: String
    public var text: String
    public var html: String

    public init(_ letter: RenderedLetter) {
        let c = letter.content
        subject = c.title
        var text: [String] = [c.title, ""]
        var html = [
            "<!DOCTYPE html>", "<html lang=\"\(letter.language.rawValue)\"><head><meta charset=\"utf-8\">",
            "<title>\(Self.escape(c.title))</title></head>",
            "<body style=\"font-family: sans-serif; font-size: 16px; line-height: 1.5; max-width: 40em\">",
            "<h1 style=\"font-size: 1.4em\">\(Self.escape(c.title))</h1>",
        ]
        for row in c.references {
            text.append("\(row.label): \(row.value)")
        }
        html.append(
            "<p>"
                + c.references.map { "\(Self.escape($0.label)): <strong>\(Self.escape($0.value))</strong>" }
                .joined(separator: "<br>") + "</p>")
        text.append("")
        for block in c.blocks {
            switch block {
            case .heading(let t):
                text += [t.uppercased(), ""]
                html.append("<h2 style=\"font-size: 1.15em\">\(Self.escape(t))</h2>")
            case .paragraph(let t):
                text += [t, ""]
                html.append("<p>\(Self.escape(t))</p>")
            case .bullets(let items):
                text += items.map { "- \($0)" } + [""]
                html.append("<ul>" + items.map { "<li>\(Self.escape($0))</li>" }.joined() + "</ul>")
            case .amounts(let rows):
                text += rows.map { "\($0.label): \($0.value)" } + [""]
                var table = "<table style=\"border-collapse: collapse\">"
                for (i, row) in rows.enumerated() {
                    let weight = i == rows.count - 1 && rows.count > 1 ? "font-weight: bold; border-top: 1px solid" : ""
                    table +=
                        "<tr style=\"\(weight)\"><th scope=\"row\" style=\"text-align: left; padding-right: 2em; font-weight: inherit\">\(Self.escape(row.label))</th>"
                        + "<td style=\"text-align: right\">\(Self.escape(row.value))</td></tr>"
                }
                html.append(table + "</table>")
            }
        }
        text.append(c.footer)
        html.append("<p style=\"font-size: 0.85em\">\(Self.escape(c.footer))</p></body></html>")
        self.text = text.joined(separator: "\n")
        self.html = html.joined(separator: "\n")
    }

    static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.count)
        for ch in s {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(ch)
            }
        }
        return out
    }
}
