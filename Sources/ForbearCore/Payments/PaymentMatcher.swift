/// A way an incoming payment might belong to a case, best first, with why.
public enum MatchCandidate: Sendable, Hashable {
    /// A payment reference with a valid check digit (Finnish or RF).
    case reference(PaymentReference, how: String)
    /// A case number written in the remittance text ("case 1041").
    case caseNumber(Int64, how: String)
    /// A word of the remittance text that may be a creditor's claim reference.
    case claimReference(String, how: String)

    public var how: String {
        switch self {
        case .reference(_, let h), .caseNumber(_, let h), .claimReference(_, let h): return h
        }
    }
}

/// Finds what an incoming payment could be paying, without touching the database: the structured reference when
/// it is valid, otherwise references, case numbers and claim references found in the remittance text.
public enum PaymentMatcher {
    static let caseWords: Set<String> = ["case", "asia", "dossier", "zaak", "sag", "pratica", "nr", "no", "ärende"]

    public static func candidates(for entry: BankEntry) -> [MatchCandidate] {
        var out: [MatchCandidate] = []
        if let structured = entry.structuredReference {
            if let ref = PaymentReference(parsing: structured) {
                out.append(.reference(ref, how: "structured creditor reference \(ref.printed)"))
            }
        }
        guard let text = entry.unstructured else { return out }
        for ref in references(in: text) where !out.contains(.reference(ref, how: "")) {
            out.append(.reference(ref, how: "reference \(ref.printed) in the remittance text"))
        }
        let words = text.split(whereSeparator: { !$0.isLetter && !$0.isNumber && $0 != "-" && $0 != "/" }).map(
            String.init)
        for (i, w) in words.enumerated() where i > 0 && caseWords.contains(words[i - 1].lowercased()) {
            if let n = Int64(w) { out.append(.caseNumber(n, how: "case number \(n) in the remittance text")) }
        }
        for w in words where w.count >= 3 && w.contains(where: \.isNumber) && PaymentReference(parsing: w) == nil {
            out.append(.claimReference(w, how: "claim reference \(w) in the remittance text"))
        }
        var seen = Set<String>()
        return out.filter { seen.insert("\($0)").inserted }
    }

    /// Valid references in free text: RF references (spaces allowed inside) and Finnish references written with or
    /// without the usual groups of five.
    static func references(in text: String) -> [PaymentReference] {
        var found: [PaymentReference] = []
        let upper = text.uppercased()
        let tokens = upper.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init)
        var i = 0
        while i < tokens.count {
            // Join a run of tokens that starts with RF or digits, longest valid first.
            if tokens[i].hasPrefix("RF") || tokens[i].allSatisfy(\.isNumber) {
                var best: (PaymentReference, Int)?
                var joined = ""
                for j in i..<min(tokens.count, i + 7) {
                    let t = tokens[j]
                    guard j == i || t.allSatisfy({ $0.isNumber || $0.isLetter }) else { break }
                    if j > i, !t.allSatisfy(\.isNumber), !tokens[i].hasPrefix("RF") { break }
                    joined += t
                    if joined.count >= 4, let ref = PaymentReference(parsing: joined) { best = (ref, j) }
                }
                if let (ref, end) = best {
                    found.append(ref)
                    i = end + 1
                    continue
                }
            }
            i += 1
        }
        return found
    }
}
