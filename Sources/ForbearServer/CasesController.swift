import ForbearCore
import ForbearStore
import Foundation
import Hummingbird

/// Cases: list, read, and holds. A creditor token sees only its own creditor's cases; another's answer 404.
struct CasesController: Sendable {
    let services: Services

    func list(_ request: Request, context: AppContext) async throws -> Response {
        let who = try context.caller()
        let limit = min(500, max(1, request.uri.queryParameters.get("limit", as: Int.self) ?? 50))
        var after: Int64 = 0
        if let cursor = request.uri.queryParameters.get("cursor") {
            guard let n = Int64(cursor), n >= 0 else {
                throw Problem.invalid("cursor \"\(cursor)\" is not one this API gave out", code: "bad_cursor")
            }
            after = n
        }
        let items = try await services.queries.list(
            creditorId: who.role == .creditor ? who.creditorId : nil, after: after, limit: limit)
        return try APIJSON.response(
            CaseListDTO(
                items: items.map {
                    .init(
                        id: $0.record.id, number: $0.record.number, status: $0.record.status,
                        country: $0.record.country.rawValue,
                        creditor: $0.creditorName, paymentReference: $0.record.paymentReference, balance: $0.balance)
                },
                nextCursor: items.count == limit ? items.last.map { String($0.record.number) } : nil))
    }

    func get(_ request: Request, context: AppContext) async throws -> Response {
        let who = try context.caller()
        let id = try context.parameters.require("id")
        guard
            let detail = try await services.queries.detail(
                caseId: id, creditorId: who.role == .creditor ? who.creditorId : nil)
        else { throw Problem.notFound("Case \(id)") }
        try await services.access.audit(
            actor: "token:\(who.tokenId)", action: "case.read", subjectType: "case", subjectId: id,
            purpose: "api")
        return APIJSON.response(json: try CaseDTO(detail, today: services.today()).json())
    }

    /// The letters written to the customer (and copies to a representative), newest last.
    func letters(_ request: Request, context: AppContext) async throws -> Response {
        let who = try context.caller()
        let id = try context.parameters.require("id")
        guard
            try await services.queries.detail(caseId: id, creditorId: who.role == .creditor ? who.creditorId : nil)
                != nil
        else { throw Problem.notFound("Case \(id)") }
        struct Item: Encodable {
            var id, step, date, recipient, template, version, language, channel, sha256, pdf: String
            var pages: Int
        }
        struct List: Encodable { var items: [Item] }
        let items = try await services.letters.letters(caseId: id).map {
            Item(
                id: $0.id, step: $0.stepId, date: $0.date.iso, recipient: $0.recipient, template: $0.template,
                version: $0.version, language: $0.language, channel: $0.channel, sha256: $0.sha256,
                pdf: APIRoute.caseLetterPDF.link(["id": id, "letterId": $0.id]), pages: $0.pages)
        }
        return try APIJSON.response(List(items: items))
    }

    /// One letter exactly as it was sent, as PDF.
    func letterPDF(_ request: Request, context: AppContext) async throws -> Response {
        let who = try context.caller()
        let id = try context.parameters.require("id")
        let letterId = try context.parameters.require("letterId")
        guard
            try await services.queries.detail(caseId: id, creditorId: who.role == .creditor ? who.creditorId : nil)
                != nil, let pdf = try await services.letters.pdf(caseId: id, letterId: letterId)
        else { throw Problem.notFound("Letter \(letterId) on case \(id)") }
        try await services.access.audit(
            actor: "token:\(who.tokenId)", action: "letter.read", subjectType: "case", subjectId: id, purpose: "api")
        return Response(
            status: .ok, headers: [.contentType: "application/pdf"], body: .init(byteBuffer: ByteBuffer(bytes: pdf)))
    }

    struct HoldRequest: Decodable {
        var kind: HoldKind
        var start: LocalDate?
        var end: LocalDate?
        var reason: String
    }

    func startHold(_ request: Request, context: AppContext) async throws -> Response {
        let who = try context.require([.admin, .agent])
        let id = try context.parameters.require("id")
        guard try await services.queries.detail(caseId: id, creditorId: nil) != nil else {
            throw Problem.notFound("Case \(id)")
        }
        let body = try await APIJSON.decode(HoldRequest.self, from: request, context: context)
        guard !body.reason.allSatisfy(\.isWhitespace) else {
            throw Problem.invalid("A hold needs a reason.", code: "reason_required")
        }
        let hold = Hold(
            id: UUID().uuidString.lowercased(), kind: body.kind, start: body.start ?? services.today(), end: body.end,
            reason: body.reason, startedBy: "token:\(who.tokenId)")
        do {
            try await services.holds.start(hold, caseId: id)
        } catch let refusal as HoldRefusal {
            throw Problem.invalid(refusal.description, code: "hold_refused")
        }
        try await services.access.audit(
            actor: "token:\(who.tokenId)", action: "hold.start", subjectType: "case", subjectId: id,
            purpose: body.kind.rawValue)
        struct Created: Encodable { var id, kind, start: String; var end: String? }
        return try APIJSON.response(
            Created(id: hold.id, kind: hold.kind.rawValue, start: hold.start.iso, end: hold.end?.iso),
            status: .created)
    }

    func liftHold(_ request: Request, context: AppContext) async throws -> Response {
        let who = try context.require([.admin, .agent])
        let id = try context.parameters.require("id")
        let holdId = try context.parameters.require("holdId")
        guard try await services.holds.lift(holdId: holdId, caseId: id, on: services.today()) else {
            throw Problem.notFound("Hold \(holdId) on case \(id)")
        }
        try await services.access.audit(
            actor: "token:\(who.tokenId)", action: "hold.lift", subjectType: "case", subjectId: id)
        return Response(status: .noContent)
    }
}
