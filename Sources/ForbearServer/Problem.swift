import Foundation
import Hummingbird

/// An RFC 9457 problem: the one shape every API error takes, with a stable `code`.
public struct Problem: Error, Sendable, Encodable {
    public var status: HTTPResponse.Status
    public var code: String
    public var title: String
    public var detail: String

    public init(status: HTTPResponse.Status, code: String, title: String, detail: String) {
        self.status = status
        self.code = code
        self.title = title
        self.detail = detail
    }

    static let unauthorized = Problem(
        status: .unauthorized, code: "unauthorized", title: "Token needed",
        detail: "Send Authorization: Bearer <token>; create one with `forbear token create --role ROLE`.")

    static func notFound(_ what: String) -> Problem {
        Problem(status: .notFound, code: "not_found", title: "Not found", detail: "\(what) was not found.")
    }

    static func invalid(_ detail: String, code: String = "invalid") -> Problem {
        Problem(status: .unprocessableContent, code: code, title: "The request cannot be processed", detail: detail)
    }

    enum CodingKeys: String, CodingKey { case type, title, status, code, detail }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode("https://forbear.dev/problems/\(code)", forKey: .type)
        try c.encode(title, forKey: .title)
        try c.encode(Int(status.code), forKey: .status)
        try c.encode(code, forKey: .code)
        try c.encode(detail, forKey: .detail)
    }

    var response: Response {
        let data = (try? JSONEncoder().encode(self)) ?? Data()
        return Response(
            status: status, headers: [.contentType: "application/problem+json"],
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

/// Maps every error to problem JSON in one place; internal errors never show their text to the caller.
struct ProblemMiddleware: RouterMiddleware {
    typealias Context = AppContext

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response)
        async throws -> Response
    {
        do {
            return try await next(request, context)
        } catch let p as Problem {
            return p.response
        } catch let e as DecodingError {
            return Problem.invalid("The JSON body does not match: \(describe(e))", code: "invalid_body").response
        } catch let e as HTTPError {
            return Problem(
                status: e.status, code: "http_\(e.status.code)", title: e.status.reasonPhrase,
                detail: e.body ?? e.status.reasonPhrase
            ).response
        } catch {
            context.logger.error(
                "request failed", metadata: ["path": "\(request.uri.path)", "error": "\(type(of: error))"])
            return Problem(
                status: .internalServerError, code: "internal", title: "Something went wrong",
                detail: "The error was logged; please try again or contact support."
            ).response
        }
    }

    func describe(_ e: DecodingError) -> String {
        func path(_ c: DecodingError.Context) -> String {
            let p = c.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return p.hasPrefix(".") ? String(p.dropFirst()) : p
        }
        switch e {
        case .keyNotFound(let k, let c): return "\(path(c).isEmpty ? "" : path(c) + ".")\(k.stringValue) is missing"
        case .typeMismatch(_, let c), .valueNotFound(_, let c): return "\(path(c)) has the wrong type"
        case .dataCorrupted(let c): return "\(path(c).isEmpty ? "body" : path(c)): \(c.debugDescription)"
        @unknown default: return "cannot be read"
        }
    }
}
