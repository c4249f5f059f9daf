import Crypto
import ForbearCore
import SQLKit
import Synchronization

/// The legal bases the daily cycle cites, each kept once in `legal_texts` under a reference made from its text
/// (migration 12). Every decision carries its reasons with their legal bases, and writing those texts out in every
/// decision and fee or interest line was a fifth of what the first day of a million cases wrote (2.56 GB then, 2.02 GB
/// now): a letter's three reasons alone repeated 260 bytes of statute per case.
/// The reference is the first 64 bits of the text's SHA-256, so it needs no lookup to write and two processes
/// deciding cases together agree on it; a text once stored is never changed, so a decision reads what it cited then,
/// even after its rule pack is edited.
enum LegalTexts {
    static func ref(_ text: String) -> String { ref(utf8: Array(text.utf8)) }

    static func ref(utf8 bytes: [UInt8]) -> String { Hex.string(SHA256.hash(data: bytes).prefix(8)) }

    /// The references of one page's texts, worked out once per distinct text, and the texts to store with the page.
    struct Refs: Sendable {
        private(set) var texts: [String: String] = [:]
        /// The same texts by the address of their bytes. Nearly every reason cites one of a few strings of the rule
        /// packs, shared by every case, and finding those by their contents hashed and compared ~100 bytes per reason,
        /// normalising each `§` on the way (string hashing and comparison were 4.2% of a cycle's samples, 2.4% after).
        /// An entry keeps its string, so its storage can be neither freed nor changed in place while the entry exists.
        private var byAddress: [UInt: (text: String, ref: String)] = [:]

        mutating func ref(_ text: String) -> String {
            // (A string of up to 15 bytes is stored inline and lent out from a temporary copy: it has no address.)
            let address =
                text.utf8.count > 15
                ? text.utf8.withContiguousStorageIfAvailable { UInt(bitPattern: $0.baseAddress) } : nil
            if let address, let known = byAddress[address], known.text.utf8.count == text.utf8.count {
                return known.ref
            }
            let made = texts[text] ?? LegalTexts.ref(text)
            texts[text] = made
            if let address { byAddress[address] = (text, made) }
            return made
        }

        /// Stores the page's texts in the page's own transaction, so no stored decision ever names a text that is not
        /// there. In order of reference, so two PostgreSQL workers storing the same new texts wait on each other in
        /// the same order and cannot deadlock.
        func insert(db: any SQLDatabase) async throws {
            let rows = texts.sorted { $0.value < $1.value }.map { [SQLValue.text($0.value), .text($0.key)] }
            try await bulkInsert(
                into: "legal_texts", columns: ["ref", "text"], rows: rows, suffix: "ON CONFLICT (ref) DO NOTHING",
                db: db)
        }
    }

    /// What the texts stored so far are, kept per process: a stored text never changes, so nothing here goes stale;
    /// an unknown reference reloads the table, which holds one row per distinct legal basis.
    final class Cache: Sendable {
        private let known = Mutex<[String: String]>([:])

        /// Runs `body` with a lookup of stored texts; if it met a reference not yet known, reads the table again and
        /// runs it once more (what the first run returned or threw is then dropped).
        func reading<T>(db: any SQLDatabase, _ body: ((String) -> String?) throws -> T) async throws -> T {
            let snapshot = known.withLock { $0 }
            var missed = false
            let first = Result {
                try body { ref in
                    if let text = snapshot[ref] { return text }
                    missed = true
                    return nil
                }
            }
            guard missed else { return try first.get() }
            var all: [String: String] = [:]
            for r in try await db.raw("SELECT ref, text FROM legal_texts").all() {
                all[try r.string("ref")] = try r.string("text")
            }
            known.withLock { $0 = all }
            return try body { all[$0] }
        }
    }
}
