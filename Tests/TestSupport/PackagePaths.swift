import Foundation
import AtriumCore

/// Where things are, seen from the tests.
public enum PackagePaths {
    /// The package root (the folder holding Package.swift).
    public static let root: URL = AtriumHome.checkout

    /// The built `atrium` executable: `ATRIUM_BIN`, else beside the test bundle, else `.build/debug`.
    public static let atriumBinary: URL = {
        if let explicit = ProcessInfo.processInfo.environment["ATRIUM_BIN"] { return URL(fileURLWithPath: explicit) }
        var candidates: [URL] = []
        if let first = CommandLine.arguments.first {
            var url = URL(fileURLWithPath: first)
            for _ in 0..<4 {
                url.deleteLastPathComponent()
                candidates.append(url.appendingPathComponent("atrium"))
            }
        }
        candidates.append(root.appendingPathComponent(".build/debug/atrium"))
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates.last!
    }()

    /// Runs the built `atrium` with arguments.
    public static func atrium(_ arguments: [String], in directory: URL? = nil,
                              environment: [String: String] = [:]) throws -> ProcessRunner.Result {
        try ProcessRunner.run(atriumBinary.path, arguments, in: directory, environment: environment)
    }
}
