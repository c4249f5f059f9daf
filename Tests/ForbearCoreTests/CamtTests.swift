import Foundation
import Testing

@testable import ForbearCore

@Suite struct CamtTests {
    func file(_ name: String) throws -> String {
        try String(
            contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
                "BankFiles/\(name)"), encoding: .utf8)
    }

    @Test func aNotificationGivesItsCreditEntriesAndReportsTheBadOneWithItsPath() throws {
        let camt = CamtParser.parse(try file("camt054.xml"))
        #expect(camt.kind == .notification)
        #expect(camt.messageId == "NTF-2025-05-02-001")
        #expect(camt.accountIBAN == "FI2112345600000785")
        #expect(camt.entries.map(\.entryReference) == ["FI-E-0001", "FI-E-0002", "FI-E-0003", "FI-E-0001"])
        #expect(camt.entries.map(\.amount.decimalString) == ["123.45", "50.00", "20.00", "123.45"])
        #expect(
            camt.entries[0].structuredReference == "10016" && camt.entries[0].valueDate == LocalDate(iso: "2025-05-01"))
        #expect(camt.entries[0].bookingDate == LocalDate(iso: "2025-05-02"))
        #expect(camt.entries[2].unstructured == "Maksu viite 1004 5 lasku INV-88 & kiitos")
        #expect(camt.debitsSkipped == 1)
        #expect(
            camt.problems.map(\.description) == [
                "line 67, BkToCstmrDbtCdtNtfctn/Ntfctn[1]/Ntry[5]/Amt: missing, negative or not an amount with a Ccy of EUR, DKK, GBP or SEK"
            ])
    }

    @Test func aStatementSplitsBatchesAndMarksReversals() throws {
        let camt = CamtParser.parse(try file("camt053.xml"))
        #expect(camt.kind == .statement)
        #expect(camt.entries.map(\.entryReference) == ["ST-0001-1", "ST-0001-2", "ST-0002", "ST-0004"])
        #expect(camt.entries.map(\.amount.decimalString) == ["25.00", "50.00", "50.00", "10.00"])
        #expect(camt.entries[1].endToEndId == nil, "NOTPROVIDED is no id")
        #expect(camt.entries[2].isReversal && camt.entries[2].endToEndId == "E2E-0002")
        #expect(camt.problems.count == 1)
        #expect(camt.problems[0].path == "BkToCstmrStmt/Stmt[1]/Ntry[3]/BookgDt/Dt")
    }

    @Test func aFileThatBreaksOffKeepsTheEntriesBeforeTheBreak() throws {
        let full = try file("camt054.xml")
        let cut = String(full[..<full.range(of: "<!-- 3:")!.lowerBound]) + "<Ntry><Amt Ccy=\"EUR\">1.00</Amt"
        let camt = CamtParser.parse(cut)
        #expect(camt.entries.map(\.entryReference) == ["FI-E-0001", "FI-E-0002"])
        #expect(camt.problems.count == 1)
        #expect(camt.problems[0].message.hasPrefix("the XML breaks off"))
        #expect(camt.problems[0].path == "Document/BkToCstmrDbtCdtNtfctn/Ntfctn/Ntry/Amt")
    }

    @Test func otherDocumentsAndUnsafeXMLAreRefused() {
        #expect(
            CamtParser.parse("<Document><Foo/></Document>").problems.first?.message.contains(
                "not a camt.054 or camt.053") == true)
        let doctype = CamtParser.parse("<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><Document/>")
        #expect(doctype.problems.first?.message.contains("document type declarations are not accepted") == true)
        #expect(XMLReader.parse("<a><b></a>").error?.message == "expected </b> but found </a>")
        #expect(XMLReader.parse("<a x=\"1 &amp; 2 &#x41;\">t&lt;</a>").root?.attributes["x"] == "1 & 2 A")
    }

    @Test func matchingCandidatesComeBestFirstWithTheirReason() throws {
        let entries =
            CamtParser.parse(try file("camt054.xml")).entries + CamtParser.parse(try file("camt053.xml")).entries
        #expect(
            PaymentMatcher.candidates(for: entries[0]).first
                == .reference(
                    .finnish(FinnishReference(validating: "10016")!), how: "structured creditor reference 10016"))
        #expect(PaymentMatcher.candidates(for: entries[1]).first?.how == "structured creditor reference RF13 1002")
        let fromText = PaymentMatcher.candidates(for: entries[2])
        #expect(
            fromText.first
                == .reference(
                    .finnish(FinnishReference(validating: "10045")!), how: "reference 10045 in the remittance text"))
        #expect(fromText.contains(.claimReference("INV-88", how: "claim reference INV-88 in the remittance text")))
        let caseText = PaymentMatcher.candidates(for: entries[5])
        #expect(caseText.contains(.caseNumber(1, how: "case number 1 in the remittance text")))
        // an invalid check digit is never taken as a reference
        let bad = entries.first { $0.entryReference == "ST-0004" }!
        #expect(PaymentMatcher.candidates(for: bad).isEmpty)
    }
}
