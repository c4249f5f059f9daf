import Foundation

/// One incoming (or returned) payment read from a bank file.
public struct BankEntry: Sendable, Hashable, Codable {
    /// The bank's reference for the entry (plus the transaction's position in a batch): the idempotency key.
    public var entryReference: String
    public var amount: Money
    /// A returned payment: it undoes an earlier credit.
    public var isReversal: Bool
    public var bookingDate: LocalDate
    public var valueDate: LocalDate?
    /// `RmtInf/Strd/CdtrRefInf/Ref`: a Finnish reference or an RF reference, as the payer gave it.
    public var structuredReference: String?
    /// `RmtInf/Ustrd`: free text, searched for a reference, case number or claim reference when there is no
    /// structured one.
    public var unstructured: String?
    /// `EndToEndId`, used to find the payment a reversal undoes.
    public var endToEndId: String?
    /// Where in the file the entry is, for messages.
    public var path: String

    public init(
        entryReference: String, amount: Money, isReversal: Bool, bookingDate: LocalDate, valueDate: LocalDate?,
        structuredReference: String?, unstructured: String?, endToEndId: String?, path: String
    ) {
        self.entryReference = entryReference
        self.amount = amount
        self.isReversal = isReversal
        self.bookingDate = bookingDate
        self.valueDate = valueDate
        self.structuredReference = structuredReference
        self.unstructured = unstructured
        self.endToEndId = endToEndId
        self.path = path
    }
}

/// Why an entry could not be read; the other entries of the file are kept.
public struct CamtProblem: Sendable, Hashable, Codable, CustomStringConvertible {
    public var path: String
    public var line: Int
    public var message: String
    public var description: String { "line \(line), \(path): \(message)" }
}

public struct CamtFile: Sendable, Hashable {
    public enum Kind: String, Sendable { case notification = "camt.054", statement = "camt.053" }
    public var kind: Kind
    public var messageId: String?
    public var accountIBAN: String?
    public var entries: [BankEntry]
    /// Debit entries are skipped (they are not money received) and counted here.
    public var debitsSkipped: Int
    public var problems: [CamtProblem]
}

/// Reads ISO 20022 bank-to-customer notifications (camt.054) and statements (camt.053): credit entries with their
/// amounts, dates, structured creditor references and remittance text. A bad element costs only its entry.
public enum CamtParser {
    public static func parse(_ text: String) -> CamtFile {
        let (root, error) = XMLReader.parse(text)
        var file = CamtFile(
            kind: .notification, messageId: nil, accountIBAN: nil, entries: [], debitsSkipped: 0, problems: [])
        if let error {
            file.problems.append(
                CamtProblem(path: error.path, line: error.line, message: "the XML breaks off: \(error.message)"))
        }
        guard let root else { return file }
        let (kind, body, containers): (CamtFile.Kind, XMLElement?, [XMLElement])
        if let n = root.child("BkToCstmrDbtCdtNtfctn") {
            (kind, body, containers) = (.notification, n, n.all("Ntfctn"))
        } else if let s = root.child("BkToCstmrStmt") {
            (kind, body, containers) = (.statement, s, s.all("Stmt"))
        } else {
            file.problems.append(
                CamtProblem(
                    path: root.name, line: root.line,
                    message: "not a camt.054 or camt.053 document (no BkToCstmrDbtCdtNtfctn or BkToCstmrStmt)"))
            return file
        }
        file.kind = kind
        file.messageId = body?.textAt("GrpHdr/MsgId")
        let containerName = kind == .notification ? "Ntfctn" : "Stmt"
        for (ci, container) in containers.enumerated() {
            file.accountIBAN = file.accountIBAN ?? container.textAt("Acct/Id/IBAN")
            for (ni, entry) in container.all("Ntry").enumerated() where entry.isComplete {
                let path = "\(body?.name ?? "")/\(containerName)[\(ci + 1)]/Ntry[\(ni + 1)]"
                read(entry, path: path, into: &file)
            }
        }
        return file
    }

    static func read(_ ntry: XMLElement, path: String, into file: inout CamtFile) {
        func problem(_ element: XMLElement?, _ sub: String, _ message: String) {
            file.problems.append(
                CamtProblem(
                    path: path + (sub.isEmpty ? "" : "/" + sub), line: element?.line ?? ntry.line, message: message))
        }
        guard let indicator = ntry.textAt("CdtDbtInd") else {
            return problem(ntry, "CdtDbtInd", "missing: is the entry a credit or a debit?")
        }
        let reversal = ntry.textAt("RvslInd")?.lowercased() == "true"
        // A reversal of a credit is booked as a debit; a plain debit is money going out.
        if indicator == "DBIT", !reversal {
            file.debitsSkipped += 1
            return
        }
        guard indicator == "CRDT" || indicator == "DBIT" else {
            return problem(ntry.child("CdtDbtInd"), "CdtDbtInd", "\"\(indicator)\" is not CRDT or DBIT")
        }
        if let status = ntry.textAt("Sts/Cd") ?? ntry.textAt("Sts"), status != "BOOK" {
            return problem(
                ntry.child("Sts"), "Sts", "status \(status) is not booked yet; the entry is left for a later file")
        }
        guard let booking = date(ntry, "BookgDt") else {
            return problem(ntry.child("BookgDt"), "BookgDt/Dt", "missing or not a date (YYYY-MM-DD)")
        }
        let value = date(ntry, "ValDt")
        guard let entryRef = ntry.textAt("AcctSvcrRef") ?? ntry.textAt("NtryRef") else {
            return problem(
                ntry, "AcctSvcrRef", "missing: the bank's entry reference is needed so a payment is never booked twice")
        }
        let transactions = ntry.child("NtryDtls")?.all("TxDtls") ?? []
        if transactions.count <= 1 {
            guard let amount = money(ntry.child("Amt")) else {
                return problem(
                    ntry.child("Amt"), "Amt", "missing, negative or not an amount with a Ccy of EUR, DKK, GBP or SEK")
            }
            file.entries.append(
                entry(
                    ref: entryRef, amount: amount, reversal: reversal, booking: booking, value: value,
                    tx: transactions.first, path: path))
            return
        }
        // A batch entry: one payment per transaction, each with its own amount.
        for (ti, tx) in transactions.enumerated() {
            let txPath = "NtryDtls/TxDtls[\(ti + 1)]"
            guard let amount = money(tx.at("AmtDtls/TxAmt/Amt") ?? tx.child("Amt")) else {
                problem(tx, txPath + "/Amt", "missing, negative or not an amount with a Ccy of EUR, DKK, GBP or SEK")
                continue
            }
            let ref = tx.textAt("Refs/AcctSvcrRef") ?? "\(entryRef)#\(ti + 1)"
            file.entries.append(
                entry(
                    ref: ref, amount: amount, reversal: reversal, booking: booking, value: value, tx: tx,
                    path: path + "/" + txPath))
        }
    }

    static func entry(
        ref: String, amount: Money, reversal: Bool, booking: LocalDate, value: LocalDate?, tx: XMLElement?, path: String
    ) -> BankEntry {
        let unstructured =
            tx.map {
                $0.all("RmtInf").flatMap { $0.all("Ustrd") }.compactMap { e -> String? in
                    let t = e.text.trimmingCharacters(in: .whitespacesAndNewlines)
                    return t.isEmpty ? nil : t
                }
            } ?? []
        return BankEntry(
            entryReference: ref, amount: amount, isReversal: reversal, bookingDate: booking, valueDate: value,
            structuredReference: tx?.textAt("RmtInf/Strd/CdtrRefInf/Ref"),
            unstructured: unstructured.isEmpty ? nil : unstructured.joined(separator: " "),
            endToEndId: tx?.textAt("Refs/EndToEndId").flatMap { $0 == "NOTPROVIDED" ? nil : $0 }, path: path)
    }

    static func date(_ e: XMLElement, _ name: String) -> LocalDate? {
        guard let d = e.child(name) else { return nil }
        if let t = d.textAt("Dt") { return LocalDate(iso: t) }
        if let t = d.textAt("DtTm") { return LocalDate(iso: t.prefix(10)) }
        return nil
    }

    static func money(_ e: XMLElement?) -> Money? {
        guard let e, let ccy = e.attributes["Ccy"], let currency = Currency(rawValue: ccy) else { return nil }
        let t = e.text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let m = try? Money.parse(t, currency: currency), m.isPositive else { return nil }
        return m
    }
}
