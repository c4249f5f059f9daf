import ForbearCore

extension CaseDTO {
    /// The case exactly as `APIJSON` encodes it (sorted snake_case keys), written directly: the generic encoder was
    /// the largest single cost of `GET /api/v1/cases/{id}`. `CaseDTOJSONTests` checks both agree on every demo case.
    func json() throws -> [UInt8] {
        var out = JSONText(capacity: 2048)
        try out.object { o in
            o.field("balance") {
                $0.object {
                    $0.field("credit", balance.credit)
                    $0.field("fee", balance.fee)
                    $0.field("interest", balance.interest)
                    $0.field("plan_fee", balance.planFee)
                    $0.field("principal", balance.principal)
                    $0.field("total", balance.total)
                }
            }
            o.field("claims") {
                $0.array(claims) { out, c in
                    out.object {
                        $0.field("claim_ref", c.claimRef)
                        $0.field("description", c.description)
                        $0.field("due_date", c.dueDate)
                        $0.field("id", c.id)
                        $0.field("interest_rate", c.interestRate)
                        $0.field("principal", c.principal)
                    }
                }
            }
            o.field("communications") {
                $0.array(communications) { out, c in
                    out.object {
                        $0.field("channel", c.channel)
                        $0.field("date", c.date)
                        $0.field("deadline", c.deadline)
                        $0.field("occurrence", Int64(c.occurrence))
                        $0.field("status", c.status)
                        $0.field("step_id", c.stepId)
                    }
                }
            }
            o.field("country", country)
            o.field("creditor", creditor)
            o.field("currency", currency)
            o.field("customer") {
                $0.object {
                    $0.field("city", customer.city)
                    $0.field("country", customer.country)
                    $0.field("customer_ref", customer.customerRef)
                    $0.field("first_name", customer.firstName)
                    $0.field("id", customer.id)
                    $0.field("language", customer.language)
                    $0.field("last_name", customer.lastName)
                }
            }
            try o.field("decisions") { try Self.write(decisions, into: &$0) }
            o.field("handle_with_care", handleWithCare)
            o.field("holds") {
                $0.array(holds) { out, h in
                    out.object {
                        $0.field("active", h.active)
                        $0.field("end", h.end)
                        $0.field("id", h.id)
                        $0.field("kind", h.kind)
                        $0.field("lifted_on", h.liftedOn)
                        $0.field("reason", h.reason)
                        $0.field("start", h.start)
                    }
                }
            }
            o.field("id", id)
            o.field("number", number)
            o.field("payment_reference") {
                $0.object {
                    $0.field("printed", paymentReference.printed)
                    $0.field("value", paymentReference.value)
                }
            }
            o.field("sector", sector)
            o.field("status", status)
        }
        return out.bytes
    }

    private static func write(_ decisions: [DecisionDTO], into out: inout JSONText) throws {
        try out.array(decisions) { out, d in
            try out.object {
                $0.field("action", d.action)
                $0.field("date", d.date)
                try $0.field("details") {
                    if !d.details.writeJSON(into: &$0, keys: .snake) {
                        $0.raw(Array(try APIJSON.encoder.encode(d.details)))
                    }
                }
                $0.field("reasons") { $0.array(d.reasons) { out, r in r.writeJSON(into: &out, keys: .snake) } }
            }
        }
    }
}
