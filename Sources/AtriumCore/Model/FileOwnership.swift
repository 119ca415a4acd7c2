/// Which products a repository file belongs to, so that a build never publishes the file of a
/// product its audience does not get (the public portal copies every file a public page links to).
///
/// A file belongs to the products that list it in `attachments`, and to the product whose
/// attachments folder (`<content>/attachments/<id>/`) holds it. The folder decides when there is
/// one: its path names the product, so a file there is withheld whenever that product is, even if
/// another product lists it too.
public struct FileOwnership: Sendable {
    private let listers: [String: [String]]
    private let productIDs: Set<String>
    private let attachmentsFolder: String

    public init(products: [Product], contentDirectory: String) {
        var listers: [String: [String]] = [:]
        for product in products {
            for node in product.frontMatter["attachments"]?.elements ?? [] {
                guard let path = node.text.flatMap(RepositoryPath.normalize) else { continue }
                listers[path, default: []].append(product.id)
            }
        }
        self.listers = listers
        productIDs = Set(products.map(\.id))
        attachmentsFolder = (RepositoryPath.normalize(contentDirectory).map { $0.isEmpty ? "" : $0 + "/" } ?? "") + "attachments/"
    }

    /// The product whose attachments folder holds `path`, if there is such a product.
    public func folderOwner(of path: String) -> String? {
        guard path.hasPrefix(attachmentsFolder) else { return nil }
        let rest = path.dropFirst(attachmentsFolder.count)
        guard let slash = rest.firstIndex(of: "/") else { return nil }
        let id = String(rest[..<slash])
        return productIDs.contains(id) ? id : nil
    }

    /// The products that list `path` in `attachments`.
    public func listers(of path: String) -> [String] { listers[path] ?? [] }

    /// Whether an audience that sees exactly the products `isVisible` accepts may get `path`: not
    /// when it is a hidden file, lies in the attachments folder of a product it does not see, or is
    /// listed only by products it does not see. Files no product claims (images beside the content) may be published.
    public func mayPublish(_ path: String, isVisible: (String) -> Bool) -> Bool {
        if Self.isHidden(path) { return false }
        if let owner = folderOwner(of: path) { return isVisible(owner) }
        let listed = listers(of: path)
        return listed.isEmpty || listed.contains(where: isVisible)
    }

    /// The product that keeps `path` from an audience, for a diagnostic: the folder's owner, else the first lister.
    public func withholdingOwner(of path: String, isVisible: (String) -> Bool) -> String? {
        if let owner = folderOwner(of: path), !isVisible(owner) { return owner }
        return listers(of: path).first { !isVisible($0) }
    }

    /// A path with a segment starting with `.`: `.mailmap`, `.git/config`, `.atrium-cache/…`. These are
    /// tooling files (some list every contributor's e-mail address), never content, so no build publishes them.
    public static func isHidden(_ path: String) -> Bool {
        path.split(separator: "/").contains { $0.hasPrefix(".") }
    }
}
