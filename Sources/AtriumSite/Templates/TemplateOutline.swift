/// The tags of one Mustache template as a tree with line and column numbers: what the checker
/// walks. swift-mustache parses templates for rendering but keeps no positions and hides its
/// tokens, so this small reader of the same grammar exists to point at the line of a typo.
struct TemplateOutline: Sendable {
    enum Kind: Sendable, Equatable {
        /// `{{name}}`, `{{{name}}}`, `{{&name}}`.
        case variable
        /// `{{#name}}…{{/name}}`.
        case section
        /// `{{^name}}…{{/name}}`.
        case invertedSection
        /// `{{$name}}…{{/name}}`: a block, in a layout or in an override.
        case block
        /// `{{> name}}`.
        case partial
        /// `{{< name}}…{{/name}}`: extends a layout.
        case parent
    }

    struct Tag: Sendable {
        var kind: Kind
        /// The name as written, without transforms: `product.title`, `.`.
        var name: String
        var line: Int
        var column: Int
        /// Length of the whole tag, `{{` to `}}`, in characters.
        var length: Int
        var children: [Tag] = []
    }

    struct SyntaxError: Error, Sendable {
        var message: String
        var line: Int
        var column: Int
    }

    var tags: [Tag]

    init(parsing text: String) throws(SyntaxError) {
        var reader = Reader(text: Array(text.unicodeScalars))
        var stack: [Tag] = [Tag(kind: .section, name: "", line: 0, column: 0, length: 0)]
        while let raw = try reader.nextTag() {
            switch raw.sigil {
            case "!", "=":
                continue
            case "/":
                guard stack.count > 1, let open = stack.last else {
                    throw SyntaxError(message: "`{{/\(raw.name)}}` closes a section that was never opened", line: raw.line, column: raw.column)
                }
                guard open.name == raw.name else {
                    throw SyntaxError(message: "`{{/\(raw.name)}}` closes `\(open.name)`, opened on line \(open.line); close it with `{{/\(open.name)}}` first",
                                      line: raw.line, column: raw.column)
                }
                stack.removeLast()
                stack[stack.count - 1].children.append(open)
            default:
                let kind: Kind
                switch raw.sigil {
                case "#": kind = .section
                case "^": kind = .invertedSection
                case "$": kind = .block
                case "<": kind = .parent
                case ">": kind = .partial
                default: kind = .variable
                }
                guard !raw.name.isEmpty else {
                    throw SyntaxError(message: "empty tag `\(raw.text)`", line: raw.line, column: raw.column)
                }
                let tag = Tag(kind: kind, name: raw.name, line: raw.line, column: raw.column, length: raw.text.unicodeScalars.count)
                if kind == .variable || kind == .partial {
                    stack[stack.count - 1].children.append(tag)
                } else {
                    stack.append(tag)
                }
            }
        }
        if stack.count > 1, let open = stack.last {
            throw SyntaxError(message: "`{{\(Self.sigil(of: open.kind))\(open.name)}}` is never closed; add `{{/\(open.name)}}`",
                              line: open.line, column: open.column)
        }
        tags = stack[0].children
    }

    static func sigil(of kind: Kind) -> String {
        switch kind {
        case .variable: return ""
        case .section: return "#"
        case .invertedSection: return "^"
        case .block: return "$"
        case .partial: return ">"
        case .parent: return "<"
        }
    }

    /// Scans `{{…}}` tags, honouring delimiter changes (`{{=<% %>=}}`).
    private struct Reader {
        struct RawTag {
            var sigil: Character?
            var name: String
            var text: String
            var line: Int
            var column: Int
        }

        let text: [Unicode.Scalar]
        var index = 0
        var line = 1
        var column = 1
        var open: [Unicode.Scalar] = Array("{{".unicodeScalars)
        var close: [Unicode.Scalar] = Array("}}".unicodeScalars)

        init(text: [Unicode.Scalar]) { self.text = text }

        func matches(_ delimiter: [Unicode.Scalar], at position: Int) -> Bool {
            guard position + delimiter.count <= text.count else { return false }
            for offset in 0..<delimiter.count where text[position + offset] != delimiter[offset] { return false }
            return true
        }

        mutating func advance(_ count: Int) {
            for _ in 0..<count where index < text.count {
                if text[index] == "\n" {
                    line += 1
                    column = 1
                } else {
                    column += 1
                }
                index += 1
            }
        }

        mutating func nextTag() throws(SyntaxError) -> RawTag? {
            while index < text.count, !matches(open, at: index) { advance(1) }
            guard index < text.count else { return nil }
            let startLine = line, startColumn = column, start = index
            advance(open.count)
            var sigil: Character?
            if index < text.count, "#^/!>&{<$=".unicodeScalars.contains(text[index]) {
                sigil = Character(text[index])
                advance(1)
            }
            // `{{{name}}}` ends with `}}}`; `{{=<% %>=}}` with `=}}`.
            var closing = close
            if sigil == "{" { closing = ["}"] + close }
            if sigil == "=" { closing = ["="] + close }
            let bodyStart = index
            while index < text.count, !matches(closing, at: index) {
                // `{{title}</a> … {{next}}`: a tag cannot hold another opening delimiter, so the
                // closing one was mistyped here, not somewhere lines later where the scan would end.
                if matches(open, at: index) {
                    throw SyntaxError(message: "tag opened here is not closed: `\(String(String.UnicodeScalarView(closing)))` is missing before the next `\(String(String.UnicodeScalarView(open)))` (line \(line), column \(column))",
                                      line: startLine, column: startColumn)
                }
                advance(1)
            }
            guard index < text.count else {
                throw SyntaxError(message: "tag opened here is never closed with `\(String(String.UnicodeScalarView(closing)))`",
                                  line: startLine, column: startColumn)
            }
            let body = String(String.UnicodeScalarView(text[bodyStart..<index]))
            advance(closing.count)
            let whole = String(String.UnicodeScalarView(text[start..<index]))
            if sigil == "=" {
                let parts = body.split(whereSeparator: { $0 == " " || $0 == "\t" })
                guard parts.count == 2 else {
                    throw SyntaxError(message: "a delimiter change is written `{{=<% %>=}}`: two delimiters separated by a space",
                                      line: startLine, column: startColumn)
                }
                open = Array(parts[0].unicodeScalars)
                close = Array(parts[1].unicodeScalars)
            }
            return RawTag(sigil: sigil == "{" || sigil == "&" ? nil : sigil, name: Self.name(in: body), text: whole,
                          line: startLine, column: startColumn)
        }

        /// The variable a tag names: `title`, or `title` in a transform such as `uppercase(title)`.
        static func name(in body: String) -> String {
            var name = Substring(body.trimmingWhitespace())
            while let open = name.firstIndex(of: "("), name.hasSuffix(")") {
                name = name[name.index(after: open)..<name.index(before: name.endIndex)]
            }
            return String(name).trimmingWhitespace()
        }
    }
}

extension String {
    func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        return String(scalars[first...last])
    }
}
