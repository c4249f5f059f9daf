import ForbearCore

/// What letters take from a rule pack: fee names in the letter's language and the cost of the next step.
public enum LetterFacts {
    public static func feeName(_ pack: RulePack, feeId: String, language: Language) -> String {
        guard let names = pack.fee(feeId)?.names else { return feeId }
        return names[language.rawValue] ?? names[pack.primaryLanguage.rawValue] ?? names["en"] ?? feeId
    }

    /// The cost the step after `stepId` would add if the customer does not pay in time (the NL 14-day letter must
    /// state it exactly), or nil when the next step is free or there is none.
    public static func upcomingCost(_ pack: RulePack, after stepId: String, base: Money, language: Language)
        -> LetterCost?
    {
        guard let index = pack.steps.firstIndex(where: { $0.id == stepId }), index + 1 < pack.steps.count,
            let next = pack.steps[index + 1].feeId, let quote = try? pack.quote(feeId: next, base: base)
        else { return nil }
        return LetterCost(name: feeName(pack, feeId: next, language: language), amount: quote.amount)
    }

    /// Free debt advice and a crisis line for the customer's country, best first.
    public static func help(_ directory: SignpostDirectory, country: Country, language: Language) -> (
        advice: [LetterHelp], crisis: LetterHelp?
    ) {
        // Only verified entries are printed; an UNCONFIRMED one only when it at least has a way to reach it.
        func entries(_ need: SupportNeed) -> [LetterHelp] {
            directory.select(country: country, need: need, language: language)
                .filter { $0.status != .unconfirmed || $0.contact != nil }
                .map { LetterHelp(name: plainName($0.name), contact: $0.contact.map(LetterFormat.unbreakable) ?? "") }
        }
        return (Array(entries(.debtAdvice).prefix(2)), entries(.crisis).first)
    }

    /// A directory name without its bracketed note ("(your municipality)"), which is written for staff in English.
    static func plainName(_ name: String) -> String {
        guard let open = name.firstIndex(of: "("), name.hasSuffix(")") else { return name }
        return name[..<open].trimmingWhitespace()
    }
}
