import AtriumCore
import Foundation

/// Ids name pages and are how products refer to each other: each must be a safe slug and unique.
struct IdentifierRules {
    /// Letters and digits (of any script), with single `-`, `_` or `.` between them: no slashes,
    /// spaces, `..` or control characters, which would break URLs or write outside the site.
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
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: return true   // accents written as combining marks
        default: return scalar.properties.isAlphabetic || scalar.properties.numericType == .decimal
        }
    }

    /// The form two ids share when they would become the same page on a case-insensitive file
    /// system or after Unicode normalization (macOS and Windows do both).
    static func pageKey(_ id: String) -> String {
        id.precomposedStringWithCanonicalMapping.lowercased()
    }

    func check(_ products: [Product], sink: DiagnosticSink) {
        // Keyed by bytes: Swift's String equality treats canonically equivalent ids as equal,
        // but `café` written two ways is a collision to explain, not the same id.
        var firstByID: [[UInt8]: Product] = [:]
        var firstByPage: [String: Product] = [:]
        for product in products {
            if !Self.isValidSlug(product.id) {
                let derived = product.frontMatter.entry("id") == nil
                sink.report(Diagnostic(
                    rule: .idInvalid,
                    message: derived
                        ? "file name `\(product.path.split(separator: "/").last ?? "")` does not give a valid id"
                        : "id `\(product.id)` is not a valid slug",
                    span: product.idSpan,
                    help: "use letters, digits and single `-`, `_` or `.` separators" +
                        (derived ? ", or set `id:` in the front matter" : "") + "; suggestion: `\(Self.slugify(product.id))`"))
                continue
            }
            if let first = firstByID[Array(product.id.utf8)] {
                sink.report(Diagnostic(
                    rule: .idDuplicate, message: "id `\(product.id)` is already used by `\(first.path)`",
                    span: product.idSpan, help: "give this product a different `id`",
                    notes: [.init("first used here", at: first.idSpan)]))
            } else if let other = firstByPage[Self.pageKey(product.id)] {
                sink.report(Diagnostic(
                    rule: .idCollision,
                    message: "id `\(product.id)` and id `\(other.id)` (`\(other.path)`) differ only in case or Unicode normalization",
                    span: product.idSpan,
                    help: "on a case-insensitive file system one page would overwrite the other; give this product a clearly different id",
                    notes: [.init("the other product", at: other.idSpan)]))
            } else {
                firstByID[Array(product.id.utf8)] = product
                firstByPage[Self.pageKey(product.id)] = product
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
