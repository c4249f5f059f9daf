import Foundation

/// The hand-written OpenAPI 3.1 document served at `/api/v1/openapi.json`; a test checks it against `APIRoute`.
public enum OpenAPIDocument {
    public static func data() throws -> Data {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "json", subdirectory: "Resources")
        else {
            throw CocoaError(.fileNoSuchFile)
        }
        return try Data(contentsOf: url)
    }

    /// (method, path) pairs the document describes, e.g. ("GET", "/api/v1/cases/{id}").
    public static func operations() throws -> Set<String> {
        guard let doc = try JSONSerialization.jsonObject(with: data()) as? [String: Any],
            let paths = doc["paths"] as? [String: [String: Any]]
        else { return [] }
        var out = Set<String>()
        for (path, methods) in paths { for m in methods.keys { out.insert("\(m.uppercased()) \(path)") } }
        return out
    }
}
