import Foundation

/// A compiled, immutable schema. `validate` is thread-safe and may be called concurrently.
public final class CompiledSchema: Sendable {
    let root: SchemaNode
    let nodes: [SchemaNode]
    public let options: JSONSchemaCompiler.Options

    init(root: SchemaNode, nodes: [SchemaNode], options: JSONSchemaCompiler.Options) {
        self.root = root
        self.nodes = nodes
        self.options = options
    }

    deinit {
        for n in nodes { n.tearDown() }
    }

    /// Validates `instance`, collecting every failure with author-facing messages.
    public func validate(_ instance: JSONValue) -> ValidationResult {
        var evaluator = Evaluator(maxDepth: options.maxEvaluationDepth, reporting: true)
        var ann = Annotations()
        let ok = evaluator.eval(root, instance, false, &ann)
        if let fatal = evaluator.fatal {
            return ValidationResult(isValid: false, errors: evaluator.errors + [fatal])
        }
        if ok { return ValidationResult(isValid: true, errors: []) }
        return ValidationResult(isValid: false, errors: evaluator.errors)
    }

    /// Fast yes/no validation: stops at the first failure and builds no messages.
    public func isValid(_ instance: JSONValue) -> Bool {
        var evaluator = Evaluator(maxDepth: options.maxEvaluationDepth, reporting: false)
        var ann = Annotations()
        return evaluator.eval(root, instance, false, &ann) && evaluator.fatal == nil
    }

    /// Parses `jsonText` and validates it. Throws `JSONParseError` for malformed JSON.
    public func validate(jsonText: String) throws -> ValidationResult {
        validate(try JSONValue(parsing: jsonText))
    }
}
