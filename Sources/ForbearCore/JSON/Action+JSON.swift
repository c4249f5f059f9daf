extension Action {
    /// How keys are spelled: as the store keeps actions (`stepId`) or as the API shows them (`step_id`).
    public enum KeyStyle: Sendable { case camel, snake }

    /// Writes the action as its `Codable` form would be encoded with sorted keys (and, for `.snake`, snake_case
    /// keys), for the three actions the daily cycle takes for nearly every case. Returns false, writing nothing, for
    /// the rarer ones, which the caller encodes generically.
    public func writeJSON(into out: inout JSONText, keys: KeyStyle) -> Bool {
        let snake = keys == .snake
        func key(_ camel: String, _ snakeCase: String) -> String { snake ? snakeCase : camel }
        switch self {
        case .sendLetter(let stepId, let occurrence, let channel, let deadline):
            out.object {
                $0.field(key("sendLetter", "send_letter")) {
                    $0.object {
                        $0.field("channel", channel.rawValue)
                        $0.field("deadline", deadline.iso)
                        $0.field("occurrence", Int64(occurrence))
                        $0.field(key("stepId", "step_id"), stepId)
                    }
                }
            }
        case .chargeFee(let feeId, let claimId, let component, let amount, let legalBasis):
            out.object {
                $0.field(key("chargeFee", "charge_fee")) {
                    $0.object {
                        $0.field("amount", amount)
                        $0.field(key("claimId", "claim_id"), claimId)
                        $0.field("component", component.rawValue)
                        $0.field(key("feeId", "fee_id"), feeId)
                        $0.field(key("legalBasis", "legal_basis"), legalBasis)
                    }
                }
            }
        case .accrueInterest(let claimId, let amount, let from, let through, let days):
            out.object {
                $0.field(key("accrueInterest", "accrue_interest")) {
                    $0.object {
                        $0.field("amount", amount)
                        $0.field(key("claimId", "claim_id"), claimId)
                        $0.field("days", Int64(days))
                        $0.field("from", from.iso)
                        $0.field("through", through.iso)
                    }
                }
            }
        default:
            return false
        }
        return true
    }
}
