import Foundation

/// The rule packs in force, by country and validity date.
///
/// The shipped packs are bundled resources; an operator replaces or adds packs by pointing the service at a folder
/// of JSON files (same format), which `loading(directory:)` reads over the shipped ones.
public struct RulePackLibrary: Sendable {
    public private(set) var packs: [RulePack]

    public init(packs: [RulePack]) {
        self.packs = packs.sorted { ($0.country.rawValue, $0.validFrom) < ($1.country.rawValue, $1.validFrom) }
    }

    /// The pack for `country` in force on `date`: the one with the latest `validFrom` not after `date`.
    public func pack(for country: Country, on date: LocalDate) -> RulePack? {
        packs.last { $0.country == country && $0.validFrom <= date }
    }

    /// The newest pack for `country`, whatever its date.
    public func latest(for country: Country) -> RulePack? { packs.last { $0.country == country } }

    public var countries: [Country] { Array(Set(packs.map(\.country))).sorted { $0.rawValue < $1.rawValue } }

    /// Decodes and validates one pack; throws every problem found, each with its JSON path.
    public static func decode(_ data: Data, source: String) throws(RulePackLoadError) -> RulePack {
        let pack: RulePack
        do {
            pack = try JSONDecoder().decode(RulePack.self, from: data)
        } catch let error as DecodingError {
            throw RulePackLoadError(problems: [RulePackProblem(source: source, path: error.path, message: error.reason)]
            )
        } catch {
            throw RulePackLoadError(problems: [RulePackProblem(source: source, path: "", message: "not JSON")])
        }
        let problems = pack.problems(source: source)
        if !problems.isEmpty { throw RulePackLoadError(problems: problems) }
        return pack
    }

    /// The packs that ship with Forbear.
    public static func bundled() throws(RulePackLoadError) -> RulePackLibrary {
        let found = BundledData.jsonFiles(in: "RulePacks")
        if found.isEmpty {
            throw RulePackLoadError(problems: [
                RulePackProblem(source: "bundle", path: "RulePacks", message: "no rule packs are bundled")
            ])
        }
        return try load(urls: found)
    }

    /// The shipped packs, with any pack in `directory` (`*.json`) replacing the shipped one of the same country
    /// and `validFrom`, or adding a new version.
    public static func loading(directory: URL) throws(RulePackLoadError) -> RulePackLibrary {
        let shipped = try bundled()
        let files: [URL]
        do {
            files = try FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)
                .filter { $0.pathExtension == "json" }
        } catch {
            throw RulePackLoadError(problems: [
                RulePackProblem(source: directory.path, path: "", message: "cannot read the folder")
            ])
        }
        let own = try load(urls: files)
        var merged = shipped.packs.filter { s in
            !own.packs.contains { $0.country == s.country && $0.validFrom == s.validFrom }
        }
        merged.append(contentsOf: own.packs)
        return RulePackLibrary(packs: merged)
    }

    static func load(urls: [URL]) throws(RulePackLoadError) -> RulePackLibrary {
        var packs: [RulePack] = []
        var problems: [RulePackProblem] = []
        for url in urls.sorted(by: { $0.lastPathComponent < $1.lastPathComponent }) {
            do {
                let data = try Data(contentsOf: url)
                packs.append(try decode(data, source: url.lastPathComponent))
            } catch let error as RulePackLoadError {
                problems.append(contentsOf: error.problems)
            } catch {
                problems.append(
                    RulePackProblem(source: url.lastPathComponent, path: "", message: "cannot read the file"))
            }
        }
        if !problems.isEmpty { throw RulePackLoadError(problems: problems) }
        return RulePackLibrary(packs: packs)
    }
}

/// Every problem found while loading rule packs; nothing is loaded when any pack is invalid.
public struct RulePackLoadError: Error, Sendable, CustomStringConvertible {
    public var problems: [RulePackProblem]
    public var description: String { problems.map(\.description).joined(separator: "\n") }
}

extension DecodingError {
    var path: String {
        let context: Context
        switch self {
        case .typeMismatch(_, let c), .valueNotFound(_, let c), .keyNotFound(_, let c), .dataCorrupted(let c):
            context = c
        @unknown default: return ""
        }
        var path = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
        if case .keyNotFound(let key, _) = self { path += ".\(key.stringValue)" }
        return path.hasPrefix(".") ? String(path.dropFirst()) : path
    }

    var reason: String {
        switch self {
        case .keyNotFound: return "missing field"
        case .typeMismatch(let type, _): return "wrong type, expected \(type)"
        case .valueNotFound: return "missing value"
        case .dataCorrupted(let c): return c.debugDescription
        @unknown default: return "cannot be read"
        }
    }
}
