import Foundation

/// The outcome of validating one instance.
public struct ValidationResult: Sendable, Hashable {
    public var isValid: Bool
    /// Failures in evaluation order. Empty when `isValid` is true.
    public var errors: [ValidationError]

    public init(isValid: Bool, errors: [ValidationError]) {
        self.isValid = isValid
        self.errors = errors
    }
}

/// One validation failure.
public struct ValidationError: Sendable, Hashable, CustomStringConvertible, Error {
    /// Where in the instance the failure is (e.g. `/recommendations/0/status`).
    public var instanceLocation: JSONPointer
    /// The evaluation path through the schema, including `$ref` steps (e.g. `/properties/a/$ref/minLength`).
    public var keywordLocation: JSONPointer
    /// The absolute, canonical location of the failing keyword (`<resource URI>#<pointer>`).
    public var absoluteKeywordLocation: String?
    /// The failing keyword, e.g. `enum`, `required`, `additionalProperties`.
    public var keyword: String
    /// Structured details.
    public var kind: Kind
    /// A close match for a misspelled value or field name, when one exists.
    public var suggestion: String?
    /// A sentence written for a document author rather than an engineer.
    public var message: String

    public var description: String {
        let loc = instanceLocation.isRoot ? "/" : instanceLocation.description
        return "\(loc): \(message)"
    }

    public init(
        instanceLocation: JSONPointer, keywordLocation: JSONPointer, absoluteKeywordLocation: String?,
        keyword: String, kind: Kind, suggestion: String? = nil, message: String? = nil
    ) {
        self.instanceLocation = instanceLocation
        self.keywordLocation = keywordLocation
        self.absoluteKeywordLocation = absoluteKeywordLocation
        self.keyword = keyword
        self.kind = kind
        self.suggestion = suggestion
        self.message = message ?? MessageFormatter.message(for: kind, at: instanceLocation)
    }

    /// Structured description of a failure.
    public enum Kind: Sendable, Hashable {
        /// The schema is `false` (nothing is allowed here).
        case falseSchema
        case type(expected: [String], actual: String)
        case enumMismatch(allowed: [JSONValue], actual: JSONValue, suggestion: String?)
        case const(expected: JSONValue, actual: JSONValue)
        case multipleOf(divisor: JSONNumber, actual: JSONNumber)
        case minimum(limit: JSONNumber, actual: JSONNumber)
        case exclusiveMinimum(limit: JSONNumber, actual: JSONNumber)
        case maximum(limit: JSONNumber, actual: JSONNumber)
        case exclusiveMaximum(limit: JSONNumber, actual: JSONNumber)
        /// Lengths count Unicode code points.
        case minLength(actual: Int, limit: Int)
        case maxLength(actual: Int, limit: Int)
        /// The pattern that the string failed to match.
        case pattern(String)
        /// The format name the string does not conform to.
        case format(String)
        case minItems(actual: Int, limit: Int)
        case maxItems(actual: Int, limit: Int)
        /// Zero-based indices of the first pair of equal items.
        case uniqueItems(firstIndex: Int, secondIndex: Int)
        case minContains(actual: Int, limit: Int)
        case maxContains(actual: Int, limit: Int)
        case minProperties(actual: Int, limit: Int)
        case maxProperties(actual: Int, limit: Int)
        case required(missing: String)
        case dependentRequired(missing: String, dependency: String)
        /// A field rejected by `additionalProperties`.
        case additionalProperty(String)
        /// A field rejected by `unevaluatedProperties`.
        case unevaluatedProperty(String)
        /// An array item rejected by `items: false` (after `prefixItems`).
        case additionalItem(index: Int)
        /// An array item rejected by `unevaluatedItems`.
        case unevaluatedItem(index: Int)
        /// A field name rejected by `propertyNames`; `reason` is the underlying message.
        case propertyName(String, reason: String?)
        /// The value matched the schema under `not`.
        case not
        /// No branch of `anyOf` / `oneOf` matched (`branchCount` branches).
        case noBranchMatched(keyword: String, branchCount: Int)
        /// More than one `oneOf` branch matched (zero-based indices).
        case multipleBranchesMatched(indices: [Int])
        /// A reference cycle that makes no progress, or evaluation deeper than the configured limit.
        case infiniteRecursion(String)
    }
}

/// Builds author-facing sentences.
enum MessageFormatter {
    static func subject(_ location: JSONPointer) -> String {
        guard let last = location.tokens.last else { return "the document" }
        if JSONPointer.arrayIndex(last) != nil {
            let count = location.tokens.count
            if count >= 2 { return "`\(location.tokens[count - 2])[\(last)]`" }
            return "item \(last)"
        }
        return "`\(last)`"
    }

    static func container(_ location: JSONPointer) -> String {
        location.isRoot ? "" : " in \(subject(location))"
    }

    static func typePhrase(_ type: String) -> String {
        switch type {
        case "string": return "text"
        case "number": return "a number"
        case "integer": return "a whole number"
        case "object": return "an object"
        case "array": return "a list"
        case "boolean": return "true or false"
        case "null": return "null"
        default: return type
        }
    }

    /// Renders a value inline: strings bare, everything else as JSON; long values are shortened.
    static func show(_ value: JSONValue) -> String {
        let text: String
        if case .string(let s) = value { text = s } else { text = value.jsonText }
        if text.count > 60 { return String(text.prefix(57)) + "…" }
        return text
    }

    static func plural(_ n: Int, _ word: String) -> String { n == 1 ? "1 \(word)" : "\(n) \(word)s" }

    static func message(for kind: ValidationError.Kind, at location: JSONPointer) -> String {
        let s = subject(location)
        let S = s.prefix(1).uppercased() + s.dropFirst()
        switch kind {
        case .falseSchema:
            return "\(S) is not allowed here"
        case .type(let expected, let actual):
            let wanted = expected.map(typePhrase).joined(separator: " or ")
            return "\(S) must be \(wanted) — got \(typePhrase(actual))"
        case .enumMismatch(let allowed, let actual, let suggestion):
            var list = allowed.prefix(12).map(show).joined(separator: ", ")
            if allowed.count > 12 { list += ", … (\(allowed.count - 12) more)" }
            var m = "\(S) must be one of \(list) — got `\(show(actual))`"
            if let suggestion { m += "; did you mean `\(suggestion)`?" }
            return m
        case .const(let expected, let actual):
            return "\(S) must be exactly `\(show(expected))` — got `\(show(actual))`"
        case .multipleOf(let divisor, let actual):
            return "\(S) is \(actual); it must be a multiple of \(divisor)"
        case .minimum(let limit, let actual):
            return "\(S) is \(actual); it must be at least \(limit)"
        case .exclusiveMinimum(let limit, let actual):
            return "\(S) is \(actual); it must be greater than \(limit)"
        case .maximum(let limit, let actual):
            return "\(S) is \(actual); it must be at most \(limit)"
        case .exclusiveMaximum(let limit, let actual):
            return "\(S) is \(actual); it must be less than \(limit)"
        case .minLength(let actual, let limit):
            return "\(S) is \(plural(actual, "character")); the standard asks for at least \(limit)"
        case .maxLength(let actual, let limit):
            return "\(S) is \(plural(actual, "character")); the standard allows at most \(limit)"
        case .pattern(let pattern):
            return "\(S) does not have the expected form (it must match the pattern `\(pattern)`)"
        case .format(let format):
            return "\(S) is not a valid \(format)"
        case .minItems(let actual, let limit):
            return "\(S) has \(plural(actual, "item")); the standard asks for at least \(limit)"
        case .maxItems(let actual, let limit):
            return "\(S) has \(plural(actual, "item")); the standard allows at most \(limit)"
        case .uniqueItems(let first, let second):
            return "\(S) lists the same item twice (items \(first + 1) and \(second + 1) are identical)"
        case .minContains(let actual, let limit):
            return "\(S) must contain at least \(plural(limit, "matching item")) — found \(actual)"
        case .maxContains(let actual, let limit):
            return "\(S) may contain at most \(plural(limit, "matching item")) — found \(actual)"
        case .minProperties(let actual, let limit):
            return "\(S) has \(plural(actual, "field")); the standard asks for at least \(limit)"
        case .maxProperties(let actual, let limit):
            return "\(S) has \(plural(actual, "field")); the standard allows at most \(limit)"
        case .required(let missing):
            return "missing required field `\(missing)`\(container(location))"
        case .dependentRequired(let missing, let dependency):
            return "missing field `\(missing)`\(container(location)), which is required when `\(dependency)` is present"
        case .additionalProperty(let name), .unevaluatedProperty(let name):
            return "unknown field `\(name)`\(container(location))"
        case .additionalItem(let index), .unevaluatedItem(let index):
            return "\(S) has too many items: item \(index + 1) is not allowed"
        case .propertyName(let name, let reason):
            if let reason { return "field name `\(name)`\(container(location)) is not allowed: \(reason)" }
            return "field name `\(name)`\(container(location)) is not allowed"
        case .not:
            return "\(S) matches a form that is explicitly not allowed"
        case .noBranchMatched(_, let count):
            return "\(S) does not match any of the \(count) allowed forms"
        case .multipleBranchesMatched(let indices):
            let list = indices.map { String($0 + 1) }.joined(separator: ", ")
            return "\(S) matches more than one of the allowed forms (options \(list)); it must match exactly one"
        case .infiniteRecursion(let detail):
            return "the schema could not be applied to \(s): \(detail)"
        }
    }

    static func withSuggestion(_ message: String, _ suggestion: String?) -> String {
        guard let suggestion else { return message }
        return message + " — did you mean `\(suggestion)`?"
    }
}

/// Edit-distance based "did you mean" suggestions.
enum Suggester {
    /// Optimal-string-alignment (restricted Damerau–Levenshtein) distance over Unicode scalars.
    static func distance(_ a: String, _ b: String) -> Int {
        let x = Array(a.unicodeScalars), y = Array(b.unicodeScalars)
        if x.isEmpty { return y.count }
        if y.isEmpty { return x.count }
        var prev2 = [Int](repeating: 0, count: y.count + 1)
        var prev = Array(0...y.count)
        var cur = [Int](repeating: 0, count: y.count + 1)
        for i in 1...x.count {
            cur[0] = i
            for j in 1...y.count {
                let cost = x[i - 1] == y[j - 1] ? 0 : 1
                var v = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
                if i > 1, j > 1, x[i - 1] == y[j - 2], x[i - 2] == y[j - 1] {
                    v = min(v, prev2[j - 2] + 1)
                }
                cur[j] = v
            }
            prev2 = prev
            prev = cur
        }
        return prev[y.count]
    }

    /// The closest candidate when it is close enough to be a plausible typo.
    static func suggest(_ input: String, among candidates: [String]) -> String? {
        guard !input.isEmpty, !candidates.isEmpty else { return nil }
        let lowered = input.lowercased()
        var best: String?
        var bestDistance = Int.max
        for c in candidates where c != input {
            if c.lowercased() == lowered { return c }
            let d = distance(lowered, c.lowercased())
            if d < bestDistance { bestDistance = d; best = c }
        }
        guard let best else { return nil }
        let length = max(input.unicodeScalars.count, best.unicodeScalars.count)
        let allowed = length <= 3 ? 1 : (length <= 6 ? 2 : 3)
        return bestDistance <= allowed && bestDistance < length ? best : nil
    }
}
