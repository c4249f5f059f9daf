import ForbearCore
import ForbearJobs
import ForbearServer
import ForbearStore
import ForbearTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// The API through the production router (`buildApplication`), on a fresh SQLite file with two creditors.
@Suite struct APITests {
    struct World {
        var services: Services
        var admin: String
        var agent: String
        var northwind: String
        var bluebell: String
        var northwindCase: String
        var bluebellCase: String
    }

    static let header =
        "claim_ref,customer_ref,first_name,last_name,address_line1,postcode,city,country,language,currency,principal,due_date,description"

    func world() async throws -> World {
        let db = try await TestDatabases.make(.sqlite)
        let packs = try RulePackLibrary.bundled()
        let services = try Services(database: db, packs: packs, today: { LocalDate(iso: "2025-03-04")! })
        let importer = PortfolioImport(writer: services.writer, packs: packs)
        _ = try await importer.run(
            MemoryByteSource(
                Data(
                    "\(Self.header)\nN1,P1,Aino,Virtanen,Kauppakatu 1,00100,Helsinki,FI,fi,EUR,500.00,2025-03-03,Electricity bill"
                        .utf8)), creditor: "Northwind")
        _ = try await importer.run(
            MemoryByteSource(
                Data(
                    "\(Self.header)\nB1,Q1,Daan,de Vries,Kerkstraat 1,1012 AB,Amsterdam,NL,nl,EUR,200.00,2025-03-03,Phone plan"
                        .utf8)), creditor: "Bluebell")
        let nw = try await services.writer.findCreditor(named: "Northwind")!
        let bb = try await services.writer.findCreditor(named: "Bluebell")!
        let cases = try await services.queries.list(creditorId: nil, after: 0, limit: 10)
        return World(
            services: services,
            admin: try await services.access.createToken(role: .admin, creditorId: nil),
            agent: try await services.access.createToken(role: .agent, creditorId: nil),
            northwind: try await services.access.createToken(role: .creditor, creditorId: nw),
            bluebell: try await services.access.createToken(role: .creditor, creditorId: bb),
            northwindCase: cases.first { $0.record.creditorId == nw }!.record.id,
            bluebellCase: cases.first { $0.record.creditorId == bb }!.record.id)
    }

    /// Runs `body` with a fresh world and always closes its database, also when the test throws.
    func withWorld(_ body: (World) async throws -> Void) async throws {
        let w = try await world()
        try await closing(w.services.database, w, body)
    }

    func json(_ r: TestResponse) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(buffer: r.body)) as? [String: Any] ?? [:]
    }

    func auth(_ token: String) -> HTTPFields { [.authorization: "Bearer \(token)"] }

    @Test func withoutATokenTheAPIAnswers401AndPublicRoutesStayOpen() async throws {
        try await withWorld { (w: World) async throws in
            try await buildApplication(w.services).test(.router) { client in
                try await client.execute(uri: "/api/v1/cases", method: .get) { (r: TestResponse) async throws in
                    #expect(r.status == .unauthorized)
                    #expect(r.headers[.contentType] == "application/problem+json")
                    #expect(try json(r)["code"] as? String == "unauthorized")
                }
                try await client.execute(uri: "/api/v1/cases", method: .get, headers: auth("fb_nonsense")) {
                    (r: TestResponse) async throws in
                    #expect(r.status == .unauthorized)
                }
                try await client.execute(uri: "/healthz", method: .get) { (r: TestResponse) async throws in
                    #expect(r.status == .ok)
                    #expect(try json(r)["status"] as? String == "ok")
                }
                try await client.execute(uri: "/api/v1/openapi.json", method: .get) { (r: TestResponse) async throws in
                    #expect(r.status == .ok)
                }
                try await client.execute(uri: "/metrics", method: .get) { (r: TestResponse) async throws in
                    #expect(String(buffer: r.body).contains("forbear_http_requests_total"))
                }
            }
        }
    }

    @Test func aCreditorTokenSeesOnlyItsOwnCases() async throws {
        try await withWorld { (w: World) async throws in
            try await buildApplication(w.services).test(.router) { client in
                try await client.execute(
                    uri: "/api/v1/cases/\(w.bluebellCase)", method: .get, headers: auth(w.northwind)
                ) { (r: TestResponse) async throws in
                    #expect(r.status == .notFound)
                }
                try await client.execute(
                    uri: "/api/v1/cases/\(w.northwindCase)", method: .get, headers: auth(w.northwind)
                ) { (r: TestResponse) async throws in
                    #expect(r.status == .ok)
                    let body = try json(r)
                    #expect(body["creditor"] as? String == "Northwind")
                    #expect(
                        (body["balance"] as? [String: Any]).flatMap { $0["total"] as? [String: String] } == [
                            "amount": "500.00", "currency": "EUR",
                        ])
                    #expect((body["payment_reference"] as? [String: String])?["printed"] != nil)
                }
                try await client.execute(uri: "/api/v1/cases", method: .get, headers: auth(w.northwind)) {
                    (r: TestResponse) async throws in
                    let items = try json(r)["items"] as? [[String: Any]] ?? []
                    #expect(items.map { $0["creditor"] as? String } == ["Northwind"])
                }
                try await client.execute(uri: "/api/v1/cases?limit=1", method: .get, headers: auth(w.admin)) {
                    (r: TestResponse) async throws in
                    let body = try json(r)
                    #expect((body["items"] as? [Any])?.count == 1)
                    #expect(body["next_cursor"] as? String == "1")
                }
                try await client.execute(uri: "/api/v1/cases?cursor=1", method: .get, headers: auth(w.admin)) {
                    (r: TestResponse) async throws in
                    #expect((try json(r)["items"] as? [Any])?.count == 1)
                }
            }
            // every read of a customer's case is audited
            #expect(try await w.services.access.auditEvents(subjectId: w.northwindCase).map(\.action) == ["case.read"])
        }
    }

    @Test func aHoldFromTheAPIStopsTheNextCycleAndCanBeLifted() async throws {
        try await withWorld { (w: World) async throws in
            let holdId: String = try await buildApplication(w.services).test(.router) { client in
                let body = ByteBuffer(string: #"{"kind": "dispute", "reason": "Customer says the bill was paid"}"#)
                try await client.execute(
                    uri: "/api/v1/cases/\(w.northwindCase)/holds", method: .post, headers: auth(w.northwind), body: body
                ) { (r: TestResponse) async throws in
                    #expect(r.status == .forbidden, "creditors cannot start holds")
                }
                let id = try await client.execute(
                    uri: "/api/v1/cases/\(w.northwindCase)/holds", method: .post, headers: auth(w.agent), body: body
                ) { (r: TestResponse) async throws -> String in
                    #expect(r.status == .created)
                    return try json(r)["id"] as? String ?? ""
                }
                try await client.execute(
                    uri: "/api/v1/cases/\(w.northwindCase)/holds", method: .post, headers: auth(w.agent),
                    body: ByteBuffer(string: #"{"kind": "holiday", "reason": "x"}"#)
                ) { (r: TestResponse) async throws in
                    #expect(r.status == .unprocessableContent)
                    #expect(try json(r)["code"] as? String == "invalid_body")
                }
                return id
            }
            let report = try await DailyCycle(cases: CaseStore(database: w.services.database), packs: w.services.packs)
                .run(on: LocalDate(iso: "2025-03-04")!)
            #expect(report.decisions["sendLetter", default: 0] == 1, "only the other creditor's case gets a letter")
            let detail = try await w.services.queries.detail(caseId: w.northwindCase, creditorId: nil)!
            #expect(detail.communications.isEmpty)
            #expect(detail.decisions.last?.reasons.first?.ruleId == "hold.dispute")
            try await buildApplication(w.services).test(.router) { client in
                try await client.execute(
                    uri: "/api/v1/cases/\(w.northwindCase)/holds/\(holdId)", method: .delete, headers: auth(w.agent)
                ) { (r: TestResponse) async throws in
                    #expect(r.status == .noContent)
                }
                try await client.execute(
                    uri: "/api/v1/cases/\(w.northwindCase)/holds/nope", method: .delete, headers: auth(w.agent)
                ) { (r: TestResponse) async throws in
                    #expect(r.status == .notFound)
                }
            }
        }
    }

    @Test func collectionCostQuotesAreTransparent() async throws {
        try await withWorld { (w: World) async throws in
            try await buildApplication(w.services).test(.router) { client in
                let nl = ByteBuffer(string: #"{"country": "NL", "currency": "EUR", "principal": "5000.00"}"#)
                try await client.execute(
                    uri: "/api/v1/quotes/collection-costs", method: .post, headers: auth(w.northwind), body: nl
                ) { (r: TestResponse) async throws in
                    #expect(r.status == .ok)
                    let body = try json(r)
                    #expect(body["amount"] as? [String: String] == ["amount": "625.00", "currency": "EUR"])
                    #expect((body["legal_basis"] as? String)?.contains("incassokosten") == true)
                }
                let fi = ByteBuffer(
                    string: #"{"country": "FI", "currency": "EUR", "principal": "500.00", "step": "FI.repeatDemand"}"#)
                try await client.execute(
                    uri: "/api/v1/quotes/collection-costs", method: .post, headers: auth(w.admin), body: fi
                ) { (r: TestResponse) async throws in
                    #expect(try json(r)["amount"] as? [String: String] == ["amount": "12.00", "currency": "EUR"])
                }
                let bad = ByteBuffer(string: #"{"country": "XX", "currency": "EUR", "principal": "1"}"#)
                try await client.execute(
                    uri: "/api/v1/quotes/collection-costs", method: .post, headers: auth(w.admin), body: bad
                ) { (r: TestResponse) async throws in
                    #expect(r.status == .unprocessableContent)
                    #expect(try json(r)["code"] as? String == "unknown_country")
                }
                try await client.execute(uri: "/api/v1/rule-packs/fi", method: .get, headers: auth(w.admin)) {
                    (r: TestResponse) async throws in
                    #expect(r.status == .ok)
                    #expect((try json(r)["steps"] as? [[String: Any]])?.count == 3)
                }
                try await client.execute(uri: "/api/v1/rule-packs/xx", method: .get, headers: auth(w.admin)) {
                    (r: TestResponse) async throws in
                    #expect(r.status == .notFound)
                }
            }
        }
    }

    @Test func affordabilityTakesAStatementAndGivesTheOutcome() async throws {
        try await withWorld { (w: World) async throws in
            let statement = """
                {"statement": {"country": "GB", "currency": "GBP", "household": {"adults": 1, "dependants_under16": 0, "dependants16_to18": 0,
                  "other_members": 0, "vehicles": 0, "tenure": "rent", "employment": "employed"},
                 "income": [{"category": "earnings", "monthly": {"amount": "1650.00", "currency": "GBP"}}],
                 "fixed_costs": [{"category": "home", "monthly": {"amount": "900.00", "currency": "GBP"}}],
                 "flexible_costs": [{"category": "foodAndHousekeeping", "monthly": {"amount": "600.00", "currency": "GBP"}}],
                 "savings_contribution": {"amount": "0.00", "currency": "GBP"},
                 "priority_debts": [{"creditor": "Council", "balance": {"amount": "900.00", "currency": "GBP"}, "monthly_payment": {"amount": "50.00", "currency": "GBP"}, "is_this_creditor": false}],
                 "non_priority_debts": [
                   {"creditor": "A", "balance": {"amount": "500.00", "currency": "GBP"}, "monthly_payment": {"amount": "0.00", "currency": "GBP"}, "is_this_creditor": false},
                   {"creditor": "Us", "balance": {"amount": "1000.00", "currency": "GBP"}, "monthly_payment": {"amount": "0.00", "currency": "GBP"}, "is_this_creditor": true},
                   {"creditor": "B", "balance": {"amount": "233.00", "currency": "GBP"}, "monthly_payment": {"amount": "0.00", "currency": "GBP"}, "is_this_creditor": false},
                   {"creditor": "C", "balance": {"amount": "200.00", "currency": "GBP"}, "monthly_payment": {"amount": "0.00", "currency": "GBP"}, "is_this_creditor": false}],
                 "unanswered": []}}
                """
            try await buildApplication(w.services).test(.router) { client in
                try await client.execute(
                    uri: "/api/v1/affordability", method: .post, headers: auth(w.agent),
                    body: ByteBuffer(string: statement)
                ) { (r: TestResponse) async throws in
                    #expect(r.status == .ok)
                    let text = String(buffer: r.body)
                    #expect(text.contains(#""affordable":{"monthly":{"amount":"51.73","currency":"GBP"}}"#))
                }
                try await client.execute(
                    uri: "/api/v1/affordability", method: .post, headers: auth(w.agent), body: ByteBuffer(string: "{}")
                ) { (r: TestResponse) async throws in
                    #expect(r.status == .unprocessableContent)
                    #expect((try json(r)["detail"] as? String)?.contains("statement is missing") == true)
                }
            }
        }
    }

    @Test func portfoliosCanBeSentThroughTheAPIWithEveryRejectListed() async throws {
        try await withWorld { (w: World) async throws in
            let csv =
                "\(Self.header)\nN2,P2,Eero,Laine,Koulukatu 2,33100,Tampere,FI,fi,EUR,80.00,2025-03-01,Gym membership\nN3,P3,Eero,Laine,Koulukatu 2,33100,Tampere,FI,fi,EUR,abc,2025-03-01,Gym"
            try await buildApplication(w.services).test(.router) { client in
                try await client.execute(
                    uri: "/api/v1/portfolios", method: .post, headers: auth(w.northwind), body: ByteBuffer(string: csv)
                ) { (r: TestResponse) async throws in
                    #expect(r.status == .created)
                    let body = try json(r)
                    #expect(body["imported"] as? Int == 1 && body["rejected"] as? Int == 1)
                    let reject = (body["rejects"] as? [[String: Any]])?.first
                    #expect(reject?["line"] as? Int == 3 && reject?["column"] as? String == "principal")
                }
                try await client.execute(
                    uri: "/api/v1/portfolios", method: .post, headers: auth(w.northwind), body: ByteBuffer(string: csv)
                ) { (r: TestResponse) async throws in
                    #expect(r.status == .ok, "nothing new the second time")
                    #expect(try json(r)["already_present"] as? Int == 1)
                }
                #expect(
                    try await w.services.access.auditEvents(subjectId: "Northwind").map(\.action) == [
                        "portfolio.import", "portfolio.import",
                    ])
                try await client.execute(
                    uri: "/api/v1/portfolios", method: .post, headers: auth(w.admin), body: ByteBuffer(string: csv)
                ) { (r: TestResponse) async throws in
                    #expect(try json(r)["code"] as? String == "creditor_required")
                }
                try await client.execute(
                    uri: "/api/v1/portfolios", method: .post, headers: auth(w.agent), body: ByteBuffer(string: csv)
                ) { (r: TestResponse) async throws in
                    #expect(r.status == .forbidden)
                }
                try await client.execute(
                    uri: "/api/v1/portfolios", method: .post, headers: auth(w.northwind),
                    body: ByteBuffer(string: "a,b\n1,2")
                ) { (r: TestResponse) async throws in
                    #expect(r.status == .unprocessableContent)
                    #expect(try json(r)["code"] as? String == "bad_portfolio")
                }
            }
        }
    }

    @Test func paymentsSentAsJSONAreBookedOnceByTheirEntryReference() async throws {
        try await withWorld { (w: World) async throws in
            let reference = try await w.services.queries.detail(caseId: w.northwindCase, creditorId: nil)!.record
                .paymentReference
            let body = ByteBuffer(
                string: """
                    {"entries": [{"entry_reference": "BANK-1", "amount": {"amount": "100.00", "currency": "EUR"},
                      "booking_date": "2025-03-10", "reference": "\(reference)"},
                     {"entry_reference": "BANK-2", "amount": {"amount": "5.00", "currency": "EUR"},
                      "booking_date": "2025-03-10", "remittance": "no idea"}]}
                    """)
            try await buildApplication(w.services).test(.router) { client in
                try await client.execute(uri: "/api/v1/payments", method: .post, headers: auth(w.agent), body: body) {
                    (r: TestResponse) async throws in
                    #expect(r.status == .ok)
                    let report = try json(r)
                    #expect(report["booked"] as? Int == 1 && report["unmatched"] as? Int == 1)
                }
                try await client.execute(uri: "/api/v1/payments", method: .post, headers: auth(w.agent), body: body) {
                    (r: TestResponse) async throws in
                    #expect(try json(r)["duplicates"] as? Int == 2, "re-sending books nothing")
                }
                try await client.execute(uri: "/api/v1/payments", method: .post, headers: auth(w.northwind), body: body)
                { (r: TestResponse) async throws in
                    #expect(r.status == .forbidden)
                }
            }
            let detail = try await w.services.queries.detail(caseId: w.northwindCase, creditorId: nil)!
            #expect(detail.snapshot.ledger.totalBalance.decimalString == "400.00")
        }
    }

    @Test func theOpenAPIDocumentDescribesExactlyTheRoutesThatExist() throws {
        let documented = try OpenAPIDocument.operations()
        let registered = Set(APIRoute.allCases.map { "\($0.method.rawValue) \($0.path)" })
        #expect(documented == registered)
        let text = String(decoding: try OpenAPIDocument.data(), as: UTF8.self)
        #expect(text.contains(#""openapi": "3.1.0""#))
    }
}
