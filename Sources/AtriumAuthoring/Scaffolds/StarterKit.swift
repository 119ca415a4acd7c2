import AtriumCore
import Foundation

/// Where `atrium init` copies the schemas and the portal's templates from: the same files this
/// repository's own `schemas/` and `site-template/` hold, so there is one copy of each.
///
/// Like the default templates of `atrium build` (`PortalBuilder.templateDirectory`), they are found
/// through `ATRIUM_HOME` (a folder holding `schemas/` and `site-template/`), else in the Atrium checkout
/// this binary was built from. The limitation is the same: a binary copied to another machine without
/// its checkout needs `ATRIUM_HOME`, and says so.
public struct StarterKit: Sendable {
    public let schemas: URL
    public let siteTemplate: URL

    public struct NotFound: Error, CustomStringConvertible {
        public let description: String
    }

    public static func locate(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> StarterKit {
        let candidates = AtriumHome.candidates(environment: environment)
        for candidate in candidates {
            let kit = StarterKit(schemas: candidate.appendingPathComponent("schemas"),
                                 siteTemplate: candidate.appendingPathComponent("site-template"))
            if kit.isComplete { return kit }
        }
        throw NotFound(description: """
            cannot find Atrium's schemas/ and site-template/ (looked in \(candidates.map { "`\($0.path)`" }.joined(separator: ", "))); \
            set ATRIUM_HOME to a folder that holds both, such as a clone of the Atrium repository
            """)
    }

    private var isComplete: Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: schemas.appendingPathComponent("common.schema.json").path)
            && FileManager.default.fileExists(atPath: siteTemplate.appendingPathComponent("templates").path, isDirectory: &isDirectory)
            && isDirectory.boolValue
    }
}
