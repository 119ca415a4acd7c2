import Foundation

/// Checks for the `format` keyword. Used only when format assertion is enabled
/// (`JSONSchemaCompiler.Options.formatAssertion` or the format-assertion vocabulary).
/// Unknown formats are ignored.
public enum FormatValidators {
    /// Formats this library can assert.
    public static let supportedFormats: [String] = [
        "date", "date-time", "time", "duration", "email", "idn-email", "hostname", "idn-hostname",
        "ipv4", "ipv6", "uri", "uri-reference", "iri", "iri-reference", "uuid", "json-pointer",
        "relative-json-pointer", "regex", "uri-template",
    ]

    /// Returns true when `value` conforms to `format`, or when the format is unknown.
    public static func validate(_ value: String, format: String) -> Bool {
        guard let check = checker(for: format) else { return true }
        return check(value)
    }

    static func checker(for name: String) -> FormatCheck? {
        switch name {
        case "date": return isDate
        case "date-time": return isDateTime
        case "time": return isTime
        case "duration": return isDuration
        case "email": return { isEmail($0, international: false) }
        case "idn-email": return { isEmail($0, international: true) }
        case "hostname": return isHostname
        case "idn-hostname": return IDNA.isIDNHostname
        case "ipv4": return isIPv4
        case "ipv6": return isIPv6
        case "uri": return { isURI($0, requireScheme: true, international: false) }
        case "uri-reference": return { isURI($0, requireScheme: false, international: false) }
        case "iri": return { isURI($0, requireScheme: true, international: true) }
        case "iri-reference": return { isURI($0, requireScheme: false, international: true) }
        case "uuid": return isUUID
        case "json-pointer": return isJSONPointer
        case "relative-json-pointer": return isRelativeJSONPointer
        case "regex": return { (try? ECMARegex($0)) != nil }
        case "uri-template": return isURITemplate
        default: return nil
        }
    }

    // MARK: Dates and times (RFC 3339)

    @inline(__always) static func digit(_ b: UInt8) -> Int? { b >= 48 && b <= 57 ? Int(b - 48) : nil }

    static func number(_ b: [UInt8], _ from: Int, _ count: Int) -> Int? {
        guard from + count <= b.count else { return nil }
        var v = 0
        for i in from..<(from + count) {
            guard let d = digit(b[i]) else { return nil }
            v = v * 10 + d
        }
        return v
    }

    static func isDate(_ s: String) -> Bool { parseDate(Array(s.utf8)) }

    static func parseDate(_ b: [UInt8]) -> Bool {
        guard b.count == 10, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"),
            let y = number(b, 0, 4), let m = number(b, 5, 2), let d = number(b, 8, 2)
        else { return false }
        guard (1...12).contains(m), d >= 1 else { return false }
        let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]
        return d <= days
    }

    static func isTime(_ s: String) -> Bool { parseTime(Array(s.utf8)[...]) }

    static func parseTime(_ slice: ArraySlice<UInt8>) -> Bool {
        let b = Array(slice)
        guard b.count >= 9, b[2] == UInt8(ascii: ":"), b[5] == UInt8(ascii: ":"),
            let h = number(b, 0, 2), let mi = number(b, 3, 2), let sec = number(b, 6, 2)
        else { return false }
        guard h <= 23, mi <= 59, sec <= 60 else { return false }
        var i = 8
        if i < b.count && b[i] == UInt8(ascii: ".") {
            i += 1
            let start = i
            while i < b.count, digit(b[i]) != nil { i += 1 }
            if i == start { return false }
        }
        guard i < b.count else { return false }
        var offsetMinutes = 0
        if b[i] == UInt8(ascii: "Z") || b[i] == UInt8(ascii: "z") {
            i += 1
        } else if b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") {
            let sign = b[i] == UInt8(ascii: "+") ? 1 : -1
            guard b.count == i + 6, b[i + 3] == UInt8(ascii: ":"),
                let oh = number(b, i + 1, 2), let om = number(b, i + 4, 2), oh <= 23, om <= 59
            else { return false }
            offsetMinutes = sign * (oh * 60 + om)
            i += 6
        } else {
            return false
        }
        guard i == b.count else { return false }
        if sec == 60 {
            // A leap second is only valid at 23:59:60 UTC.
            var utc = h * 60 + mi - offsetMinutes
            utc = ((utc % 1440) + 1440) % 1440
            return utc == 23 * 60 + 59
        }
        return true
    }

    static func isDateTime(_ s: String) -> Bool {
        let b = Array(s.utf8)
        guard b.count > 11, b[10] == UInt8(ascii: "T") || b[10] == UInt8(ascii: "t") else { return false }
        return parseDate(Array(b[0..<10])) && parseTime(b[11...])
    }

    static func isDuration(_ s: String) -> Bool {
        // RFC 3339 Appendix A (ISO 8601 durations).
        let b = Array(s.utf8)
        guard b.first == UInt8(ascii: "P"), b.count > 1 else { return false }
        var i = 1
        func component() -> (Int, UInt8)? {
            let start = i
            while i < b.count, digit(b[i]) != nil { i += 1 }
            guard i > start, i < b.count else { return nil }
            let unit = b[i]
            i += 1
            return (start, unit)
        }
        // Weeks stand alone.
        if b.last == UInt8(ascii: "W") {
            let digits = b[1..<(b.count - 1)]
            return !digits.isEmpty && digits.allSatisfy { digit($0) != nil }
        }
        var dateUnits: [UInt8] = []
        while i < b.count && b[i] != UInt8(ascii: "T") {
            guard let (_, unit) = component() else { return false }
            dateUnits.append(unit)
        }
        let allowedDate: [[UInt8]] = [
            [], Array("Y".utf8), Array("YM".utf8), Array("YMD".utf8), Array("M".utf8), Array("MD".utf8), Array("D".utf8),
        ]
        guard allowedDate.contains(dateUnits) else { return false }
        var timeUnits: [UInt8] = []
        if i < b.count {
            i += 1  // 'T'
            while i < b.count {
                guard let (_, unit) = component() else { return false }
                timeUnits.append(unit)
            }
            let allowedTime: [[UInt8]] = [
                Array("H".utf8), Array("HM".utf8), Array("HMS".utf8), Array("M".utf8), Array("MS".utf8), Array("S".utf8),
            ]
            guard allowedTime.contains(timeUnits) else { return false }
        }
        return !(dateUnits.isEmpty && timeUnits.isEmpty)
    }

    // MARK: Network

    static func isIPv4(_ s: String) -> Bool {
        let parts = s.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return false }
        for p in parts {
            guard !p.isEmpty, p.count <= 3, p.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return false }
            if p.count > 1 && p.first == "0" { return false }
            guard let v = Int(p), v <= 255 else { return false }
        }
        return true
    }

    static func isIPv6(_ s: String) -> Bool {
        guard !s.isEmpty, s.utf8.allSatisfy({ $0 < 128 }) else { return false }
        var text = Substring(s)
        var groupsNeeded = 8
        // Embedded IPv4 tail.
        if let lastColon = text.lastIndex(of: ":"), text[text.index(after: lastColon)...].contains(".") {
            let tail = String(text[text.index(after: lastColon)...])
            guard isIPv4(tail) else { return false }
            groupsNeeded = 6
            text = text[...lastColon]
            if text.hasSuffix("::") {
                // fine: compression right before the IPv4 part
            } else {
                text = text.dropLast()
            }
        }
        let compressed = text.components(separatedBy: "::")
        guard compressed.count <= 2 else { return false }
        func groups(_ part: String) -> [Substring]? {
            if part.isEmpty { return [] }
            let g = part.split(separator: ":", omittingEmptySubsequences: false)
            for x in g {
                guard (1...4).contains(x.count), x.allSatisfy({ $0.isHexDigit }) else { return nil }
            }
            return g
        }
        if compressed.count == 2 {
            guard let a = groups(compressed[0]), let b = groups(compressed[1]) else { return false }
            return a.count + b.count < groupsNeeded
        }
        guard let g = groups(compressed[0]) else { return false }
        return g.count == groupsNeeded
    }

    static func isHostname(_ s: String) -> Bool {
        guard !s.isEmpty, s.utf8.count <= 253 else { return false }
        let labels = s.split(separator: ".", omittingEmptySubsequences: false)
        for label in labels {
            guard !label.isEmpty, label.utf8.count <= 63 else { return false }
            guard label.utf8.allSatisfy({ ($0 >= 48 && $0 <= 57) || ($0 >= 65 && $0 <= 90) || ($0 >= 97 && $0 <= 122) || $0 == 45 })
            else { return false }
            if label.hasPrefix("-") || label.hasSuffix("-") { return false }
            let lower = label.lowercased()
            if lower.count >= 4, Array(lower.utf8)[2] == 45, Array(lower.utf8)[3] == 45 {
                // Reserved "??--" labels: only valid A-labels ("xn--") are allowed.
                guard lower.hasPrefix("xn--"), IDNA.isValidALabel(String(lower)) else { return false }
            }
        }
        return true
    }

    static func isEmail(_ s: String, international: Bool) -> Bool {
        guard let at = s.lastIndex(of: "@") else { return false }
        let local = s[..<at]
        let domain = s[s.index(after: at)...]
        guard !local.isEmpty, !domain.isEmpty else { return false }
        // Local part: dot-atom or quoted-string (RFC 5321 / 6531).
        if local.hasPrefix("\"") {
            guard local.count >= 2, local.hasSuffix("\"") else { return false }
            var escaped = false
            for c in local.dropFirst().dropLast() {
                if escaped { escaped = false; continue }
                if c == "\\" { escaped = true; continue }
                if c == "\"" { return false }
                if let a = c.asciiValue, a < 32 || a == 127 { return false }
                if !international && !c.isASCII { return false }
                _ = c
            }
            if escaped { return false }
        } else {
            let atext = Set("!#$%&'*+-/=?^_`{|}~")
            let atoms = local.split(separator: ".", omittingEmptySubsequences: false)
            for atom in atoms {
                guard !atom.isEmpty else { return false }
                for c in atom {
                    if c.isASCII {
                        guard c.isLetter || c.isNumber || atext.contains(c) else { return false }
                    } else {
                        guard international, c != "\u{3000}", c != "\u{A0}" else { return false }
                    }
                }
            }
        }
        // Domain: hostname or address literal.
        if domain.hasPrefix("[") {
            guard domain.hasSuffix("]") else { return false }
            let inner = domain.dropFirst().dropLast()
            if inner.lowercased().hasPrefix("ipv6:") { return isIPv6(String(inner.dropFirst(5))) }
            return isIPv4(String(inner))
        }
        return international ? IDNA.isIDNHostname(String(domain)) : isHostname(String(domain))
    }

    // MARK: URIs (RFC 3986 / RFC 3987)

    static func isUnreserved(_ c: Unicode.Scalar) -> Bool {
        c.isASCII && (c.properties.isAlphabetic || ("0"..."9").contains(c) || "-._~".unicodeScalars.contains(c))
    }
    static func isSubDelim(_ c: Unicode.Scalar) -> Bool { "!$&'()*+,;=".unicodeScalars.contains(c) }

    /// RFC 3987 ucschar / iprivate.
    static func isUCS(_ c: Unicode.Scalar, query: Bool) -> Bool {
        let v = c.value
        if (0xA0...0xD7FF).contains(v) || (0xF900...0xFDCF).contains(v) || (0xFDF0...0xFFEF).contains(v) { return true }
        if v >= 0x10000 && v <= 0xEFFFD && (v & 0xFFFF) <= 0xFFFD { return true }
        if query && ((0xE000...0xF8FF).contains(v) || (0xF0000...0xFFFFD).contains(v) || (0x100000...0x10FFFD).contains(v)) {
            return true
        }
        return false
    }

    /// Validates a component: allowed characters plus well-formed %-escapes.
    static func validComponent(_ s: Substring, extra: String, international: Bool, query: Bool = false) -> Bool {
        let scalars = Array(s.unicodeScalars)
        var i = 0
        while i < scalars.count {
            let c = scalars[i]
            if c == "%" {
                guard i + 2 < scalars.count, scalars[i + 1].properties.isASCIIHexDigit, scalars[i + 2].properties.isASCIIHexDigit
                else { return false }
                i += 3
                continue
            }
            if isUnreserved(c) || isSubDelim(c) || extra.unicodeScalars.contains(c) || (international && isUCS(c, query: query)) {
                i += 1
                continue
            }
            return false
        }
        return true
    }

    static func isURI(_ s: String, requireScheme: Bool, international: Bool) -> Bool {
        let ref = URIReference(s)
        if let scheme = ref.scheme {
            // URIReference lowercases the scheme; validate the original spelling.
            guard let first = s.unicodeScalars.first, first.isASCII, first.properties.isAlphabetic else { return false }
            _ = scheme
        } else {
            if requireScheme { return false }
            // A relative reference's first segment must not contain ':'.
            if ref.authority == nil, let firstSeg = ref.path.split(separator: "/", omittingEmptySubsequences: false).first,
                firstSeg.contains(":")
            {
                return false
            }
        }
        if let authority = ref.authority {
            var hostPort = Substring(authority)
            if let at = authority.lastIndex(of: "@") {
                let userinfo = authority[..<at]
                guard validComponent(userinfo, extra: ":", international: international) else { return false }
                hostPort = authority[authority.index(after: at)...]
            }
            var host = hostPort
            if hostPort.hasPrefix("[") {
                guard let close = hostPort.firstIndex(of: "]") else { return false }
                let literal = hostPort[hostPort.index(after: hostPort.startIndex)..<close]
                if literal.first == "v" || literal.first == "V" {
                    // IPvFuture
                    guard literal.contains(".") else { return false }
                } else {
                    guard isIPv6(String(literal)) else { return false }
                }
                let rest = hostPort[hostPort.index(after: close)...]
                if !rest.isEmpty {
                    guard rest.first == ":", rest.dropFirst().allSatisfy({ $0.isASCII && $0.isNumber }) else { return false }
                }
                host = ""
            } else if let colon = hostPort.lastIndex(of: ":") {
                let port = hostPort[hostPort.index(after: colon)...]
                guard port.allSatisfy({ $0.isASCII && $0.isNumber }) else { return false }
                host = hostPort[..<colon]
            }
            guard validComponent(host, extra: "", international: international) else { return false }
        }
        guard validComponent(Substring(ref.path), extra: ":@/", international: international) else { return false }
        if let q = ref.query, !validComponent(Substring(q), extra: ":@/?", international: international, query: true) {
            return false
        }
        if let f = ref.fragment, !validComponent(Substring(f), extra: ":@/?", international: international) { return false }
        return true
    }

    static func isUUID(_ s: String) -> Bool {
        let b = Array(s.utf8)
        guard b.count == 36 else { return false }
        for (i, c) in b.enumerated() {
            if i == 8 || i == 13 || i == 18 || i == 23 {
                guard c == UInt8(ascii: "-") else { return false }
            } else {
                let hex = (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102)
                guard hex else { return false }
            }
        }
        return true
    }

    static func isJSONPointer(_ s: String) -> Bool { (try? JSONPointer(s)) != nil }

    static func isRelativeJSONPointer(_ s: String) -> Bool {
        let b = Array(s.utf8)
        var i = 0
        while i < b.count, digit(b[i]) != nil { i += 1 }
        guard i > 0 else { return false }
        if i > 1 && b[0] == UInt8(ascii: "0") { return false }
        if i == b.count { return true }
        if b[i] == UInt8(ascii: "#") { return i + 1 == b.count }
        return isJSONPointer(String(decoding: b[i...], as: UTF8.self))
    }

    static func isURITemplate(_ s: String) -> Bool {
        // RFC 6570 level 4 syntax.
        let scalars = Array(s.unicodeScalars)
        var i = 0
        while i < scalars.count {
            let c = scalars[i]
            if c == "{" {
                guard let close = scalars[i...].firstIndex(of: "}") else { return false }
                var expr = Array(scalars[(i + 1)..<close])
                guard !expr.isEmpty else { return false }
                if "+#./;?&".unicodeScalars.contains(expr[0]) { expr.removeFirst() }
                else if "=,!@|".unicodeScalars.contains(expr[0]) { return false }
                let specs = String(String.UnicodeScalarView(expr)).split(separator: ",", omittingEmptySubsequences: false)
                for spec in specs {
                    var name = Substring(spec)
                    if name.hasSuffix("*") {
                        name = name.dropLast()
                    } else if let colon = name.firstIndex(of: ":") {
                        let len = name[name.index(after: colon)...]
                        guard !len.isEmpty, len.count <= 4, len.first != "0", len.allSatisfy({ $0.isASCII && $0.isNumber }),
                            let n = Int(len), n < 10000
                        else { return false }
                        name = name[..<colon]
                    }
                    // varname = varchar *( ["."] varchar ); varchar = ALPHA / DIGIT / "_" / pct-encoded
                    guard !name.isEmpty, !name.hasPrefix("."), !name.hasSuffix("."), !name.contains("..") else { return false }
                    let ns = Array(name.unicodeScalars)
                    var j = 0
                    while j < ns.count {
                        let v = ns[j]
                        if v == "%" {
                            guard j + 2 < ns.count, ns[j + 1].properties.isASCIIHexDigit, ns[j + 2].properties.isASCIIHexDigit
                            else { return false }
                            j += 3
                            continue
                        }
                        guard v.isASCII, v.properties.isAlphabetic || ("0"..."9").contains(v) || v == "_" || v == "." else {
                            return false
                        }
                        j += 1
                    }
                }
                i = close + 1
                continue
            }
            if c == "}" { return false }
            if c == "%" {
                guard i + 2 < scalars.count, scalars[i + 1].properties.isASCIIHexDigit, scalars[i + 2].properties.isASCIIHexDigit
                else { return false }
                i += 3
                continue
            }
            // literals: any char except CTL, SP, DQUOTE, "'"? RFC 6570 excludes: " ' % < > \ ^ ` { | }
            if c.value <= 0x20 || c.value == 0x7F || "\"<>\\^`|".unicodeScalars.contains(c) { return false }
            i += 1
        }
        return true
    }
}
