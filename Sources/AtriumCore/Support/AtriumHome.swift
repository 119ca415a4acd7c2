import Foundation

/// Where Atrium's own files (`schemas/`, `site-template/`) are found when a repository has none:
/// `ATRIUM_HOME` if set, else the checkout this binary was built from. A binary copied to a
/// machine without its checkout needs `ATRIUM_HOME`; callers say so in their errors.
public enum AtriumHome {
    /// The folders to look in, in order.
    public static func candidates(environment: [String: String] = ProcessInfo.processInfo.environment) -> [URL] {
        var candidates: [URL] = []
        if let home = environment["ATRIUM_HOME"], !home.isEmpty { candidates.append(URL(fileURLWithPath: home)) }
        candidates.append(checkout)
        return candidates
    }

    /// The checkout this binary was built from (the folder holding Package.swift), found from
    /// this source file's path: Sources/AtriumCore/Support/AtriumHome.swift → the root. The tests
    /// and the fuzz harnesses read their fixtures from it too.
    public static let checkout: URL = {
        var checkout = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { checkout.deleteLastPathComponent() }
        return checkout
    }()
}
