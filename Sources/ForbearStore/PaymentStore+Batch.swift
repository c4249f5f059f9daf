import ForbearCore
import SQLKit

extension PaymentStore {
    /// Receives many entries in one transaction with the same outcomes as `receive` one by one, but with a handful
    /// of queries instead of a dozen per entry. Returned payments are handled one by one (they are rare).
    public func receiveBatch(_ entries: [BankEntry], source: String) async throws -> [EntryOutcome] {
        guard !entries.isEmpty else { return [] }
        if entries.contains(where: \.isReversal) {
            var out: [EntryOutcome] = []
            var pending: [BankEntry] = []
            for e in entries {
                if e.isReversal {
                    out += try await receiveBatch(pending, source: source)
                    pending = []
                    out.append(try await receive(e, source: source))
                } else {
                    pending.append(e)
                }
            }
            return out + (try await receiveBatch(pending, source: source))
        }
        let packs = self.packs
        return try await database.transaction { db in
            var seen = Set<String>()
            for r in try await db.raw(
                "SELECT entry_ref FROM bank_entries WHERE entry_ref IN \(inList(entries.map(\.entryReference)))"
            ).all() {
                seen.insert(try r.string("entry_ref"))
            }
            let candidates = entries.map { PaymentMatcher.candidates(for: $0) }
            // Resolve every candidate of the batch with one query per kind.
            var byReference: [String: [String]] = [:]
            var byNumber: [Int64: [String]] = [:]
            var byClaim: [String: [String]] = [:]
            // A reference is found by the case number it was made from (it has no index of its own); a case of that
            // number with another reference is never looked up, as `byReference` is read by the payment's reference.
            let referenced = Set(
                candidates.flatMap { $0 }.compactMap { c -> Int64? in
                    if case .reference(let r, _) = c { return r.caseNumber }; return nil
                })
            let numbers = Set(
                candidates.flatMap { $0 }.compactMap { c -> Int64? in
                    if case .caseNumber(let n, _) = c { return n }; return nil
                })
            let claims = Set(
                candidates.flatMap { $0 }.compactMap { c -> String? in
                    if case .claimReference(let s, _) = c { return s }; return nil
                })
            if !referenced.isEmpty {
                for r in try await db.raw(
                    "SELECT id, payment_reference FROM cases WHERE number IN \(inList(Array(referenced)))"
                ).all() {
                    byReference[try r.string("payment_reference"), default: []].append(try r.string("id"))
                }
            }
            if !numbers.isEmpty {
                for r in try await db.raw("SELECT id, number FROM cases WHERE number IN \(inList(Array(numbers)))")
                    .all()
                {
                    byNumber[try r.int("number"), default: []].append(try r.string("id"))
                }
            }
            if !claims.isEmpty {
                for r in try await db.raw(
                    "SELECT DISTINCT case_id, claim_ref FROM claims WHERE claim_ref IN \(inList(Array(claims)))"
                ).all() {
                    byClaim[try r.string("claim_ref"), default: []].append(try r.string("case_id"))
                }
            }
            func resolve(_ c: MatchCandidate) -> [String] {
                switch c {
                case .reference(let r, _): return byReference[r.value] ?? []
                case .caseNumber(let n, _): return byNumber[n] ?? []
                case .claimReference(let s, _): return byClaim[s] ?? []
                }
            }
            var matches: [(caseId: String, how: String)?] = []
            var suggestions: [[String]] = []
            for list in candidates {
                var found: (String, String)?
                var suggested: [String] = []
                for c in list {
                    let ids = resolve(c)
                    if ids.count == 1 {
                        found = (ids[0], c.how)
                        break
                    }
                    suggested += ids
                }
                matches.append(found)
                suggestions.append(Array(Set(suggested)).sorted())
            }
            let caseIds = Array(Set(matches.compactMap { $0?.caseId }))
            let balances = try await LedgerBalances.load(caseIds: caseIds, db: db)
            var ledgers: [String: Ledger] = balances.mapValues(\.ledger)
            var seqs: [String: Int] = balances.mapValues(\.storedEntries)
            var paymentRows: [[SQLValue]] = []
            var entryRows: [[SQLValue]] = []
            var bankRows: [[SQLValue]] = []
            var outcomes: [EntryOutcome] = []
            let now = Timestamp.now()
            func bankRow(_ e: BankEntry, _ status: String, _ caseId: String?, _ how: String?, _ sugg: [String]) throws
                -> [SQLValue]
            {
                [
                    .text(e.entryReference), .text(e.bookingDate.iso), .text(e.valueDate?.iso),
                    .int(e.amount.minorUnits),
                    .text(e.amount.currency.rawValue), .int(0), .text(e.structuredReference), .text(e.unstructured),
                    .text(e.endToEndId), .text(status), .text(caseId), .text(how),
                    .text(sugg.isEmpty ? "[]" : try json(sugg)),
                    .text(source),
                    .text(now),
                ]
            }
            for (i, e) in entries.enumerated() {
                guard seen.insert(e.entryReference).inserted else {
                    outcomes.append(.duplicate)
                    continue
                }
                // Taken out of the dictionary while it changes, so the ledger's arrays are not copied on write.
                guard let (caseId, how) = matches[i], var ledger = ledgers.removeValue(forKey: caseId),
                    let country = balances[caseId]?.country
                else {
                    bankRows.append(try bankRow(e, "unmatched", nil, nil, suggestions[i]))
                    outcomes.append(.unmatched(suggestions: suggestions[i]))
                    continue
                }
                defer { ledgers[caseId] = ledger }
                guard ledger.currency == e.amount.currency else {
                    bankRows.append(try bankRow(e, "unmatched", nil, nil, [caseId]))
                    outcomes.append(.currencyMismatch(caseId: caseId))
                    continue
                }
                var seq = seqs[caseId] ?? 0
                let booked = try Self.allocate(
                    e, caseId: caseId, country: country, ledger: &ledger, seq: &seq, packs: packs,
                    paymentRows: &paymentRows, entryRows: &entryRows)
                seqs[caseId] = seq
                bankRows.append(try bankRow(e, "booked", caseId, how, []))
                outcomes.append(.booked(caseId: caseId, how: how, credit: booked.credit))
            }
            // Rows in key order: each insert lands next to the previous one in the B-trees instead of anywhere.
            paymentRows.sort { $0[1].key < $1[1].key }
            entryRows.sort { ($0[1].key, $0[3].number) < ($1[1].key, $1[3].number) }
            bankRows.sort { $0[0].key < $1[0].key }
            try await Self.insert(paymentRows: paymentRows, entryRows: entryRows, db: db)
            try await bulkInsert(
                into: "bank_entries",
                columns: [
                    "entry_ref", "booking_date", "value_date", "amount", "currency", "is_reversal", "structured_ref",
                    "unstructured",
                    "end_to_end_id", "status", "case_id", "matched_how", "suggestions", "source", "created_at",
                ],
                rows: bankRows, chunk: 100, db: db)
            return outcomes
        }
    }

    /// Allocates an entry's amount to a case in the rule pack's order (the rest held as credit) and adds the payment
    /// and ledger rows to write; `seq` is the case's next ledger sequence number.
    static func allocate(
        _ e: BankEntry, caseId: String, country: Country, ledger: inout Ledger, seq: inout Int,
        packs: RulePackLibrary, paymentRows: inout [[SQLValue]], entryRows: inout [[SQLValue]]
    ) throws -> PaymentRecord {
        let order = packs.latest(for: country)?.componentOrder ?? [.fee, .planFee, .interest, .principal]
        let payment = Payment(id: e.entryReference, date: e.valueDate ?? e.bookingDate, amount: e.amount)
        let booked = try ledger.apply(payment, order: order)
        paymentRows.append([
            .text(payment.id), .text(caseId), .text(payment.date.iso), .int(payment.amount.minorUnits),
            .text(payment.amount.currency.rawValue), .int(booked.credit.minorUnits),
        ])
        for line in booked.allocations {
            entryRows.append(LedgerStore.row(line, caseId: caseId, seq: seq))
            seq += 1
        }
        return booked
    }

    static func insert(paymentRows: [[SQLValue]], entryRows: [[SQLValue]], db: any SQLDatabase) async throws {
        try await bulkInsert(
            into: "payments", columns: ["id", "case_id", "date", "amount", "currency", "credit"], rows: paymentRows,
            db: db)
        try await LedgerStore.insert(entryRows, db: db)
    }
}
