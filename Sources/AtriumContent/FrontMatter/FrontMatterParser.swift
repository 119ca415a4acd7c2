import AtriumCore
import Foundation
import Yams

/// Parses front matter YAML into `MetadataNode`s that keep the file position of every key and
/// value. Hostile input is bounded: alias expansion and nesting depth have fixed budgets, and
/// the parser is never handed input that could exhaust its stack.
public struct FrontMatterParser: Sendable {
    /// Most values one front matter may expand to (aliases count once per use).
    public var maximumNodes: Int
    /// Deepest nesting of lists and mappings accepted.
    public var maximumDepth: Int

    public init(maximumNodes: Int = 100_000, maximumDepth: Int = 64) {
        self.maximumNodes = maximumNodes
        self.maximumDepth = maximumDepth
    }

    /// The parsed root, plus problems that did not stop parsing (impossible dates, say).
    public struct Result: Sendable {
        public var root: MetadataNode?
        public var diagnostics: [Diagnostic]
    }

    /// - Parameters:
    ///   - yaml: the text between the fences.
    ///   - firstLine: the file line on which `yaml` starts.
    ///   - path: repository-relative path, for spans.
    /// Yams' default resolver tries seven regular expressions on every plain scalar to guess its
    /// type; `Converter` types plain scalars itself and only needs to tell them from ones tagged
    /// `!!str`, so every untagged plain scalar gets one private tag from a single match. (The
    /// encoding is given too: Yams' default reads the whole process environment on every parse.)
    static let resolver: Resolver = {
        do {
            return try Resolver.basic.appending(Tag.Name(rawValue: "tag:atrium,2024:plain"), "^")
        } catch {
            fatalError("the plain-scalar pattern does not compile: \(error)")
        }
    }()

    public func parse(_ yaml: String, firstLine: Int, path: String) -> Result {
        let lines = SourceText(path: path, text: yaml).lines
        let geometry = Geometry(path: path, lines: lines, lineOffset: firstLine - 1)
        if let problem = precheck(lines, geometry: geometry) {
            return Result(root: nil, diagnostics: [problem])
        }
        let composed: Node?
        do {
            composed = try Yams.compose(yaml: yaml, Self.resolver, .default, .utf8)
        } catch {
            return Result(root: nil, diagnostics: [diagnostic(for: error, geometry: geometry, lines: lines)])
        }
        let fence = SourceSpan(file: path, line: max(1, firstLine - 1), column: 1, length: 3)
        guard let composed else {
            // Empty front matter: an empty mapping, so the schema reports each missing field.
            return Result(root: MetadataNode(.mapping([]), span: fence), diagnostics: [])
        }
        var converter = Converter(geometry: geometry, maximumNodes: maximumNodes, maximumDepth: maximumDepth)
        do {
            var root = try converter.convert(composed, depth: 0)
            guard root.isMapping else {
                let kind = if case .sequence = root.value { "a list" } else { "a single value" }
                return Result(root: nil, diagnostics: converter.diagnostics + [Diagnostic(
                    rule: .frontMatterNotMapping,
                    message: "front matter is \(kind), not a set of fields",
                    span: root.span,
                    help: "write each field on its own line as `name: value`, e.g. `title: …`")])
            }
            // Missing fields of the whole front matter are reported at the opening `---`.
            root.span = fence
            return Result(root: root, diagnostics: converter.diagnostics)
        } catch let failure as Converter.Failure {
            return Result(root: nil, diagnostics: converter.diagnostics + [failure.diagnostic])
        } catch {
            return Result(root: nil, diagnostics: [Diagnostic(rule: .yamlSyntax, message: "\(error)", span: fence)])
        }
    }

    // MARK: Checks before the YAML parser sees the text

    /// Tabs used as indentation, and nesting deep enough to threaten the parser's stack.
    /// Scans the raw lines for tab indentation and for nesting deeper than the limit, before Yams
    /// sees them. Works on UTF-8 bytes (every character it looks for is ASCII); columns in
    /// diagnostics are counted in characters.
    private func precheck(_ lines: [Substring], geometry: Geometry) -> Diagnostic? {
        var flowDepth = 0
        for (index, line) in lines.enumerated() {
            func column(_ offset: Int) -> Int {
                String(decoding: line.utf8.prefix(offset), as: UTF8.self).count + 1
            }
            var sequenceMarkers = 0
            var indentation = 0
            var inIndentation = true
            var quote: UInt8?
            var previous = UInt8(ascii: " ")
            for (offset, byte) in line.utf8.enumerated() {
                if inIndentation {
                    if byte == UInt8(ascii: "\t") {
                        return Diagnostic(
                            rule: .yamlTabIndentation,
                            message: "tab character used for indentation",
                            span: geometry.span(line: index + 1, column: column(offset), length: 1),
                            help: "YAML does not allow tabs for indentation; replace the tab with spaces")
                    }
                    if byte == UInt8(ascii: "-") || byte == UInt8(ascii: "?") { sequenceMarkers += 1; continue }
                    if byte == UInt8(ascii: " ") {
                        if sequenceMarkers == 0 { indentation += 1 }
                        continue
                    }
                    inIndentation = false
                }
                if let open = quote {
                    if byte == open { quote = nil }
                    continue
                }
                switch byte {
                case UInt8(ascii: "\""), UInt8(ascii: "'"):
                    // A quote opens a quoted scalar only where a value may start, not inside `women's`.
                    switch previous {
                    case UInt8(ascii: " "), UInt8(ascii: "["), UInt8(ascii: "{"), UInt8(ascii: ","), UInt8(ascii: ":"): quote = byte
                    default: break
                    }
                case UInt8(ascii: "["), UInt8(ascii: "{"):
                    flowDepth += 1
                    if flowDepth > maximumDepth {
                        return tooDeep(geometry.span(line: index + 1, column: column(offset), length: 1))
                    }
                case UInt8(ascii: "]"), UInt8(ascii: "}"):
                    flowDepth = max(0, flowDepth - 1)
                default:
                    break
                }
                if byte == UInt8(ascii: "#") && previous == UInt8(ascii: " ") { break }
                previous = byte
            }
            if sequenceMarkers > maximumDepth || indentation > maximumDepth * 4 {
                return tooDeep(geometry.span(line: index + 1, column: 1, length: min(line.count, 80)))
            }
        }
        return nil
    }

    private func tooDeep(_ span: SourceSpan) -> Diagnostic {
        Diagnostic(rule: .yamlTooComplex,
                   message: "front matter is nested more than \(maximumDepth) levels deep",
                   span: span,
                   help: "knowledge-product metadata needs only a few levels; flatten this structure")
    }

    // MARK: Parser errors

    private func diagnostic(for error: Error, geometry: Geometry, lines: [Substring]) -> Diagnostic {
        guard let yamlError = error as? YamlError else {
            return Diagnostic(rule: .yamlSyntax, message: "front matter could not be parsed: \(error)",
                              span: geometry.span(line: 1, column: 1, length: 1))
        }
        switch yamlError {
        case .scanner(let context, let problem, let mark, _),
             .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            if let context, context.text.contains("quoted scalar"), problem.contains("end of stream") {
                // The scanner ran to the end looking for the closing quote; the mistake is where the
                // quote opened, not at the end of the front matter where it gave up.
                return Diagnostic(rule: .yamlSyntax, message: "invalid YAML: a quoted value opened here is never closed",
                                  span: geometry.span(line: context.mark.line, column: context.mark.column, length: 1),
                                  help: "close the quote at the end of the value, or remove it",
                                  notes: [.init("the parser reached the end looking for the closing quote",
                                                at: geometry.span(line: mark.line, column: mark.column, length: 1))])
            }
            var notes: [Diagnostic.Note] = []
            if let context {
                notes.append(.init(context.text, at: geometry.span(line: context.mark.line, column: context.mark.column, length: 1)))
            }
            return Diagnostic(rule: .yamlSyntax, message: "invalid YAML: \(problem)",
                              span: geometry.span(line: mark.line, column: mark.column, length: 1),
                              help: help(forProblem: problem, line: lines.indices.contains(mark.line - 1) ? lines[mark.line - 1] : nil),
                              notes: notes)
        case .duplicatedKeysInMapping(let duplicates, let context):
            let key = duplicates.first ?? "?"
            let places = occurrences(ofKey: key, in: lines)
            let span = places.count >= 2
                ? geometry.span(line: places[1].line, column: places[1].column, length: key.count)
                : geometry.span(line: context.mark.line, column: context.mark.column, length: key.count)
            let notes = places.count >= 2
                ? [Diagnostic.Note("first written here", at: geometry.span(line: places[0].line, column: places[0].column, length: key.count))]
                : []
            return Diagnostic(rule: .yamlDuplicateKey, message: "field `\(key)` is written twice",
                              span: span, help: "keep one `\(key)` and remove the other", notes: notes)
        case .reader(let problem, let offset, let value, let yaml):
            let position = offset.map { Self.position(ofUTF8Offset: $0, in: yaml) } ?? (1, 1)
            return Diagnostic(rule: .yamlSyntax,
                              message: "invalid character in front matter: \(problem) (#x\(String(value, radix: 16)))",
                              span: geometry.span(line: position.0, column: position.1, length: 1),
                              help: "remove the control character; it is invisible in most editors")
        default:
            return Diagnostic(rule: .yamlSyntax, message: "front matter could not be parsed: \(yamlError)",
                              span: geometry.span(line: 1, column: 1, length: 1))
        }
    }

    private func help(forProblem problem: String, line: Substring?) -> String? {
        if problem.contains("mapping values are not allowed") {
            return "a value containing `: ` must be quoted, e.g. `title: \"Lessons: what worked\"`"
        }
        if problem.contains("did not find expected key") || problem.contains("did not find expected '-'") {
            return "check the indentation: items of the same list or mapping must start in the same column"
        }
        if problem.contains("found unexpected end of stream") || problem.contains("found unknown escape") {
            return "a quoted value is not closed, or uses a backslash escape YAML does not know; close the quote or use single quotes"
        }
        if problem.contains("found character that cannot start any token") {
            if let line, line.contains("@") || line.contains("`") {
                return "values starting with `@` or a backtick must be quoted"
            }
            return "quote the value"
        }
        if problem.contains("found undefined alias") {
            return "an alias `*name` needs an anchor `&name` earlier in the front matter"
        }
        if problem.contains("did not find expected ',' or ']'") || problem.contains("did not find expected ',' or '}'") {
            return "a `[` or `{` list is not closed, or an item in it needs quotes"
        }
        return nil
    }

    /// Places where `key:` starts a mapping entry, for pointing at both duplicates.
    private func occurrences(ofKey key: String, in lines: [Substring]) -> [(line: Int, column: Int)] {
        var found: [(Int, Int)] = []
        for (index, line) in lines.enumerated() {
            let indentation = line.prefix { $0 == " " || $0 == "-" }.count
            let rest = line.dropFirst(indentation)
            for candidate in [key + ":", "\"\(key)\":", "'\(key)':"] where rest.hasPrefix(candidate) {
                found.append((index + 1, indentation + 1))
            }
        }
        return found
    }

    static func position(ofUTF8Offset offset: Int, in text: String) -> (Int, Int) {
        let bytes = Array(text.utf8.prefix(offset))
        let line = bytes.reduce(1) { $1 == UInt8(ascii: "\n") ? $0 + 1 : $0 }
        let lineStart = bytes.lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? 0
        let column = String(decoding: bytes[lineStart...], as: UTF8.self).unicodeScalars.count + 1
        return (line, column)
    }
}

/// Maps positions in the YAML text to spans in the file.
struct Geometry {
    let path: String
    let lines: [Substring]
    let lineOffset: Int

    func span(line: Int, column: Int, length: Int) -> SourceSpan {
        SourceSpan(file: path, line: line + lineOffset, column: max(1, column), length: length)
    }

    /// The span of the token starting at a Yams mark: a quoted string to its closing quote,
    /// a plain value to the end of the line (before a comment), a flow collection to its bracket.
    func tokenSpan(at mark: Mark?) -> SourceSpan {
        guard let mark, lines.indices.contains(mark.line - 1) else { return span(line: mark?.line ?? 1, column: mark?.column ?? 1, length: 1) }
        let line = lines[mark.line - 1]
        let start = mark.column - 1
        // Columns count Unicode scalars; on an ASCII line (nearly every line of front matter)
        // those are its bytes, read in place instead of decoded into an array for every value.
        let length: Int?
        if line.isASCII,
           let fromBytes = line.utf8.withContiguousStorageIfAvailable({ bytes in
               Self.tokenLength(count: bytes.count, start: start) { UInt32(bytes[$0]) }
           }) {
            length = fromBytes
        } else {
            let scalars = Array(line.unicodeScalars)
            length = Self.tokenLength(count: scalars.count, start: start) { scalars[$0].value }
        }
        return span(line: mark.line, column: mark.column, length: length ?? 1)
    }

    /// The length, in scalars, of the token starting at `start` among `count` scalars read by
    /// `at`; nil when `start` is past the line.
    private static func tokenLength(count: Int, start: Int, _ at: (Int) -> UInt32) -> Int? {
        guard start >= 0, start < count else { return nil }
        let (quote, doubleQuote, backslash, space, hash, colon): (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32) = (0x27, 0x22, 0x5C, 0x20, 0x23, 0x3A)
        var end = start + 1
        switch at(start) {
        case doubleQuote, quote:
            let opening = at(start)
            while end < count {
                if at(end) == backslash && opening == doubleQuote { end += 2; continue }
                if at(end) == opening { end += 1; break }
                end += 1
            }
        case 0x5B, 0x7B, 0x7C, 0x3E, 0x2D, 0x26, 0x2A, 0x21:  // [ { | > - & * !
            end = start + 1
        default:
            while end < count {
                if at(end) == hash && at(end - 1) == space { break }
                if at(end) == colon && (end + 1 == count || at(end + 1) == space) { break }
                end += 1
            }
            while end > start + 1 && at(end - 1) == space { end -= 1 }
        }
        return min(end, count) - start
    }
}
