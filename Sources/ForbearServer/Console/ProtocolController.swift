import ForbearCore
import ForbearStore
import Foundation
import Hummingbird

/// The guided conversations (TEXAS, IDEA, BRUCE, BLAKE, HARMED) as a step-by-step screen. Each answer is applied at
/// once: a crisis hold, an urgent escalation and the emergency guidance come the moment the answer is given; the
/// disclosure (with the customer's words only after explicit consent) is recorded when the conversation ends.
struct ProtocolController: Sendable {
    let services: Services

    func start(_ request: Request, context: AppContext) async throws -> Response {
        guard let staff = context.staff else { throw ConsoleError.forbidden }
        let id = try context.parameters.require("id")
        let protocolId = try context.parameters.require("protocol")
        guard try await services.queries.exists(caseId: id), services.protocols(protocolId) != nil else {
            throw ConsoleError.notFound
        }
        let runId = try await services.runs.start(
            caseId: id, protocolId: protocolId, by: staff.username, on: services.today())
        try await services.access.audit(
            actor: "staff:\(staff.username)", action: "protocol.start", subjectType: "case", subjectId: id,
            purpose: protocolId)
        return .redirect(to: ConsoleRoute.protocolRun.link(["runId": runId]))
    }

    /// The conversation rebuilt from its sealed answers.
    private func load(_ context: AppContext) async throws -> (ProtocolRun, ProtocolConversation, CaseDetail) {
        let runId = try context.parameters.require("runId")
        guard let run = try await services.runs.run(id: runId), let definition = services.protocols(run.protocolId),
            let detail = try await services.queries.detail(caseId: run.caseId, creditorId: nil)
        else { throw ConsoleError.notFound }
        let prior = try await services.care.summaries(caseId: run.caseId).contains(where: \.hasConsent)
        var conversation = ProtocolConversation(definition, startedOn: run.startedOn, priorConsent: prior)
        for a in run.answers { try conversation.answer(a) }
        return (run, conversation, detail)
    }

    func show(_ request: Request, context: AppContext) async throws -> Response {
        guard let staff = context.staff else { throw ConsoleError.forbidden }
        let (run, conversation, detail) = try await load(context)
        if run.completedAt != nil { return .redirect(to: ConsoleRoute.caseView.link(["id": run.caseId])) }
        return page(run: run, conversation: conversation, detail: detail, staff: staff, error: nil)
    }

    func answer(_ request: Request, context: AppContext) async throws -> Response {
        guard let staff = context.staff else { throw ConsoleError.forbidden }
        var (run, conversation, detail) = try await load(context)
        guard run.completedAt == nil, let step = conversation.currentStep else {
            return .redirect(to: ConsoleRoute.caseView.link(["id": run.caseId]))
        }
        let t = services.views.text(staff.language)
        let given: ProtocolAnswer
        switch step.answer.type {
        case .acknowledge: given = .acknowledged
        case .yesNo:
            guard let v = context.form["answer"], v == "yes" || v == "no" else {
                return page(run: run, conversation: conversation, detail: detail, staff: staff, error: t["errorChoose"])
            }
            given = v == "yes" ? .yes : .no
        case .choice:
            guard let v = context.form["answer"] else {
                return page(run: run, conversation: conversation, detail: detail, staff: staff, error: t["errorChoose"])
            }
            given = .choice(v)
        case .multiChoice: given = .choices(context.form.all("answer"))
        case .text: given = .text(context.form["answer"] ?? "")
        }
        let commands: [ProtocolCommand]
        do {
            commands = try conversation.answer(given)
        } catch {
            let message = error == .emptyText(step: step.id) ? t["errorWriteSomething"] : t["errorChoose"]
            return page(run: run, conversation: conversation, detail: detail, staff: staff, error: message)
        }
        run.answers.append(given)
        try await apply(commands, run: run, detail: detail, staff: staff)
        if conversation.isComplete {
            try await finish(run: run, conversation: conversation, staff: staff)
        } else {
            try await services.runs.save(id: run.id, answers: run.answers, completed: false)
        }
        return page(run: run, conversation: conversation, detail: detail, staff: staff, error: nil)
    }

    /// What must happen the moment an answer is given: holds, escalations, signposting, records.
    private func apply(_ commands: [ProtocolCommand], run: ProtocolRun, detail: CaseDetail, staff: StaffSession)
        async throws
    {
        let today = services.today()
        for command in commands {
            switch command {
            case .startHold(let kind):
                let hold = Hold(
                    id: UUID().uuidString.lowercased(), kind: kind, start: today,
                    reason: "\(run.protocolId) conversation", startedBy: staff.username)
                do {
                    try await services.holds.start(hold, caseId: run.caseId)
                } catch let refusal as HoldRefusal {
                    try await services.events.add(
                        caseId: run.caseId, actor: staff.username, kind: "holdRefused", text: refusal.description)
                }
            case .escalate(let priority, let reason):
                try await services.escalations.raise(
                    caseId: run.caseId, date: today, priority: priority,
                    reason: reason.hasPrefix(run.protocolId) ? reason : "\(run.protocolId): \(reason)",
                    source: .console, by: staff.username)
            case .signpost(let needs):
                try await services.events.add(
                    caseId: run.caseId, actor: staff.username, kind: "signposted",
                    text: needs.map(\.rawValue).joined(separator: ", "))
            case .emergencyServicesGuidance:
                try await services.events.add(
                    caseId: run.caseId, actor: staff.username, kind: "emergencyGuidance",
                    text: services.signposts.emergencyNumber(for: detail.record.country)?.number ?? "112")
            case .recordConcernNotification:
                try await services.events.add(
                    caseId: run.caseId, actor: staff.username, kind: "concernNotification",
                    text: "A concern notification to the social welfare authority was agreed in \(run.protocolId).")
            default: break
            }
        }
    }

    private func finish(run: ProtocolRun, conversation: ProtocolConversation, staff: StaffSession) async throws {
        if let d = conversation.disclosure(id: UUID().uuidString.lowercased(), recordedBy: staff.username, at: Date()) {
            try await services.care.record(d, caseId: run.caseId)
        }
        try await services.runs.save(id: run.id, answers: [], completed: true)
        let t = services.views.text("en")
        let summary = conversation.commands.map { ConsoleFormat.command($0, t) }.joined(separator: "; ")
        try await services.events.add(
            caseId: run.caseId, actor: staff.username, kind: "protocol",
            text: "\(run.protocolId) finished" + (summary.isEmpty ? "." : ": \(summary)."))
        try await services.access.audit(
            actor: "staff:\(staff.username)", action: "protocol.finish", subjectType: "case", subjectId: run.caseId,
            purpose: run.protocolId)
    }

    private func page(
        run: ProtocolRun, conversation: ProtocolConversation, detail: CaseDetail, staff: StaffSession, error: String?
    ) -> Response {
        let t = services.views.text(staff.language)
        let fmt = ConsoleFormat(language: staff.language)
        let lang = fmt.language
        let d = conversation.definition
        let country = detail.record.country
        let customerLanguage = Language(rawValue: detail.customer.language) ?? lang
        var data: [String: Any] = [
            "title": d.title.text(lang), "purpose": d.purpose.text(lang), "protocolId": d.id,
            "caseLink": ConsoleRoute.caseView.link(["id": run.caseId]), "caseNumber": String(detail.record.number),
            "action": ConsoleRoute.answerProtocol.link(["runId": run.id]),
            "done": conversation.commands.map { ConsoleFormat.command($0, t) },
            "anyDone": !conversation.commands.isEmpty, "complete": conversation.isComplete,
            "stepNumber": conversation.answeredOrder.count + 1,
        ]
        if let note = d.note?.text(lang) {
            data["note"] = note
            data["hasNote"] = true
        }
        if d.wordingIsOrganisationsOwn == true { data["ownWording"] = true }
        if let error {
            data["error"] = error
            data["hasError"] = true
        }
        let crisis = d.crisis == true || conversation.commands.contains(.emergencyServicesGuidance)
        if crisis {
            data["crisis"] =
                [
                    "emergency": services.signposts.emergencyNumber(for: country)?.number ?? "112",
                    "urgentNow": conversation.commands.contains(.emergencyServicesGuidance),
                    "lines": services.signposts.select(country: country, need: .crisis, language: customerLanguage).map
                    {
                        ["name": $0.name, "contact": $0.contact ?? "", "hours": $0.hours ?? ""]
                    },
                ] as [String: Any]
        }
        var needs: [SupportNeed] = []
        for case .signpost(let n) in conversation.commands { needs += n }
        let help = Array(Set(needs)).sorted { $0.rawValue < $1.rawValue }.flatMap { need in
            services.signposts.select(country: country, need: need, language: customerLanguage)
                .filter { $0.contact != nil }
                .map {
                    ["name": $0.name, "contact": $0.contact ?? "", "need": t["need_\(need.rawValue)"] ?? need.rawValue]
                }
        }
        if !help.isEmpty {
            data["helpLines"] = help
            data["hasHelp"] = true
        }
        if let step = conversation.currentStep {
            var s: [String: Any] = [
                "id": step.id, "letter": step.letter ?? "", "hasLetter": step.letter != nil,
                "title": step.title.text(lang),
                "prompt": step.prompt.text(lang),
            ]
            let options = (step.answer.options ?? []).map { ["value": $0.id, "label": $0.label.text(lang)] }
            switch step.answer.type {
            case .acknowledge: s["acknowledge"] = true
            case .yesNo: s["yesNo"] = true
            case .choice: s["single"] = ["options": options]
            case .multiChoice: s["multi"] = ["options": options]
            case .text: s["text"] = true
            }
            data["step"] = s
        }
        return services.views.page("protocol", title: "protocolTitle", data: data, staff: staff)
    }
}
