/// ISO 7064 MOD 97-10 over an alphanumeric string, letters counted A=10 … Z=35: the check behind IBAN and RF.
enum Mod97 {
    /// The remainder mod 97, or nil when the text has a character other than 0-9 and A-Z.
    static func remainder(_ text: some StringProtocol) -> Int? {
        var r = 0
        for byte in text.utf8 {
            switch byte {
            case 48...57:
                r = (r * 10 + Int(byte - 48)) % 97
            case 65...90:
                let v = Int(byte - 55)
                r = (r * 100 + v) % 97
            default:
                return nil
            }
        }
        return r
    }

    /// The ISO 7064 check shared by IBAN and RF: move the first four characters to the end; valid when mod 97 is 1.
    static func isValid(_ compacted: String) -> Bool {
        remainder(compacted.dropFirst(4) + compacted.prefix(4)) == 1
    }
}

/// Removes spaces and upper-cases, the way people type references and IBANs.
func compact(_ text: String) -> String {
    String(text.unicodeScalars.filter { $0 != " " && $0 != "\u{00A0}" }).uppercased()
}

/// Splits `text` into blocks of `size` for printing; `fromRight` aligns the blocks to the end (Finnish references).
public func grouped(_ text: String, size: Int, fromRight: Bool = false) -> String {
    let chars = Array(text)
    guard size > 0, chars.count > size else { return text }
    var blocks: [String] = []
    if fromRight {
        var end = chars.count
        while end > 0 {
            let start = max(0, end - size)
            blocks.insert(String(chars[start..<end]), at: 0)
            end = start
        }
    } else {
        var start = 0
        while start < chars.count {
            blocks.append(String(chars[start..<min(chars.count, start + size)]))
            start += size
        }
    }
    return blocks.joined(separator: " ")
}
