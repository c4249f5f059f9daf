import Hummingbird

/// A page or form of the console or the portal: one table gives the registered path, the method and every link.
protocol PageRoute: CaseIterable, Sendable {
    var path: String { get }
    var method: HTTPRequest.Method { get }
}

extension PageRoute {
    /// The path with its `{parameters}` filled in.
    func link(_ parameters: [String: String] = [:]) -> String {
        var p = path
        for (k, v) in parameters { p = p.replacingOccurrences(of: "{\(k)}", with: v) }
        return p
    }

    /// Registers every route under `prefix` (the group's path) with its handler; `check` runs first and may refuse.
    static func register(
        on group: RouterGroup<AppContext>, prefix: String,
        handler: (Self) -> @Sendable (Request, AppContext) async throws -> Response,
        check: @escaping @Sendable (Self, Request, AppContext) async throws -> Void
    ) {
        for route in allCases {
            let handle = handler(route)
            let sub = String(route.path.dropFirst(prefix.count))
            group.on(RouterPath(sub.isEmpty ? "" : sub), method: route.method) { request, context in
                try await check(route, request, context)
                return try await handle(request, context)
            }
        }
    }
}

extension PageViews {
    /// Whether the interface is written in `code`.
    static func supports(_ code: String?) -> Bool { languages.contains { $0.code == code } }
}
