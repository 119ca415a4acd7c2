import AtriumCore
import Foundation
import Yams

extension FrontMatterParser {
    /// Turns Yams nodes into `MetadataNode`s within a budget of nodes and depth, resolving
    /// plain scalars under the YAML 1.2 core schema (so `NO`, Norway, stays a string) plus dates.
    struct Converter {
        struct Failure: Error {
            let diagnostic: Diagnostic
        }

        let geometry: Geometry
        let maximumNodes: Int
        let maximumDepth: Int
        private(set) var diagnostics: [Diagnostic] = []
        private var visited = 0

        init(geometry: Geometry, maximumNodes: Int, maximumDepth: Int) {
            self.geometry = geometry
            self.maximumNodes = maximumNodes
            self.maximumDepth = maximumDepth
        }

        mutating func convert(_ node: Node, depth: Int) throws -> MetadataNode {
            visited += 1
            if visited > maximumNodes {
                throw Failure(diagnostic: Diagnostic(
                    rule: .yamlTooComplex,
                    message: "front matter expands to more than \(maximumNodes) values",
                    span: geometry.tokenSpan(at: node.mark),
                    help: "YAML aliases (`*name`) nested inside aliases multiply; write the values out instead"))
            }
            if depth > maximumDepth {
                throw Failure(diagnostic: Diagnostic(
                    rule: .yamlTooComplex, message: "front matter is nested more than \(maximumDepth) levels deep",
                    span: geometry.tokenSpan(at: node.mark),
                    help: "knowledge-product metadata needs only a few levels; flatten this structure"))
            }
            let span = geometry.tokenSpan(at: node.mark)
            switch node {
            case .scalar(let scalar):
                return MetadataNode(.scalar(resolve(scalar, span: span)), span: span)
            case .sequence(let sequence):
                var elements: [MetadataNode] = []
                elements.reserveCapacity(sequence.count)
                for element in sequence {
                    elements.append(try convert(element, depth: depth + 1))
                }
                return MetadataNode(.sequence(elements), span: span)
            case .mapping(let mapping):
                var entries: [MetadataEntry] = []
                var firstSpans: [String: SourceSpan] = [:]
                for (keyNode, valueNode) in mapping {
                    let keySpan = geometry.tokenSpan(at: keyNode.mark)
                    guard case .scalar(let keyScalar) = keyNode else {
                        throw Failure(diagnostic: Diagnostic(
                            rule: .yamlSyntax, message: "a field name must be a plain word, not a list or mapping",
                            span: keySpan, help: "write the field as `name: value`"))
                    }
                    let key = keyScalar.string
                    if let first = firstSpans[key] {
                        diagnostics.append(Diagnostic(
                            rule: .yamlDuplicateKey, message: "field `\(key)` is written twice", span: keySpan,
                            help: "keep one `\(key)` and remove the other", notes: [.init("first written here", at: first)]))
                        continue
                    }
                    firstSpans[key] = keySpan
                    entries.append(MetadataEntry(key: key, keySpan: keySpan, value: try convert(valueNode, depth: depth + 1)))
                }
                return MetadataNode(.mapping(entries), span: span)
            case .alias(let alias):
                // Yams resolves aliases while composing; an unresolved one is reported as such.
                throw Failure(diagnostic: Diagnostic(
                    rule: .yamlSyntax, message: "alias `*\(alias.anchor.rawValue)` could not be resolved",
                    span: geometry.tokenSpan(at: alias.mark), help: "define the anchor `&\(alias.anchor.rawValue)` before using it"))
            }
        }

        private mutating func resolve(_ scalar: Node.Scalar, span: SourceSpan) -> MetadataScalar {
            let text = scalar.string
            // Quoted and block scalars, and plain ones tagged `!!str`, are strings whatever they look like.
            guard scalar.style == .plain, scalar.tag.rawValue != Tag.Name.str.rawValue else {
                return MetadataScalar(source: text, resolved: .string(text), isQuoted: true)
            }
            return MetadataScalar(source: text, resolved: resolvePlain(text, span: span), isQuoted: false)
        }

        private mutating func resolvePlain(_ text: String, span: SourceSpan) -> MetadataScalar.Resolved {
            switch text {
            case "", "~", "null", "Null", "NULL": return .null
            case "true", "True", "TRUE": return .bool(true)
            case "false", "False", "FALSE": return .bool(false)
            case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return .double(.infinity)
            case "-.inf", "-.Inf", "-.INF": return .double(-.infinity)
            case ".nan", ".NaN", ".NAN": return .double(.nan)
            default: break
            }
            if let (year, month, day) = CalendarDate.components(text) {
                if let date = CalendarDate(year: year, month: month, day: day) { return .date(date.description) }
                diagnostics.append(Diagnostic(
                    rule: .dateInvalid, message: "`\(text)` is not a real date",
                    span: span, help: Self.dateHelp(year: year, month: month, day: day)))
                return .string(text)
            }
            if text.count > 10, CalendarDate.components(text.prefix(10)) != nil,
               let separator = text.dropFirst(10).first, separator == "T" || separator == "t" || separator == " " {
                if CalendarDate(iso: text.prefix(10)) == nil {
                    diagnostics.append(Diagnostic(rule: .dateInvalid, message: "`\(text)` is not a real date", span: span))
                }
                return .dateTime(text)
            }
            if let integer = Self.integer(text) { return .integer(integer) }
            if Self.looksLikeFloat(text), let double = Double(text) { return .double(double) }
            return .string(text)
        }

        private static func dateHelp(year: Int, month: Int, day: Int) -> String {
            guard (1...12).contains(month) else { return "months run from 01 to 12; dates are written YYYY-MM-DD" }
            let last = CalendarDate.daysIn(month: month, year: year)
            return "month \(month) of \(year) has \(last) days; dates are written YYYY-MM-DD"
        }

        private static func integer(_ text: String) -> Int? {
            if text.hasPrefix("0x"), let value = Int(text.dropFirst(2), radix: 16) { return value }
            if text.hasPrefix("0o"), let value = Int(text.dropFirst(2), radix: 8) { return value }
            let digits = text.first == "-" || text.first == "+" ? text.dropFirst() : Substring(text)
            guard !digits.isEmpty, digits.allSatisfy(\.isASCIIDigit) else { return nil }
            return Int(text)
        }

        private static func looksLikeFloat(_ text: String) -> Bool {
            var sawDigit = false
            for (offset, character) in text.enumerated() {
                switch character {
                case "0"..."9": sawDigit = true
                case "+", "-": if offset != 0, !text.dropLast(text.count - offset).hasSuffix("e"), !text.dropLast(text.count - offset).hasSuffix("E") { return false }
                case ".", "e", "E": continue
                default: return false
                }
            }
            return sawDigit
        }
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}

extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
