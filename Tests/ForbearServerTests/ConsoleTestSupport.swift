import ForbearCore
import ForbearJobs
import ForbearServer
import ForbearStore
import ForbearTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting

/// A staff member's browser for console tests: keeps the cookies, reads the CSRF token from each page and sends
/// forms the way a browser does (url-encoded, with the token), following nothing automatically.
struct StaffBrowser {
    let client: any TestClientProtocol
    var cookies: [String: String] = [:]
    var csrf = ""
    var lastPage = ""

    init(_ client: any TestClientProtocol) { self.client = client }

    var cookieHeader: HTTPFields {
        cookies.isEmpty ? [:] : [.cookie: cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")]
    }

    /// One request; remembers cookies and the page's CSRF token; returns status, redirect target and body.
    @discardableResult
    mutating func go(
        _ method: HTTPRequest.Method, _ uri: String, form: [(String, String)]? = nil, withToken: Bool = true,
        headers extra: HTTPFields = [:]
    )
        async throws -> (status: HTTPResponse.Status, location: String?, body: String)
    {
        var headers = cookieHeader
        headers.append(contentsOf: extra)
        var body: ByteBuffer?
        if var fields = form {
            if withToken { fields.insert(("_csrf", csrf), at: 0) }
            headers[.contentType] = "application/x-www-form-urlencoded"
            body = ByteBuffer(string: fields.map { "\(Self.encode($0.0))=\(Self.encode($0.1))" }.joined(separator: "&"))
        }
        let result = try await client.execute(uri: uri, method: method, headers: headers, body: body) {
            (r: TestResponse) in (r.status, r.headers[.location], String(buffer: r.body), r.headers[values: .setCookie])
        }
        for set in result.3 {
            let pair = set.split(separator: ";")[0].split(separator: "=", maxSplits: 1)
            let value = pair.count > 1 ? String(pair[1]) : ""
            if set.contains("Max-Age=0") || value.isEmpty {
                cookies[String(pair[0])] = nil
            } else {
                cookies[String(pair[0])] = value
            }
        }
        if let range = result.2.range(of: "name=\"_csrf\" value=\"") {
            csrf = String(result.2[range.upperBound...].prefix { $0 != "\"" })
        }
        lastPage = result.2
        return (result.0, result.1, result.2)
    }

    mutating func signIn(_ user: String, _ password: String) async throws -> (
        status: HTTPResponse.Status, location: String?, body: String
    ) {
        try await go(.get, "/console/login")
        return try await go(
            .post, "/console/login", form: [("username", user), ("password", password), ("lang", "en")])
    }

    static func encode(_ s: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return s.addingPercentEncoding(withAllowedCharacters: allowed) ?? s
    }
}

/// A small portfolio with staff of every role, for the console tests.
struct ConsoleWorld {
    var services: Services
    var caseId: String
    var otherCaseId: String
    static let password = "correct horse battery"

    static func make(settings: ConsoleSettings = ConsoleSettings()) async throws -> ConsoleWorld {
        let db = try await TestDatabases.make(.sqlite)
        let packs = try RulePackLibrary.bundled()
        let services = try Services(
            database: db, packs: packs, console: settings, today: { LocalDate(iso: "2025-03-04")! })
        let header =
            "claim_ref,customer_ref,first_name,last_name,address_line1,postcode,city,country,language,currency,principal,due_date,description"
        _ = try await PortfolioImport(writer: services.writer, packs: packs).run(
            MemoryByteSource(
                Data(
                    """
                    \(header)
                    N1,P1,Olivia,Hughes,1 Mill Lane,LS1 4AP,Leeds,GB,en,GBP,1200.00,2025-01-03,Energy bill
                    N2,P2,Aino,Virtanen,Kauppakatu 1,00100,Helsinki,FI,fi,EUR,500.00,2025-01-03,Electricity bill
                    """.utf8)), creditor: "Northwind")
        for role in StaffRole.allCases {
            _ = try await services.access.createUser(
                username: role.rawValue.lowercased(), passwordHash: Passwords.hash(password), role: role)
        }
        let cases = try await services.queries.list(creditorId: nil, after: 0, limit: 10)
        return ConsoleWorld(services: services, caseId: cases[0].record.id, otherCaseId: cases[1].record.id)
    }

    static func with(settings: ConsoleSettings = ConsoleSettings(), _ body: (ConsoleWorld) async throws -> Void)
        async throws
    {
        let w = try await make(settings: settings)
        try await closing(w.services.database, w, body)
    }
}

/// The page templates and interface text of the console and the portal, read from the source tree.
enum PageResources {
    static func folder(_ name: String) -> URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources/ForbearServer/Resources/\(name)")
    }

    static func strings(_ name: String) throws -> [String: [String: String]] {
        try JSONDecoder().decode(
            [String: [String: String]].self, from: Data(contentsOf: folder(name).appendingPathComponent("strings.json"))
        )
    }

    /// Every `{{t.key}}` the templates use.
    static func usedKeys(_ name: String) throws -> Set<String> {
        let dir = folder(name)
        var used = Set<String>()
        for file in try FileManager.default.contentsOfDirectory(atPath: dir.path) where file.hasSuffix(".mustache") {
            let text = try String(contentsOf: dir.appendingPathComponent(file), encoding: .utf8)
            for m in text.matches(of: /\{\{t\.([A-Za-z_]+)\}\}/) { used.insert(String(m.1)) }
        }
        return used
    }
}
