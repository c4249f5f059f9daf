import Foundation

/// Windows-1252 ("WinAnsiEncoding" in PDF), the encoding the base-14 fonts can show without embedding anything. It
/// covers the letters of the five letter languages (å ä ö æ ø é è à ì ò ù ü …) and the euro sign.
public enum WinAnsi {
    /// The byte for a character, or nil when the encoding has no such character.
    public static func byte(for scalar: Unicode.Scalar) -> UInt8? {
        let v = scalar.value
        switch v {
        case 0x20...0x7E, 0xA0...0xFF: return UInt8(v)
        case 0x0A, 0x09: return 0x20
        default: return specials[v]
        }
    }

    /// Encodes text; a character outside the encoding becomes "?" and is reported in `missing`.
    public static func encode(_ text: String) -> (bytes: [UInt8], missing: [Character]) {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var missing: [Character] = []
        for ch in text {
            if ch.unicodeScalars.count == 1, let b = byte(for: ch.unicodeScalars.first!) {
                bytes.append(b)
                continue
            }
            // Composed form (e + combining acute → é), then each scalar.
            let scalars = String(ch).precomposedStringWithCanonicalMapping.unicodeScalars
            var ok = true
            for s in scalars {
                if let b = byte(for: s) { bytes.append(b) } else { ok = false }
            }
            if !ok {
                bytes.append(0x3F)
                missing.append(ch)
            }
        }
        return (bytes, missing)
    }

    /// The characters in the 0x80–0x9F range, where Windows-1252 differs from Latin-1.
    static let specials: [UInt32: UInt8] = [
        0x20AC: 0x80, 0x201A: 0x82, 0x0192: 0x83, 0x201E: 0x84, 0x2026: 0x85, 0x2020: 0x86, 0x2021: 0x87,
        0x02C6: 0x88, 0x2030: 0x89, 0x0160: 0x8A, 0x2039: 0x8B, 0x0152: 0x8C, 0x017D: 0x8E, 0x2018: 0x91,
        0x2019: 0x92, 0x201C: 0x93, 0x201D: 0x94, 0x2022: 0x95, 0x2013: 0x96, 0x2014: 0x97, 0x02DC: 0x98,
        0x2122: 0x99, 0x0161: 0x9A, 0x203A: 0x9B, 0x0153: 0x9C, 0x017E: 0x9E, 0x0178: 0x9F,
        // Spaces that must not break lines are shown as a no-break space.
        0x202F: 0xA0, 0x2007: 0xA0, 0x2011: 0x2D,
    ]
}
