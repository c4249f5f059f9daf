/// Lowercase hexadecimal, written by table: legal-text references, token hashes, letter digests and JSON's `\u00XX`
/// escapes.
public enum Hex {
    /// The digit for the low four bits of `nibble`.
    public static func digit(_ nibble: UInt8) -> UInt8 {
        let n = nibble & 0xF
        return n < 10 ? UInt8(ascii: "0") + n : UInt8(ascii: "a") + n - 10
    }

    /// Two digits per byte.
    public static func string<Bytes: Sequence<UInt8>>(_ bytes: Bytes) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.underestimatedCount * 2)
        for byte in bytes {
            out.append(digit(byte >> 4))
            out.append(digit(byte))
        }
        return String(decoding: out, as: UTF8.self)
    }
}
