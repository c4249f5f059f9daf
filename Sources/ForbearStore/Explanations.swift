import ForbearCore
import Foundation
import SQLKit
import Synchronization

/// The reasons of a letter, kept once in `explanations` under a reference made from their JSON (migration 16), each
/// letter's decision storing the reference in their place. A letter's reasons name its step of the rule pack, the day
/// it could be sent from and the term it gives: the same words for every case of a country that falls due on the
/// same day. On the first day of a million cases they were 720 different texts among a million letters, 423 bytes
/// each: about a quarter of what that day added to the file (1,750 MB). Reasons that name a case's own amounts (a fee, interest) stay in their
/// decision: they are rarely shared, and a reference would only add a row.
///
/// The reference is made as a legal text's is (64 bits of SHA-256), so two processes deciding cases together agree on
/// it. It is 16 hex digits, so it is never taken for JSON, which starts with `[`.
enum Explanations {
    /// Whether a decision's reasons are kept by reference.
    static func shared(_ action: Action) -> Bool {
        if case .sendLetter = action { return true }
        return false
    }

    /// A text's bytes, hashed once in one pass and compared as memory: an array of bytes hashes and compares byte by
    /// byte, and a letter's reasons are over 400; a text missing from the table was hashed once to look and again to add.
    struct Text: Hashable, Sendable {
        let bytes: [UInt8]
        private let hash: Int

        init(bytes: [UInt8]) {
            self.bytes = bytes
            var hasher = Hasher()
            bytes.withUnsafeBytes { hasher.combine(bytes: $0) }
            hash = hasher.finalize()
        }

        func hash(into hasher: inout Hasher) { hasher.combine(hash) }

        static func == (a: Text, b: Text) -> Bool {
            a.hash == b.hash && a.bytes.withUnsafeBytes { x in b.bytes.withUnsafeBytes { y in same(x, y) } }
        }
    }

    /// A letter's reasons as they are, looked up before their JSON is written: the same few hundred letters' reasons
    /// recur on every page, and writing their JSON again for each letter was a twentieth of the daily cycle's time.
    /// Hashed once over each string's bytes and its length, and compared byte for byte: `String`'s own hashing and
    /// equality first bring text that is not ASCII (every `§`) to one normal form (see `LegalTexts.Refs`).
    struct Key: Hashable, Sendable {
        let reasons: [Reason]
        private let hash: Int

        init(_ reasons: [Reason]) {
            self.reasons = reasons
            var hasher = Hasher()
            reasons.withUnsafeBufferPointer { reasons in
                for i in reasons.indices {
                    Self.add(reasons[i].ruleId, to: &hasher)
                    Self.add(reasons[i].legalBasis, to: &hasher)
                    Self.add(reasons[i].text, to: &hasher)
                    hasher.combine(reasons[i].nextPossibleAction?.daysSinceEpoch)
                }
            }
            hash = hasher.finalize()
        }

        func hash(into hasher: inout Hasher) { hasher.combine(hash) }

        static func == (a: Key, b: Key) -> Bool {
            guard a.hash == b.hash, a.reasons.count == b.reasons.count else { return false }
            // Read in place: a loop over the arrays copied every reason out first.
            return a.reasons.withUnsafeBufferPointer { x in
                b.reasons.withUnsafeBufferPointer { y in
                    x.indices.allSatisfy { i in
                        x[i].nextPossibleAction == y[i].nextPossibleAction && same(x[i].ruleId, y[i].ruleId)
                            && same(x[i].legalBasis, y[i].legalBasis) && same(x[i].text, y[i].text)
                    }
                }
            }
        }

        private static func add(_ s: String, to hasher: inout Hasher) {
            hasher.combine(s.utf8.count)
            bytes(s) { hasher.combine(bytes: $0) }
        }

        private static func same(_ a: String, _ b: String) -> Bool {
            a.utf8.count == b.utf8.count && bytes(a) { x in bytes(b) { y in Explanations.same(x, y) } }
        }

        private static func bytes<R>(_ s: String, _ body: (UnsafeRawBufferPointer) -> R) -> R {
            if let r = s.utf8.withContiguousStorageIfAvailable({ body(UnsafeRawBufferPointer($0)) }) { return r }
            return Array(s.utf8).withUnsafeBytes(body)
        }
    }

    /// Whether two runs of bytes are equal, compared as memory.
    static func same(_ x: UnsafeRawBufferPointer, _ y: UnsafeRawBufferPointer) -> Bool {
        x.count == y.count && (x.isEmpty || memcmp(x.baseAddress!, y.baseAddress!, x.count) == 0)
    }

    /// What one process knows of a database's explanations: each text's reference, worked out once, and which are
    /// committed. A page of 500 cases held 352 different letter texts, so working out and storing a page's texts
    /// with every page took back what storing them once saved. A text committed once is never changed or deleted.
    final class Known: Sendable {
        private struct State {
            var refs: [Text: String] = [:]
            var committed: Set<String> = []
            /// The reference of reasons whose text is committed, found without writing the text.
            var byReasons: [Key: String] = [:]
        }
        private let state = Mutex(State())
        /// Distinct texts kept before starting over (a few days' letters), so a long-running server stays small.
        static let limit = 20_000

        /// The text's reference, and whether it must be stored with the page (it is not known to be committed).
        func ref(_ text: Text) -> (ref: String, store: Bool) {
            if let known = state.withLock({ state in state.refs[text].map { ($0, !state.committed.contains($0)) } }) {
                return known
            }
            let made = LegalTexts.ref(utf8: text.bytes)
            state.withLock { state in
                if state.refs.count >= Self.limit { state = State() }
                state.refs[text] = made
            }
            return (made, true)
        }

        /// The reference of `reasons` if their text is known to be committed, or nil: then the caller writes the text,
        /// finds its reference with `ref(_:)`, and tells of it with `remember`.
        func committedRef(_ key: Key) -> String? {
            state.withLock { state in state.byReasons[key].flatMap { state.committed.contains($0) ? $0 : nil } }
        }

        func remember(_ key: Key, as ref: String) { state.withLock { state in state.byReasons[key] = ref } }

        /// Called once the transaction that stored these references has committed.
        func committed(_ refs: [String]) {
            guard !refs.isEmpty else { return }
            state.withLock { state in state.committed.formUnion(refs) }
        }
    }

    /// The explanations one page cites that are to be stored with it.
    struct Refs: Sendable {
        let known: Known
        private(set) var new: [String: Text] = [:]

        init(known: Known) { self.known = known }

        private mutating func ref(_ json: [UInt8]) -> String {
            let text = Text(bytes: json)
            let (ref, store) = known.ref(text)
            if store { new[ref] = text }
            return ref
        }

        /// The reference of `reasons`, writing their text (citing its legal texts in `legalTexts`) only when it is not
        /// known to be committed. A committed text's legal texts were stored with it or before it.
        mutating func ref(_ reasons: [Reason], legalTexts: inout LegalTexts.Refs) -> String {
            let key = Key(reasons)
            if let ref = known.committedRef(key) { return ref }
            let ref = self.ref(DecisionJSON.encode(reasons, refs: &legalTexts))
            known.remember(key, as: ref)
            return ref
        }

        /// Stores the page's new texts in the page's own transaction, before its decisions, so no stored decision
        /// names one that is not there; in order of reference, so that PostgreSQL workers storing the same new texts
        /// wait on each other in the same order.
        func insert(db: any SQLDatabase) async throws {
            var rows = InsertRows(columns: 2, reserving: new.count)
            for (ref, text) in new.sorted(by: { $0.key < $1.key }) {
                rows.append(text: ref)
                rows.append(utf8: text.bytes)
            }
            try await bulkInsert(
                into: "explanations", columns: ["ref", "reasons"], rows: rows, suffix: "ON CONFLICT (ref) DO NOTHING",
                db: db)
        }
    }
}
