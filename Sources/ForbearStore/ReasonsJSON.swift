import ForbearCore

/// The JSON of a decision's reasons and action, written directly as bytes: every decision stores both, and the
/// generic encoder took a sixth of the daily cycle's time. The output is byte for byte what `JSONEncoder` with sorted keys
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

    /// A decision's action. The three the daily cycle writes for nearly every case (a letter, a fee, interest) are
    /// written directly, byte for byte as `JSONEncoder` with sorted keys writes them; the rare ones go through it.
    static func encode(_ action: Action) throws -> String {
        switch action {
        case .sendLetter(let stepId, let occurrence, let channel, let deadline):
            return object(
                "sendLetter",
                [
                    ("channel", .text(channel.rawValue)), ("deadline", .text(deadline.iso)),
                    ("occurrence", .number(occurrence)), ("stepId", .text(stepId)),
                ])
        case .chargeFee(let feeId, let claimId, let component, let amount, let legalBasis):
            return object(
                "chargeFee",
                [
                    ("amount", .money(amount)), ("claimId", .text(claimId)), ("component", .text(component.rawValue)),
                    ("feeId", .text(feeId)), ("legalBasis", .text(legalBasis)),
                ])
        case .accrueInterest(let claimId, let amount, let from, let through, let days):
            return object(
                "accrueInterest",
                [
                    ("amount", .money(amount)), ("claimId", .text(claimId)), ("days", .number(days)),
                    ("from", .text(from.iso)), ("through", .text(through.iso)),
                ])
        default:
            return try json(action)
        }
    }

    enum Field {
        case text(String)
        case number(Int)
        case money(Money)
    }

    /// `{"name":{…fields…}}`, the fields given in sorted order.
    private static func object(_ name: String, _ fields: [(String, Field)]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        out += "{".utf8
        string(name, into: &out)
        out += ":{".utf8
        for (i, (key, value)) in fields.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            string(key, into: &out)
            out.append(UInt8(ascii: ":"))
            switch value {
            case .text(let s): string(s, into: &out)
            case .number(let n): out += String(n).utf8
            case .money(let m):
                out += #"{"amount":"#.utf8
                string(m.decimalString, into: &out)
                out += #","currency":"#.utf8
                string(m.currency.rawValue, into: &out)
                out.append(UInt8(ascii: "}"))
            }
        }
        out += "}}".utf8
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
