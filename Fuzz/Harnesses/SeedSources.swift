import Foundation
import AtriumCore

/// Where seed inputs are read from: this checkout's `content/` and `schemas/`, and the JSON
/// Schema test suite, which is read in place and never copied into the repository.
public struct SeedSources: Sendable {
    public var packageRoot: URL
    /// The suite's root (holding `tests/draft2020-12`), or nil when it is not on this machine.
    public var testSuite: URL?

    public init(packageRoot: URL = PackageLocation.root, testSuite: URL? = PackageLocation.testSuite) {
        self.packageRoot = packageRoot
        self.testSuite = testSuite
    }

    /// Files under `folder` (relative to the package root) whose names end with `suffix`, sorted.
    func files(under folder: String, suffix: String) -> [URL] {
        Self.files(under: packageRoot.appendingPathComponent(folder), suffix: suffix)
    }

    /// A file's path below the package root as one file name: `content-guidance-note-x.md`.
    func seedName(_ file: URL) -> String {
        let rootPath = packageRoot.standardizedFileURL.path + "/"
        let path = file.standardizedFileURL.path
        let relative = path.hasPrefix(rootPath) ? String(path.dropFirst(rootPath.count)) : file.lastPathComponent
        return relative.replacingOccurrences(of: "/", with: "-")
    }

    static func files(under directory: URL, suffix: String) -> [URL] {
        guard let enumerator = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: nil) else { return [] }
        return enumerator.compactMap { $0 as? URL }.filter { $0.lastPathComponent.hasSuffix(suffix) }
            .sorted { $0.path < $1.path }
    }

    /// Every draft 2020-12 test group of the suite, as (file stem, group index, schema, instances).
    func testSuiteGroups() -> [(file: String, index: Int, schema: Any, instances: [Any])] {
        guard let testSuite else { return [] }
        var groups: [(String, Int, Any, [Any])] = []
        for file in Self.files(under: testSuite.appendingPathComponent("tests/draft2020-12"), suffix: ".json") {
            guard let data = try? Data(contentsOf: file),
                  let list = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) as? [[String: Any]] else { continue }
            let stem = file.deletingPathExtension().lastPathComponent
            for (index, group) in list.enumerated() {
                guard let schema = group["schema"] else { continue }
                let instances = (group["tests"] as? [[String: Any]] ?? []).compactMap { $0["data"] }
                groups.append((stem, index, schema, instances))
            }
        }
        return groups
    }

    static func jsonText(_ value: Any) -> String? {
        guard let data = try? JSONSerialization.data(withJSONObject: value, options: [.fragmentsAllowed, .sortedKeys]) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }
}

/// Finds this checkout from the harness sources, so the fuzzers and the tests read the same files.
public enum PackageLocation {
    /// The folder holding Package.swift.
    public static let root: URL = AtriumHome.checkout

    /// `JSON_SCHEMA_TEST_SUITE`, else `shared/conformance/json-schema-test-suite` beside an ancestor folder.
    public static let testSuite: URL? = {
        let fileManager = FileManager.default
        if let explicit = ProcessInfo.processInfo.environment["JSON_SCHEMA_TEST_SUITE"], !explicit.isEmpty {
            return URL(fileURLWithPath: explicit)
        }
        var directory = root
        while directory.path != "/" {
            let candidate = directory.deletingLastPathComponent().appendingPathComponent("shared/conformance/json-schema-test-suite")
            if fileManager.fileExists(atPath: candidate.appendingPathComponent("tests/draft2020-12").path) { return candidate }
            directory.deleteLastPathComponent()
        }
        return nil
    }()

    /// The folder of kept inputs for a fuzzer: `Fuzz/corpus/NAME` or `Fuzz/crashes/NAME`.
    public static func fuzzFolder(_ kind: String, _ name: String) -> URL {
        root.appendingPathComponent("Fuzz").appendingPathComponent(kind).appendingPathComponent(name)
    }
}
