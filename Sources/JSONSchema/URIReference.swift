import Foundation

/// Minimal RFC 3986 URI-reference handling used for `$id` / `$ref` resolution.
/// Works on strings so that `urn:`, `tag:` and other non-hierarchical URIs behave per the RFC.
struct URIReference: Hashable, Sendable {
    var scheme: String?
    var authority: String?
    var path: String
    var query: String?
    var fragment: String?

    /// Splits per RFC 3986 Appendix B.
    init(_ string: String) {
        var rest = Substring(string)
        if let hash = rest.firstIndex(of: "#") {
            fragment = String(rest[rest.index(after: hash)...])
            rest = rest[..<hash]
        }
        if let q = rest.firstIndex(of: "?") {
            query = String(rest[rest.index(after: q)...])
            rest = rest[..<q]
        }
        // scheme: ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":"
        if let colon = rest.firstIndex(of: ":") {
            let candidate = rest[..<colon]
            if let first = candidate.first, first.isASCII, first.isLetter,
                candidate.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "+" || $0 == "-" || $0 == ".") })
            {
                scheme = candidate.lowercased()
                rest = rest[rest.index(after: colon)...]
            }
        }
        if rest.hasPrefix("//") {
            let afterSlashes = rest.dropFirst(2)
            if let slash = afterSlashes.firstIndex(of: "/") {
                authority = String(afterSlashes[..<slash])
                rest = afterSlashes[slash...]
            } else {
                authority = String(afterSlashes)
                rest = ""
            }
        }
        path = String(rest)
    }

    init(scheme: String?, authority: String?, path: String, query: String?, fragment: String?) {
        self.scheme = scheme
        self.authority = authority
        self.path = path
        self.query = query
        self.fragment = fragment
    }

    var isAbsolute: Bool { scheme != nil }

    var string: String {
        var out = ""
        if let s = scheme { out += s + ":" }
        if let a = authority { out += "//" + a }
        out += path
        if let q = query { out += "?" + q }
        if let f = fragment { out += "#" + f }
        return out
    }

    var withoutFragment: URIReference {
        var copy = self
        copy.fragment = nil
        return copy
    }

    /// RFC 3986 section 5.2.2.
    func resolved(against base: URIReference) -> URIReference {
        var t = URIReference(scheme: nil, authority: nil, path: "", query: nil, fragment: fragment)
        if let s = scheme {
            t.scheme = s
            t.authority = authority
            t.path = URIReference.removeDotSegments(path)
            t.query = query
        } else {
            if authority != nil {
                t.authority = authority
                t.path = URIReference.removeDotSegments(path)
                t.query = query
            } else {
                if path.isEmpty {
                    t.path = base.path
                    t.query = query ?? base.query
                } else {
                    if path.hasPrefix("/") {
                        t.path = URIReference.removeDotSegments(path)
                    } else {
                        t.path = URIReference.removeDotSegments(URIReference.merge(base: base, path: path))
                    }
                    t.query = query
                }
                t.authority = base.authority
            }
            t.scheme = base.scheme
        }
        return t
    }

    static func merge(base: URIReference, path: String) -> String {
        if base.authority != nil && base.path.isEmpty { return "/" + path }
        if let slash = base.path.lastIndex(of: "/") {
            return String(base.path[...slash]) + path
        }
        return path
    }

    static func removeDotSegments(_ input: String) -> String {
        if !input.contains(".") { return input }
        var inp = Substring(input)
        var out = ""
        // Straightforward implementation of RFC 3986 5.2.4 using string buffers.
        while !inp.isEmpty {
            if inp.hasPrefix("../") { inp = inp.dropFirst(3) }
            else if inp.hasPrefix("./") { inp = inp.dropFirst(2) }
            else if inp.hasPrefix("/./") { inp = inp.dropFirst(2) }
            else if inp == "/." { inp = "/" }
            else if inp.hasPrefix("/../") {
                inp = inp.dropFirst(3)
                if let last = out.lastIndex(of: "/") { out = String(out[..<last]) } else { out = "" }
            } else if inp == "/.." {
                inp = "/"
                if let last = out.lastIndex(of: "/") { out = String(out[..<last]) } else { out = "" }
            } else if inp == "." || inp == ".." {
                inp = ""
            } else {
                var idx = inp.startIndex
                if inp.first == "/" { idx = inp.index(after: idx) }
                let end = inp[idx...].firstIndex(of: "/") ?? inp.endIndex
                out += inp[inp.startIndex..<end]
                inp = inp[end...]
            }
        }
        return out
    }

    /// Resolves `reference` against `base` (both strings).
    static func resolve(_ reference: String, against base: String) -> String {
        let ref = URIReference(reference)
        if ref.isAbsolute {
            var r = ref
            r.path = removeDotSegments(r.path)
            return r.string
        }
        return ref.resolved(against: URIReference(base)).string
    }

    /// Splits off the fragment: (uri-without-fragment, fragment or nil).
    static func split(_ uri: String) -> (String, String?) {
        if let hash = uri.firstIndex(of: "#") {
            return (String(uri[..<hash]), String(uri[uri.index(after: hash)...]))
        }
        return (uri, nil)
    }
}
