import ForbearCore
import ForbearJobs
import ForbearStore
import Foundation
import Hummingbird

/// Operations and calculators: health, metrics, the OpenAPI document, fee quotes, affordability, portfolio upload
/// and readable rule packs.
struct ToolsController: Sendable {
    let services: Services

    func healthz(_ request: Request, context: AppContext) async throws -> Response {
        struct Health: Encodable { var status, database: String; var schemaVersion: Int }
        try await services.database.read { db in _ = try await CaseQueries.ping(db) }
        return try APIJSON.response(
            Health(status: "ok", database: services.database.dialect.rawValue, schemaVersion: Migrator.latestVersion))
    }

    func metrics(_ request: Request, context: AppContext) async throws -> Response {
        Response(
            status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
            body: .init(byteBuffer: ByteBuffer(bytes: services.registry.emitToBuffer())))
    }

    func openapi(_ request: Request, context: AppContext) async throws -> Response {
        Response(
            status: .ok, headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(bytes: try OpenAPIDocument.data())))
    }

    struct QuoteRequest: Decodable {
        var country: String
        var currency: Currency
        var principal: String
        var step: String?
    }

    func quote(_ request: Request, context: AppContext) async throws -> Response {
        let body = try await APIJSON.decode(QuoteRequest.self, from: request, context: context)
        guard let country = Country(code: body.country),
            let pack = services.packs.pack(for: country, on: services.today())
        else {
            throw Problem.invalid(
                "No rule pack for country \"\(body.country)\": use FI, NL, BE, DK, IT or GB.", code: "unknown_country")
        }
        let principal: Money
        do {
            principal = try Money.parse(body.principal, currency: body.currency)
        } catch {
            throw Problem.invalid("principal: \(error.description)", code: "bad_amount")
        }
        guard principal.isPositive else {
            throw Problem.invalid("principal must be more than zero", code: "bad_amount")
        }
        let q: FeeQuote
        do {
            q = try pack.quote(step: body.step, base: principal)
        } catch {
            throw Problem.invalid(error.description, code: "no_quote")
        }
        struct QuoteDTO: Encodable {
            var country, feeId, legalBasis, status: String
            var step: String?
            var amount, cap, principal: Money
        }
        return try APIJSON.response(
            QuoteDTO(
                country: country.rawValue, feeId: q.feeId, legalBasis: q.legalBasis, status: q.status.rawValue,
                step: body.step, amount: q.amount, cap: q.cap, principal: principal))
    }

    struct AffordabilityRequest: Decodable {
        var statement: FinancialStatement
        var policy: CreditorPolicy?
    }

    func affordability(_ request: Request, context: AppContext) async throws -> Response {
        let body = try await APIJSON.decode(AffordabilityRequest.self, from: request, context: context)
        guard let pack = services.packs.latest(for: body.statement.country) else {
            throw Problem.invalid("No rule pack for \(body.statement.country.rawValue).", code: "unknown_country")
        }
        do {
            let a = try services.affordability.assess(
                body.statement, pack: pack, policy: body.policy ?? .standard(body.statement.currency),
                on: services.today())
            return try APIJSON.response(a)
        } catch let e as MoneyError {
            throw Problem.invalid("The statement's amounts cannot be combined: \(e.description)", code: "bad_amount")
        }
    }

    func portfolio(_ request: Request, context: AppContext) async throws -> Response {
        let who = try context.require([.admin, .creditor])
        let creditorName: String
        if who.role == .creditor {
            guard let id = who.creditorId, let name = try await services.writer.creditorName(id: id) else {
                throw Problem.unauthorized
            }
            creditorName = name
        } else {
            guard let name = request.uri.queryParameters.get("creditor"), !name.isEmpty else {
                throw Problem.invalid(
                    "An admin token must name the creditor: POST /api/v1/portfolios?creditor=NAME",
                    code: "creditor_required")
            }
            creditorName = name
        }
        let buffer = try await request.body.collect(upTo: 512 << 20)
        var rejects: [Reject] = []
        let report: ImportReport
        do {
            report = try await PortfolioImport(writer: services.writer, packs: services.packs)
                .run(
                    MemoryByteSource(Data(buffer.readableBytesView)), creditor: creditorName,
                    reject: { rejects.append($0) })
        } catch let e as ImportError {
            throw Problem.invalid(e.description, code: "bad_portfolio")
        }
        try await services.access.audit(
            actor: "token:\(who.tokenId)", action: "portfolio.import", subjectType: "creditor", subjectId: creditorName,
            purpose: "imported \(report.imported), rejected \(report.rejected)")
        struct ReportDTO: Encodable {
            var creditor: String
            var rows, imported, alreadyPresent, rejected: Int
            var rejects: [Reject]
        }
        return try APIJSON.response(
            ReportDTO(
                creditor: creditorName, rows: report.rows, imported: report.imported,
                alreadyPresent: report.alreadyPresent,
                rejected: report.rejected, rejects: rejects),
            status: report.imported > 0 ? .created : .ok)
    }

    struct PaymentsRequest: Decodable {
        struct Entry: Decodable {
            var entryReference: String
            var amount: Money
            var bookingDate: LocalDate
            var valueDate: LocalDate?
            var reference: String?
            var remittance: String?
        }
        var entries: [Entry]
    }

    /// Payments as JSON (the same matching and booking as bank files); the entry reference is the idempotency key.
    func payments(_ request: Request, context: AppContext) async throws -> Response {
        let who = try context.require([.admin, .agent])
        let body = try await APIJSON.decode(PaymentsRequest.self, from: request, context: context)
        for (i, e) in body.entries.enumerated() {
            guard !e.entryReference.isEmpty else {
                throw Problem.invalid("entries[\(i)].entry_reference is empty", code: "invalid_body")
            }
            guard e.amount.isPositive else {
                throw Problem.invalid("entries[\(i)].amount must be more than zero", code: "bad_amount")
            }
        }
        let entries = body.entries.enumerated().map { i, e in
            BankEntry(
                entryReference: e.entryReference, amount: e.amount, isReversal: false, bookingDate: e.bookingDate,
                valueDate: e.valueDate, structuredReference: e.reference, unstructured: e.remittance, endToEndId: nil,
                path: "entries[\(i)]")
        }
        let report = try await PaymentImport(payments: PaymentStore(database: services.database, packs: services.packs))
            .receive(entries, source: "api token:\(who.tokenId)")
        struct ReportDTO: Encodable { var read, booked, duplicates, unmatched, reversed: Int }
        return try APIJSON.response(
            ReportDTO(
                read: report.read, booked: report.booked, duplicates: report.duplicates, unmatched: report.unmatched,
                reversed: report.reversed))
    }

    func rulePack(_ request: Request, context: AppContext) async throws -> Response {
        let code = try context.parameters.require("country")
        guard let country = Country(code: code), let pack = services.packs.pack(for: country, on: services.today())
        else {
            throw Problem.notFound("Rule pack \(code)")
        }
        return try APIJSON.response(pack)
    }
}
