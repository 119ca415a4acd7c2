import AtriumCore
import Foundation

/// Ids name pages and are how products refer to each other: each must be a safe slug and unique.
struct IdentifierRules {
    /// Letters and digits (of any script), with single `-`, `_` or `.` between them: no slashes,
    /// spaces, `..` or control characters, which would break URLs or write outside the site.
    static func isValidSlug(_ id: String) -> Bool {
        isValidASCIISlug(id) ?? isValidSlugByScalars(id)
    }

    /// `isValidSlug` for any id, from the Unicode properties of its scalars.
    static func isValidSlugByScalars(_ id: String) -> Bool {
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

    /// The answer for an id written in ASCII alone, from its bytes (nearly every id); nil when
    /// the id has other characters, whose Unicode properties `isValidSlug` looks up.
    static func isValidASCIISlug(_ id: String) -> Bool? {
        guard id.isASCII else { return nil }
        return id.utf8.withContiguousStorageIfAvailable { bytes -> Bool? in
            func isAlphanumeric(_ byte: UInt8) -> Bool {
                (byte >= 0x30 && byte <= 0x39) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A)
            }
            guard bytes.count <= 200, let first = bytes.first, let last = bytes.last,
                  isAlphanumeric(first), isAlphanumeric(last) else { return false }
            var previousWasSeparator = false
            for byte in bytes {
                if isAlphanumeric(byte) {
                    previousWasSeparator = false
                } else if byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".") {
                    if previousWasSeparator { return false }
                    previousWasSeparator = true
                } else {
                    return false
                }
            }
            return true
        } ?? nil
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
        // ASCII is its own normalized form: only the case is folded.
        if id.isASCII { return id.lowercased() }
        return id.precomposedStringWithCanonicalMapping.lowercased()
    }

    func check(_ products: [Product], sink: DiagnosticSink) {
        // Keyed by bytes: Swift's String equality treats canonically equivalent ids as equal,
        // but `café` written two ways is a collision to explain, not the same id.
        // Positions, not products: a product is a large value to copy into a dictionary.
        var firstByID: [[UInt8]: Int] = [:]
        var firstByPage: [String: Int] = [:]
        for (index, product) in products.enumerated() {
            if !Self.isValidSlug(product.id) {
                let derived = product.frontMatter.entry("id") == nil
                sink.report(Diagnostic(
                    rule: .idInvalid,
                    message: derived
                        ? "file name `\(String(product.path.split(separator: "/").last ?? "").escapingAllControlCharacters)` does not give a valid id"
                        : "id `\(product.id)` is not a valid slug",
                    span: product.idSpan,
                    help: "use letters, digits and single `-`, `_` or `.` separators" +
                        (derived ? ", or set `id:` in the front matter" : "") + "; suggestion: `\(Self.slugify(product.id))`"))
                continue
            }
            let bytes = Array(product.id.utf8)
            if let first = firstByID[bytes].map({ products[$0] }) {
                sink.report(Diagnostic(
                    rule: .idDuplicate, message: "id `\(product.id)` is already used by `\(first.path.escapingAllControlCharacters)`",
                    span: product.idSpan, help: "give this product a different `id`" + (product.frontMatter.entry("id") == nil ? " (set `id:`, or rename the file)" : ""),
                    notes: [.init("first used here", at: first.idSpan)]))
                continue
            }
            // Registered even when it collides below, so that a third product with exactly this
            // id is still reported as a duplicate of it.
            firstByID[bytes] = index
            let pageKey = Self.pageKey(product.id)
            if let other = firstByPage[pageKey].map({ products[$0] }) {
                sink.report(Diagnostic(
                    rule: .idCollision,
                    message: "id `\(product.id)` and id `\(other.id)` (`\(other.path.escapingAllControlCharacters)`) \(Self.difference(product.id, other.id))",
                    span: product.idSpan,
                    help: "on case-insensitive or normalizing file systems (macOS, Windows) and many web servers both would be one page, "
                        + "and one would silently overwrite the other; give this product a clearly different id"
                        + (product.frontMatter.entry("id") == nil ? " (set `id:`, or rename the file)" : ""),
                    notes: [.init("the other product", at: other.idSpan)]))
            } else {
                firstByPage[pageKey] = index
            }
        }
    }

    /// How two ids with the same page key differ, in words an author can act on: letter case, or
    /// the same accented letter written as one code point in one id and as letter plus combining
    /// mark in the other (invisible on screen, so the code points are spelled out).
    static func difference(_ id: String, _ other: String) -> String {
        let sameWhenNormalized = id.precomposedStringWithCanonicalMapping.utf8.elementsEqual(other.precomposedStringWithCanonicalMapping.utf8)
        if sameWhenNormalized {
            return "look identical but are written with different Unicode code points (\(codePoints(id)) and \(codePoints(other))): "
                + "they differ only in Unicode normalization"
        }
        if id.lowercased().utf8.elementsEqual(other.lowercased().utf8) { return "differ only in letter case" }
        return "differ only in letter case and Unicode normalization (\(codePoints(id)) and \(codePoints(other)))"
    }

    /// An id with every non-ASCII scalar spelled out (`cafe\u{301}`), for telling apart ids that look the same.
    private static func codePoints(_ id: String) -> String {
        "`" + id.unicodeScalars.map { $0.isASCII ? String($0) : "\\u{" + String($0.value, radix: 16, uppercase: true) + "}" }.joined() + "`"
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
