import Foundation

/// A `pattern` / `patternProperties` regular expression.
///
/// JSON Schema asks for ECMA-262 (with the `u` flag) semantics. Patterns are run on
/// Foundation's `NSRegularExpression` (ICU) after a small translation that closes the
/// most visible gaps:
///
/// - `\d`, `\D`, `\w`, `\W`, `\b`, `\B` are restricted to ASCII as in ECMA-262
///   (ICU would match any Unicode digit / letter).
/// - `\s` / `\S` use ECMA-262's white-space + line-terminator set.
/// - `$` (outside a character class) means end of input; ICU would also match before a final newline.
/// - `\cX` control escapes and `\u{…}` code-point escapes are rewritten to ICU's `\x{…}`.
/// - Syntax ECMA-262 rejects but ICU accepts (e.g. `\a`, `\Z`, `\z`, `\A`, possessive quantifiers,
///   `(?P<name>…)`, `(?#…)`, inline flags like `(?i)`) is reported as invalid, so schemas stay portable.
///
/// Remaining differences: lookbehind and Unicode property names follow ICU's rules; case-insensitive
/// and other flags cannot be expressed (JSON Schema has no flags); backreferences to groups that
/// have not participated match the empty string in ECMA-262 but fail in ICU; matching runs over
/// UTF-16 with full code-point awareness (as ECMA-262's `u` flag does).
final class ECMARegex: @unchecked Sendable {
    let source: String
    private let regex: NSRegularExpression
    /// Literal fast path for patterns without metacharacters (plain substring search).
    private let literal: String?

    struct InvalidPattern: Error, CustomStringConvertible {
        let pattern: String
        let reason: String
        var description: String { "invalid regular expression '\(pattern)': \(reason)" }
    }

    init(_ pattern: String) throws {
        source = pattern
        let translated = try ECMARegex.translate(pattern)
        do {
            regex = try NSRegularExpression(pattern: translated, options: [])
        } catch {
            throw InvalidPattern(pattern: pattern, reason: "not accepted by the regular expression engine")
        }
        let meta = Set("\\^$.|?*+()[]{}")
        literal = pattern.contains(where: { meta.contains($0) }) ? nil : pattern
    }

    func matches(_ string: String) -> Bool {
        if let literal { return literal.isEmpty || string.contains(literal) }
        let ns = string as NSString
        return regex.firstMatch(in: string, options: [], range: NSRange(location: 0, length: ns.length)) != nil
    }

    static let ecmaSpace =
        "\\t\\n\\x{0B}\\f\\r \\x{A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}\\x{2029}\\x{202F}\\x{205F}\\x{3000}\\x{FEFF}"

    /// Translates ECMA-262 syntax into ICU syntax, rejecting constructs ECMA-262 does not allow.
    static func translate(_ pattern: String) throws -> String {
        let chars = Array(pattern.unicodeScalars)
        var out = ""
        var i = 0
        var inClass = false
        var groupDepth = 0
        // ICU needs bounded lookbehind; ECMA-262 allows any. Unbounded quantifiers inside
        // lookbehind are bounded to 1000 repetitions.
        var groupIsLookbehind: [Bool] = []
        var lookbehindDepth: Int { groupIsLookbehind.filter { $0 }.count }
        func bad(_ reason: String) -> InvalidPattern { InvalidPattern(pattern: pattern, reason: reason) }
        while i < chars.count {
            let c = chars[i]
            if c == "\\" {
                guard i + 1 < chars.count else { throw bad("it ends with a lone backslash") }
                let e = chars[i + 1]
                i += 2
                switch e {
                case "d": out += inClass ? "0-9" : "[0-9]"
                case "D": out += inClass ? "\\x{0}-/:-\\x{10FFFF}" : "[^0-9]"
                case "w": out += inClass ? "a-zA-Z0-9_" : "[a-zA-Z0-9_]"
                case "W": out += inClass ? "\\x{0}-/:-@\\[-^`{-\\x{10FFFF}" : "[^a-zA-Z0-9_]"
                case "s": out += inClass ? ecmaSpace : "[\(ecmaSpace)]"
                case "S": out += inClass ? "\\S" : "[^\(ecmaSpace)]"
                case "b":
                    out += inClass ? "\\x{08}" : "(?:(?<=[a-zA-Z0-9_])(?![a-zA-Z0-9_])|(?<![a-zA-Z0-9_])(?=[a-zA-Z0-9_]))"
                case "B":
                    if inClass { throw bad("\\B is not allowed in a character class") }
                    out += "(?:(?<=[a-zA-Z0-9_])(?=[a-zA-Z0-9_])|(?<![a-zA-Z0-9_])(?![a-zA-Z0-9_]))"
                case "c":
                    guard i < chars.count, chars[i].isASCII, chars[i].properties.isAlphabetic else { throw bad("\\c must be followed by a letter") }
                    out += String(format: "\\x{%X}", chars[i].value % 32)
                    i += 1
                case "u":
                    if i < chars.count && chars[i] == "{" {
                        var j = i + 1
                        var hex = ""
                        while j < chars.count && chars[j] != "}" { hex.unicodeScalars.append(chars[j]); j += 1 }
                        guard j < chars.count, !hex.isEmpty, let v = UInt32(hex, radix: 16), v <= 0x10FFFF else {
                            throw bad("malformed \\u{…} escape")
                        }
                        out += String(format: "\\x{%X}", v)
                        i = j + 1
                    } else {
                        var hex = ""
                        var j = i
                        while j < chars.count && hex.count < 4 && chars[j].properties.isASCIIHexDigit {
                            hex.unicodeScalars.append(chars[j]); j += 1
                        }
                        guard hex.count == 4 else { throw bad("\\u must be followed by four hex digits") }
                        out += "\\x{\(hex)}"
                        i = j
                    }
                case "x":
                    guard i + 1 < chars.count, chars[i].properties.isASCIIHexDigit, chars[i + 1].properties.isASCIIHexDigit
                    else { throw bad("\\x must be followed by two hex digits") }
                    out += "\\x{\(chars[i])\(chars[i + 1])}"
                    i += 2
                case "p", "P":
                    guard i < chars.count, chars[i] == "{", let close = chars[i...].firstIndex(of: "}") else {
                        throw bad("\\p must be followed by {property}")
                    }
                    out += "\\\(e)"
                    for k in i...close { out.unicodeScalars.append(chars[k]) }
                    i = close + 1
                case "0":
                    if i < chars.count, ("0"..."9").contains(chars[i]) { throw bad("octal escapes are not allowed") }
                    out += "\\x{0}"
                case "1"..."9", "k":
                    out += "\\\(e)"
                case "t", "n", "v", "f", "r":
                    out += e == "v" ? "\\x{0B}" : "\\\(e)"
                case "^", "$", "\\", ".", "*", "+", "?", "(", ")", "[", "]", "{", "}", "|", "/":
                    out += "\\\(e)"
                case "-":
                    if !inClass { throw bad("\\- is only allowed inside a character class") }
                    out += "\\-"
                default:
                    throw bad("'\\\(e)' is not a valid escape in ECMA-262 regular expressions")
                }
                continue
            }
            if inClass {
                if c == "]" { inClass = false }
                if c == "[" { out += "\\[" } else if c == "&" || c == "~" { out += "\\\(c)" } else {
                    out.unicodeScalars.append(c)
                }
                i += 1
                continue
            }
            switch c {
            case "[":
                if i + 1 < chars.count && chars[i + 1] == "]" {
                    out += "(?!)"  // `[]` matches nothing in ECMA-262
                    i += 2
                    continue
                }
                if i + 2 < chars.count && chars[i + 1] == "^" && chars[i + 2] == "]" {
                    out += "[\\x{0}-\\x{10FFFF}]"  // `[^]` matches anything
                    i += 3
                    continue
                }
                inClass = true
                out += "["
                i += 1
                if i < chars.count && chars[i] == "^" { out += "^"; i += 1 }
                continue
            case "$":
                out += "\\z"
                i += 1
                continue
            case "(":
                groupDepth += 1
                if i + 1 < chars.count && chars[i + 1] == "?" {
                    let next = i + 2 < chars.count ? chars[i + 2] : " "
                    switch next {
                    case ":", "=", "!":
                        break
                    case "<":
                        let after = i + 3 < chars.count ? chars[i + 3] : " "
                        if after != "=" && after != "!" {
                            // Named group (?<name>…) — ECMA-262 and ICU agree.
                            guard after.properties.isAlphabetic || after == "_" || after == "$" else {
                                throw bad("malformed named group")
                            }
                        }
                    default:
                        throw bad("'(?\(next)' is not valid ECMA-262 group syntax")
                    }
                }
                let isLookbehind = i + 3 < chars.count && chars[i + 1] == "?" && chars[i + 2] == "<"
                    && (chars[i + 3] == "=" || chars[i + 3] == "!")
                groupIsLookbehind.append(isLookbehind)
                out += "("
                i += 1
                continue
            case ")":
                groupDepth -= 1
                if groupDepth < 0 { throw bad("unbalanced ')'") }
                groupIsLookbehind.removeLast()
                out += ")"
                i += 1
                continue
            case "*", "+", "?", "}":
                if lookbehindDepth > 0 && c == "*" {
                    out += "{0,1000}"
                } else if lookbehindDepth > 0 && c == "+" {
                    out += "{1,1000}"
                } else if lookbehindDepth > 0 && c == "}" && out.hasSuffix(",") {
                    out += "1000}"
                } else {
                    out.unicodeScalars.append(c)
                }
                i += 1
                // A second quantifier-like '+' after a quantifier means possessive in ICU: not ECMA-262.
                if c != "?" && i < chars.count && chars[i] == "+" { throw bad("possessive quantifiers are not allowed") }
                if c == "?" && i < chars.count && chars[i] == "+" { throw bad("possessive quantifiers are not allowed") }
                continue
            default:
                out.unicodeScalars.append(c)
                i += 1
            }
        }
        if inClass { throw bad("unterminated character class") }
        if groupDepth != 0 { throw bad("unbalanced '('") }
        return out
    }
}
