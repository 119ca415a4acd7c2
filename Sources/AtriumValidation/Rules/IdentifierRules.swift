import AtriumCore

/// Ids name pages and are how products refer to each other: each must be a safe slug and unique.
struct IdentifierRules {
    /// Lowercase letters and digits, with single `-`, `_` or `.` between them.
    static func isValidSlug(_ id: String) -> Bool {
        guard let first = id.unicodeScalars.first, let last = id.unicodeScalars.last,
              isAlphanumeric(first), isAlphanumeric(last), id.unicodeScalars.count <= 200 else { return false }
        var previousWasSeparator = false
        for scalar in id.unicodeScalars {
            if isAlphanumeric(scalar) {
                previousWasSeparator = false
            } else if scalar == "-" || scalar == "_" || scalar == "." {
                if previousWasSeparator { return false }
                previousWasSeparator = true
            } else {
                return false
            }
        }
        return true
    }

    private static func isAlphanumeric(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar)
    }

    func check(_ products: [Product], sink: DiagnosticSink) {
        var firstByID: [String: Product] = [:]
        for product in products {
            if !Self.isValidSlug(product.id) {
                let derived = product.frontMatter.entry("id") == nil
                sink.report(Diagnostic(
                    rule: .idInvalid,
                    message: derived
                        ? "file name `\(product.path.split(separator: "/").last ?? "")` does not give a valid id"
                        : "id `\(product.id)` is not a valid slug",
                    span: product.idSpan,
                    help: "use lowercase letters, digits and single `-`, `_` or `.` separators" +
                        (derived ? ", or set `id:` in the front matter" : "") + "; suggestion: `\(Self.slugify(product.id))`"))
                continue
            }
            if let first = firstByID[product.id] {
                sink.report(Diagnostic(
                    rule: .idDuplicate, message: "id `\(product.id)` is already used by `\(first.path)`",
                    span: product.idSpan, help: "give this product a different `id`",
                    notes: [.init("first used here", at: first.idSpan)]))
            } else {
                firstByID[product.id] = product
            }
        }
    }

    /// A best-effort slug for the help line.
    static func slugify(_ text: String) -> String {
        var slug = ""
        for scalar in text.lowercased().unicodeScalars {
            if ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) {
                slug.unicodeScalars.append(scalar)
            } else if !slug.isEmpty, slug.last != "-" {
                slug.append("-")
            }
        }
        while slug.hasSuffix("-") { slug.removeLast() }
        return slug.isEmpty ? "product" : slug
    }
}
