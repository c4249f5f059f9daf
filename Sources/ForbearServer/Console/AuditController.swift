import ForbearJobs
import ForbearStore
import Foundation
import Hummingbird

/// The compliance view of the audit trail: who saw or changed which customer's data, when and why; as CSV too.
struct AuditController: Sendable {
    let services: Services

    private func filter(_ request: Request) -> AuditFilter {
        let q = request.uri.queryParameters
        func v(_ name: String) -> String? { q.get(name).flatMap { $0.isEmpty ? nil : $0 } }
        return AuditFilter(
            actor: v("actor"), action: v("action"), subjectId: v("subject"), from: v("from"), through: v("through"))
    }

    func page(_ request: Request, context: AppContext) async throws -> Response {
        guard let staff = context.staff else { throw ConsoleError.forbidden }
        let f = filter(request)
        let events = try await services.access.auditLog(f, limit: 500)
        try await services.access.audit(
            actor: "staff:\(staff.username)", action: "audit.read", subjectType: "audit", subjectId: "trail")
        var query = request.uri.query ?? ""
        if !query.isEmpty { query = "?" + query }
        return services.views.page(
            "audit", title: "auditTitle",
            data: [
                "events": events.map { e in
                    var row: [String: Any] = [
                        "at": String(e.at.prefix(19)).replacingOccurrences(of: "T", with: " "), "actor": e.actor,
                        "action": e.action, "subject": e.subjectId, "subjectType": e.subjectType,
                        "purpose": e.purpose ?? "",
                    ]
                    if e.subjectType == "case" {
                        row["caseLink"] = ConsoleRoute.caseView.link(["id": e.subjectId])
                        row["hasCase"] = true
                    }
                    return row
                },
                "any": !events.isEmpty, "count": events.count, "csvLink": ConsoleRoute.auditCSV.path + query,
                "actor": f.actor ?? "", "action": f.action ?? "", "subject": f.subjectId ?? "", "from": f.from ?? "",
                "through": f.through ?? "",
            ], staff: staff)
    }

    func csv(_ request: Request, context: AppContext) async throws -> Response {
        guard let staff = context.staff else { throw ConsoleError.forbidden }
        let events = try await services.access.auditLog(filter(request), limit: nil)
        try await services.access.audit(
            actor: "staff:\(staff.username)", action: "audit.export", subjectType: "audit", subjectId: "trail",
            purpose: "\(events.count) events")
        var out = "at,actor,action,subject_type,subject_id,purpose\n"
        for e in events {
            out +=
                [e.at, e.actor, e.action, e.subjectType, e.subjectId, e.purpose ?? ""].map(Self.cell).joined(
                    separator: ",") + "\n"
        }
        return Response(
            status: .ok,
            headers: [
                .contentType: "text/csv; charset=utf-8", .contentDisposition: "attachment; filename=\"audit.csv\"",
                .cacheControl: "no-store",
            ],
            body: .init(byteBuffer: ByteBuffer(string: out)))
    }

    /// A CSV cell a spreadsheet will not run as a formula.
    static func cell(_ s: String) -> String {
        CSVField.quote(s.first.map { "=+-@".contains($0) } == true ? "'" + s : s)
    }
}
