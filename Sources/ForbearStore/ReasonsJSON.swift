import ForbearCore

/// The JSON of a decision's reasons, written directly as bytes: every decision stores its reasons, and the generic
/// encoder took a seventh of the daily cycle's time. The output is byte for byte what `JSONEncoder` with sorted keys
/// writes (slashes escaped, absent dates left out), so either reads the other's.
enum ReasonsJSON {
    static func encode(_ reasons: [Reason]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(256 * reasons.count + 2)
        out.append(UInt8(ascii: "["))
        for (i, r) in reasons.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            out += #"{"legalBasis":"#.utf8
            string(r.legalBasis, into: &out)
            if let next = r.nextPossibleAction {
                out += #","nextPossibleAction":"#.utf8
                string(next.iso, into: &out)
            }
            out += #","ruleId":"#.utf8
            string(r.ruleId, into: &out)
            out += #","text":"#.utf8
            string(r.text, into: &out)
            out.append(UInt8(ascii: "}"))
        }
        out.append(UInt8(ascii: "]"))
        return String(decoding: out, as: UTF8.self)
    }

    static func string(_ s: String, into out: inout [UInt8]) {
        let hex = Array("0123456789abcdef".utf8)
        out.append(UInt8(ascii: "\""))
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out += [UInt8(ascii: "\\"), b]
            case 0x0A: out += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
            case 0x0D: out += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
            case 0x09: out += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
            case 0x08: out += [UInt8(ascii: "\\"), UInt8(ascii: "b")]
            case 0x0C: out += [UInt8(ascii: "\\"), UInt8(ascii: "f")]
            case 0..<0x20:
                out += "\\u00".utf8
                out += [hex[Int(b >> 4)], hex[Int(b & 0xF)]]
            default: out.append(b)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
