import Foundation

/// A small XML reader for bank files: elements, attributes, text, character and entity references, comments,
/// CDATA and the XML declaration. No DTDs, no external entities (so nothing in a file can make Forbear fetch or
/// expand anything). Namespace prefixes are dropped from names; camt files use one default namespace.
public struct XMLElement: Sendable, Hashable {
    public var name: String
    public var attributes: [String: String]
    public var children: [XMLElement]
    public var text: String
    /// Line the element starts on, for error messages.
    public var line: Int
    /// False for an element a broken file left open: what it holds may be cut short.
    public var isComplete: Bool = true

    public func child(_ name: String) -> XMLElement? { children.first { $0.name == name } }
    public func all(_ name: String) -> [XMLElement] { children.filter { $0.name == name } }

    /// The element at a relative path such as `BookgDt/Dt`.
    public func at(_ path: String) -> XMLElement? {
        var current: XMLElement? = self
        for part in path.split(separator: "/") { current = current?.child(String(part)) }
        return current
    }

    public func textAt(_ path: String) -> String? {
        guard let e = at(path) else { return nil }
        let t = e.text.trimmingCharacters(in: .whitespacesAndNewlines)
        return t.isEmpty ? nil : t
    }
}

public struct XMLError: Error, Equatable, Sendable, CustomStringConvertible {
    public var line: Int
    public var path: String
    public var message: String
    public var description: String { "line \(line)\(path.isEmpty ? "" : " (\(path))"): \(message)" }
}

public enum XMLReader {
    /// Parses a document. When the document breaks off, the error says where, and `partial` holds the tree read so
    /// far (its open elements closed), so what could be read is not lost.
    public static func parse(_ text: String) -> (root: XMLElement?, error: XMLError?) {
        var p = Parser(Array(text.unicodeScalars))
        return p.document()
    }

    struct Parser {
        let s: [Unicode.Scalar]
        var i = 0
        var line = 1
        var stack: [XMLElement] = []

        init(_ s: [Unicode.Scalar]) { self.s = s }

        var path: String { stack.map(\.name).joined(separator: "/") }

        mutating func fail(_ message: String) -> XMLError { XMLError(line: line, path: path, message: message) }

        mutating func advance(_ n: Int = 1) {
            for _ in 0..<n where i < s.count {
                if s[i] == "\n" { line += 1 }
                i += 1
            }
        }

        func starts(_ str: String) -> Bool {
            var j = i
            for c in str.unicodeScalars {
                guard j < s.count, s[j] == c else { return false }
                j += 1
            }
            return true
        }

        mutating func skip(until end: String) -> Bool {
            while i < s.count {
                if starts(end) {
                    advance(end.unicodeScalars.count)
                    return true
                }
                advance()
            }
            return false
        }

        mutating func name() -> String {
            var out = ""
            while i < s.count, !" \t\r\n/>=".unicodeScalars.contains(s[i]) {
                out.unicodeScalars.append(s[i])
                advance()
            }
            if let colon = out.lastIndex(of: ":") { out = String(out[out.index(after: colon)...]) }
            return out
        }

        mutating func spaces() { while i < s.count, " \t\r\n".unicodeScalars.contains(s[i]) { advance() } }

        mutating func decode(_ raw: String) -> String? {
            guard raw.contains("&") else { return raw }
            var out = ""
            var rest = Substring(raw)
            while let amp = rest.firstIndex(of: "&") {
                out += rest[..<amp]
                guard let semi = rest[amp...].firstIndex(of: ";") else { return nil }
                let entity = rest[rest.index(after: amp)..<semi]
                switch entity {
                case "amp": out += "&"
                case "lt": out += "<"
                case "gt": out += ">"
                case "quot": out += "\""
                case "apos": out += "'"
                default:
                    let hex = entity.hasPrefix("#x")
                    let digits = entity.dropFirst(hex ? 2 : 1)
                    guard entity.hasPrefix("#"), let v = UInt32(digits, radix: hex ? 16 : 10), let u = Unicode.Scalar(v)
                    else { return nil }
                    out.unicodeScalars.append(u)
                }
                rest = rest[rest.index(after: semi)...]
            }
            return out + rest
        }

        /// Closes every open element into its parent, marked incomplete, for the partial tree after an error.
        mutating func unwind() -> XMLElement? {
            for k in stack.indices { stack[k].isComplete = false }
            while stack.count > 1 {
                let e = stack.removeLast()
                stack[stack.count - 1].children.append(e)
            }
            return stack.first
        }

        /// The error (with the path where it happened) and the partial tree.
        mutating func stop(_ message: String) -> (root: XMLElement?, error: XMLError?) {
            let error = fail(message)
            return (unwind(), error)
        }

        mutating func document() -> (root: XMLElement?, error: XMLError?) {
            var root: XMLElement?
            while i < s.count {
                if starts("<?") {
                    guard skip(until: "?>") else { return stop("a processing instruction is not closed") }
                } else if starts("<!--") {
                    guard skip(until: "-->") else { return stop("a comment is not closed") }
                } else if starts("<!DOCTYPE") || starts("<!ENTITY") {
                    return stop("document type declarations are not accepted in bank files")
                } else if starts("<![CDATA[") {
                    advance(9)
                    let start = i
                    guard skip(until: "]]>") else { return stop("a CDATA section is not closed") }
                    guard !stack.isEmpty else { return (nil, fail("text outside the root element")) }
                    var text = ""
                    text.unicodeScalars.append(contentsOf: s[start..<(i - 3)])
                    stack[stack.count - 1].text += text
                } else if starts("</") {
                    advance(2)
                    let n = name()
                    spaces()
                    guard i < s.count, s[i] == ">" else { return stop("the end tag </\(n)> is not closed with >") }
                    advance()
                    guard let open = stack.last else { return (nil, fail("end tag </\(n)> without a start tag")) }
                    guard open.name == n else { return stop("expected </\(open.name)> but found </\(n)>") }
                    let done = stack.removeLast()
                    if stack.isEmpty { root = done } else { stack[stack.count - 1].children.append(done) }
                } else if s[i] == "<" {
                    let startLine = line
                    advance()
                    let n = name()
                    guard !n.isEmpty else { return stop("a tag has no name") }
                    if stack.isEmpty, root != nil { return (root, fail("a second root element <\(n)>")) }
                    var attributes: [String: String] = [:]
                    var selfClosing = false
                    while true {
                        spaces()
                        guard i < s.count else { return stop("the tag <\(n)> is not closed") }
                        if s[i] == ">" { advance(); break }
                        if starts("/>") { advance(2); selfClosing = true; break }
                        let a = name()
                        spaces()
                        guard i < s.count, s[i] == "=" else { return stop("attribute \(a) of <\(n)> has no value") }
                        advance()
                        spaces()
                        guard i < s.count, s[i] == "\"" || s[i] == "'" else {
                            return stop("attribute \(a) of <\(n)> is not quoted")
                        }
                        let quote = s[i]
                        advance()
                        var raw = ""
                        while i < s.count, s[i] != quote { raw.unicodeScalars.append(s[i]); advance() }
                        guard i < s.count else { return stop("attribute \(a) of <\(n)> is not closed") }
                        advance()
                        guard let v = decode(raw) else {
                            return stop("attribute \(a) of <\(n)> has a broken & reference")
                        }
                        attributes[a] = v
                    }
                    let element = XMLElement(name: n, attributes: attributes, children: [], text: "", line: startLine)
                    if selfClosing {
                        if stack.isEmpty { root = element } else { stack[stack.count - 1].children.append(element) }
                    } else {
                        stack.append(element)
                    }
                } else {
                    var raw = ""
                    while i < s.count, s[i] != "<" { raw.unicodeScalars.append(s[i]); advance() }
                    if stack.isEmpty {
                        if !raw.allSatisfy(\.isWhitespace) { return (root, fail("text outside the root element")) }
                        continue
                    }
                    guard let text = decode(raw) else {
                        return stop("a broken & reference in the text of <\(stack.last!.name)>")
                    }
                    stack[stack.count - 1].text += text
                }
            }
            if !stack.isEmpty { return stop("the file ends inside <\(stack.last!.name)>") }
            guard let root else { return (nil, fail("the file has no XML element")) }
            return (root, nil)
        }
    }
}
