import ForbearStore
import Foundation
import Hummingbird
import Mustache

/// Server-rendered pages (the console's, the portal's): Mustache templates from one resource folder, HTML-escaped by
/// default, and the interface text in each language.
public struct PageViews: Sendable {
    let library: MustacheLibrary
    /// language → key → text; English is complete and fills any gap. A language tagged `-easy` ("en-easy") holds the
    /// easy-read wording of the keys that have one.
    let strings: [String: [String: String]]

    static let languages: [(code: String, name: String)] = [
        ("en", "English"), ("nl", "Nederlands"), ("fi", "Suomi"), ("da", "Dansk"), ("it", "Italiano"),
    ]

    public static func bundled(folder: String = "Console") throws -> PageViews {
        guard let dir = Bundle.module.url(forResource: folder, withExtension: nil, subdirectory: "Resources") else {
            throw ConsoleError(
                status: .internalServerError, key: "errorInternal", detail: "\(folder) templates missing")
        }
        var library = MustacheLibrary()
        for name in try FileManager.default.contentsOfDirectory(atPath: dir.path) where name.hasSuffix(".mustache") {
            let text = try String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8)
            try library.register(text, named: String(name.dropLast(".mustache".count)))
        }
        let strings = try JSONDecoder().decode(
            [String: [String: String]].self, from: Data(contentsOf: dir.appendingPathComponent("strings.json")))
        return PageViews(library: library, strings: strings)
    }

    func text(_ language: String, easyRead: Bool = false) -> [String: String] {
        var t = (strings["en"] ?? [:]).merging(strings[language] ?? [:]) { $1 }
        // Easy-read wording only in the reader's own language: never English easy text over a translation.
        if easyRead { t.merge(strings["\(language)-easy"] ?? [:]) { $1 } }
        return t
    }

    /// Renders a template (which inherits its layout, so every output is escaped) as a page.
    func render(_ template: String, data: [String: Any], status: HTTPResponse.Status = .ok) -> Response {
        Self.html(library.render(data, withTemplate: template) ?? "", status: status)
    }

    /// A page inside the console's layout, in the signed-in person's language.
    func page(
        _ template: String, title: String, data: [String: Any] = [:], staff: StaffSession?, language: String? = nil,
        status: HTTPResponse.Status = .ok
    ) -> Response {
        let lang = language ?? staff?.language ?? "en"
        let t = text(lang)
        // Every page inherits the layout (`{{<layout}}`), so all output, the layout's included, is escaped.
        var d = data
        d["t"] = t
        d["lang"] = lang
        d["pageTitle"] = t[title] ?? title
        if let staff {
            d["csrf"] = staff.csrf
            if !staff.secondFactorPending {
                d["staff"] = [
                    "username": staff.username, "role": t["role_\(staff.role.rawValue)"] ?? staff.role.rawValue,
                    "csrf": staff.csrf, "canAudit": ConsoleRoute.audit.roles?.contains(staff.role) ?? true,
                    "languages": Self.languages.map {
                        ["code": $0.code, "name": $0.name, "selected": $0.code == lang]
                    },
                ]
            }
        }
        return render(template, data: d, status: status)
    }

    static func html(_ html: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status,
            headers: [
                .contentType: "text/html; charset=utf-8", .cacheControl: "no-store",
                .contentSecurityPolicy:
                    "default-src 'self'; style-src 'self' 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
                .init("X-Content-Type-Options")!: "nosniff", .init("Referrer-Policy")!: "same-origin",
            ],
            body: .init(byteBuffer: ByteBuffer(string: html)))
    }
}

/// A console error shown as a friendly page; `key` names the message in the interface text.
struct ConsoleError: Error, Sendable {
    var status: HTTPResponse.Status
    var key: String
    var detail: String? = nil

    static let forbidden = ConsoleError(status: .forbidden, key: "errorForbidden")
    static let notFound = ConsoleError(status: .notFound, key: "errorNotFound")
    static let csrf = ConsoleError(status: .forbidden, key: "errorCsrf")
    static func invalid(_ key: String, _ detail: String? = nil) -> ConsoleError {
        ConsoleError(status: .unprocessableContent, key: key, detail: detail)
    }
}
