import Foundation

/// The data files that ship inside ForbearCore (`Sources/ForbearCore/Resources/<folder>`).
enum BundledData {
    /// Every `.json` file in a folder, sorted by name.
    static func jsonFiles(in folder: String) -> [URL] {
        (Bundle.module.urls(forResourcesWithExtension: "json", subdirectory: "Resources/\(folder)") ?? [])
            .map { URL(fileURLWithPath: $0.path ?? "") }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    /// A JSON file, decoded.
    static func decode<T: Decodable>(_ type: T.Type, from url: URL) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(contentsOf: url))
    }

    /// One JSON file, decoded.
    static func decode<T: Decodable>(_ type: T.Type, file: String, in folder: String) throws -> T {
        guard let url = Bundle.module.url(forResource: file, withExtension: "json", subdirectory: "Resources/\(folder)")
        else { throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: "Resources/\(folder)/\(file).json"]) }
        return try JSONDecoder().decode(T.self, from: Data(contentsOf: url))
    }
}
