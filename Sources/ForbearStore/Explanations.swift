import ForbearCore
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

    /// A text's bytes, hashed in one pass: an array of bytes hashes byte by byte, and a letter's reasons are over 400.
    struct Text: Hashable, Sendable {
        let bytes: [UInt8]
        func hash(into hasher: inout Hasher) { bytes.withUnsafeBytes { hasher.combine(bytes: $0) } }
    }

    /// What one process knows of a database's explanations: each text's reference, worked out once, and which are
    /// committed. A page of 500 cases held 352 different letter texts, so working out and storing a page's texts
    /// with every page took back what storing them once saved. A text committed once is never changed or deleted.
    final class Known: Sendable {
        private struct State {
            var refs: [Text: String] = [:]
            var committed: Set<String> = []
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

        mutating func ref(_ json: [UInt8]) -> String {
            let text = Text(bytes: json)
            let (ref, store) = known.ref(text)
            if store { new[ref] = text }
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
