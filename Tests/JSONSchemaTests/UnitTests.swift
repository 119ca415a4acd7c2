import Foundation
import Testing
@testable import JSONSchema

private func compile(_ text: String, options: JSONSchemaCompiler.Options = .init(),
                     loader: (any SchemaLoader)? = nil) throws -> CompiledSchema {
    try JSONSchemaCompiler(loader: loader, options: options).compile(JSONValue(parsing: text))
}

private func errors(_ schema: CompiledSchema, _ instance: String) throws -> [ValidationError] {
    try schema.validate(JSONValue(parsing: instance)).errors
}

@Suite("Messages")
struct MessageTests {
    static let documentSchema = """
    {
      "type": "object",
      "required": ["title", "owner", "status", "summary"],
      "additionalProperties": false,
      "properties": {
        "title": {"type": "string"},
        "owner": {"type": "string"},
        "summary": {"type": "string", "minLength": 20},
        "status": {"enum": ["draft", "in-review", "published", "archived", "superseded"]},
        "recommendations": {
          "type": "array",
          "items": {"$ref": "#/$defs/recommendation"}
        }
      },
      "$defs": {
        "recommendation": {
          "type": "object",
          "required": ["status"],
          "properties": {"status": {"enum": ["open", "accepted", "rejected"]}}
        }
      }
    }
    """

    @Test func enumSuggestion() throws {
        let s = try compile(Self.documentSchema)
        let errs = try errors(s, #"{"title":"T","owner":"o","summary":"a summary that is long enough","status":"publshed"}"#)
        #expect(errs.count == 1)
        let e = try #require(errs.first)
        #expect(e.message == "`status` must be one of draft, in-review, published, archived, superseded — got `publshed`; did you mean `published`?")
        #expect(e.suggestion == "published")
        #expect(e.keyword == "enum")
        #expect(e.instanceLocation.description == "/status")
        #expect(e.keywordLocation.description == "/properties/status/enum")
        #expect(e.absoluteKeywordLocation == "https://json-schema.invalid/root.json#/properties/status/enum")
        guard case .enumMismatch(let allowed, let actual, let suggestion) = e.kind else {
            Issue.record("wrong kind \(e.kind)"); return
        }
        #expect(allowed.count == 5)
        #expect(actual == "publshed")
        #expect(suggestion == "published")
    }

    @Test func noSuggestionWhenFarAway() throws {
        let s = try compile(#"{"enum": ["draft", "published"]}"#)
        let e = try #require(try errors(s, #""zzzzzzzz""#).first)
        #expect(e.suggestion == nil)
        #expect(!e.message.contains("did you mean"))
    }

    @Test func requiredMessage() throws {
        let s = try compile(Self.documentSchema)
        let errs = try errors(s, #"{"title":"T","summary":"a summary that is long enough","status":"draft"}"#)
        #expect(errs.map(\.message) == ["missing required field `owner`"])
        #expect(errs.first?.kind == .required(missing: "owner"))
        #expect(errs.first?.keywordLocation.description == "/required")
    }

    @Test func minLengthMessage() throws {
        let s = try compile(Self.documentSchema)
        let errs = try errors(s, #"{"title":"T","owner":"o","summary":"twelve chars","status":"draft"}"#)
        #expect(errs.map(\.message) == ["`summary` is 12 characters; the standard asks for at least 20"])
        #expect(errs.first?.kind == .minLength(actual: 12, limit: 20))
    }

    @Test func lengthCountsCodePoints() throws {
        let s = try compile(#"{"maxLength": 2}"#)
        #expect(s.validate("💩💩").isValid)
        #expect(!s.validate("💩💩💩").isValid)
    }

    @Test func additionalPropertySuggestion() throws {
        let s = try compile(Self.documentSchema)
        let errs = try errors(s, #"{"titel":"T","owner":"o","summary":"a summary that is long enough","status":"draft"}"#)
        let messages = errs.map(\.message)
        #expect(messages.contains("unknown field `titel` — did you mean `title`?"))
        #expect(messages.contains("missing required field `title`"))
        let e = try #require(errs.first { $0.keyword == "additionalProperties" })
        #expect(e.kind == .additionalProperty("titel"))
        #expect(e.suggestion == "title")
    }

    @Test func unevaluatedPropertySuggestion() throws {
        let s = try compile("""
        {"allOf": [{"properties": {"title": {"type": "string"}}}],
         "properties": {"owner": true},
         "unevaluatedProperties": false}
        """)
        let errs = try errors(s, #"{"title": "x", "ownr": "me"}"#)
        #expect(errs.map(\.message) == ["unknown field `ownr` — did you mean `owner`?"])
        #expect(errs.first?.kind == .unevaluatedProperty("ownr"))
    }

    @Test func nestedLocationsThroughRef() throws {
        let s = try compile(Self.documentSchema)
        let errs = try errors(s, """
        {"title":"T","owner":"o","summary":"a summary that is long enough","status":"draft",
         "recommendations":[{"status":"open"},{"status":"acepted"}]}
        """)
        let e = try #require(errs.first)
        #expect(errs.count == 1)
        #expect(e.instanceLocation.description == "/recommendations/1/status")
        #expect(e.keywordLocation.description == "/properties/recommendations/items/$ref/properties/status/enum")
        #expect(e.absoluteKeywordLocation == "https://json-schema.invalid/root.json#/$defs/recommendation/properties/status/enum")
        #expect(e.suggestion == "accepted")
    }

    @Test func typeMessage() throws {
        let s = try compile(#"{"properties": {"count": {"type": "integer"}}}"#)
        let e = try #require(try errors(s, #"{"count": "three"}"#).first)
        #expect(e.message == "`count` must be a whole number — got text")
        #expect(e.kind == .type(expected: ["integer"], actual: "string"))
    }

    @Test func anyOfPicksPlausibleBranch() throws {
        let s = try compile("""
        {"anyOf": [
            {"type": "string"},
            {"type": "object", "required": ["id"], "properties": {"id": {"type": "integer"}}}
        ]}
        """)
        let errs = try errors(s, #"{"id": "x"}"#)
        #expect(errs.map(\.message) == ["`id` must be a whole number — got text"])
        let both = try errors(s, "12")
        #expect(both.map(\.message) == ["The document must be text or an object — got a whole number"])
    }

    @Test func oneOfMultipleMatches() throws {
        let s = try compile(#"{"oneOf": [{"type": "integer"}, {"minimum": 0}]}"#)
        let e = try #require(try errors(s, "3").first)
        #expect(e.kind == .multipleBranchesMatched(indices: [0, 1]))
    }
}

@Suite("JSON values and pointers")
struct ValueTests {
    @Test func parseErrorHasLineAndColumn() {
        do {
            _ = try JSONValue(parsing: "{\n  \"a\": 1,\n  \"b\": tru\n}")
            Issue.record("expected an error")
        } catch let e as JSONParseError {
            #expect(e.line == 3)
            #expect(e.column == 8)
            #expect(e.description.contains("line 3, column 8"))
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test func parseErrorTrailingComma() {
        #expect(throws: JSONParseError.self) { try JSONValue(parsing: "[1, 2,]") }
        #expect(throws: JSONParseError.self) { try JSONValue(parsing: "{\"a\": 01}") }
        #expect(throws: JSONParseError.self) { try JSONValue(parsing: "\"tab\there\"") }
        #expect(throws: JSONParseError.self) { try JSONValue(parsing: "[1] x") }
        #expect(throws: JSONParseError.self) { try JSONValue(parsing: "NaN") }
    }

    /// Found by fuzz-schema-validate: `2e308` became infinity and was written back as `inf`.
    @Test func numbersBeyondDoubleRangeAreRejected() throws {
        #expect(throws: JSONParseError.self) { try JSONValue(parsing: "2e308") }
        #expect(throws: JSONParseError.self) { try JSONValue(parsing: "[-1e999]") }
        let largest = try JSONValue(parsing: "1.7e308")
        #expect(try JSONValue(parsing: largest.jsonText) == largest)
        #expect(try JSONValue(parsing: "1e-400") == 0)
    }

    /// Found by fuzz-schema-validate: a 136-digit integer became a Decimal NaN, written back as `NaN`.
    @Test func longSignificandsStayNumbers() throws {
        let literal = "88888" + String(repeating: "0", count: 117) + "1042011889"
        let value = try JSONValue(parsing: literal)
        #expect(value.doubleValue.map { $0 > 8.8e131 && $0 < 8.9e131 } == true)
        #expect(try JSONValue(parsing: value.jsonText) == value)
    }

    /// Evaluation deeper than the thread's stack allows ends in an error, not a crash, even on a
    /// thread with a small stack (macOS gives secondary threads 512 KiB), and under ASan.
    @Test func deepRecursionOnASmallStackIsGuarded() throws {
        let s = try compile(##"{"items": {"$ref": "#"}}"##)
        var v: JSONValue = 1
        for _ in 0..<250 { v = [v] }
        let nested = v
        final class Outcome: @unchecked Sendable { var result: ValidationResult? }
        let outcome = Outcome()
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            outcome.result = s.validate(nested)
            done.signal()
        }
        thread.stackSize = 512 * 1024
        thread.start()
        done.wait()
        let result = outcome.result
        #expect(result?.isValid == false)
        guard case .infiniteRecursion? = result?.errors.last?.kind else { Issue.record("expected depth error, got \(String(describing: result))"); return }
    }

    @Test func parsesEscapesAndUnicode() throws {
        let v = try JSONValue(parsing: #"{"s": "a\u00e9\ud83d\ude00\n", "n": -1.5e3, "b": [true, false, null]}"#)
        #expect(v["s"]?.stringValue == "aé😀\n")
        #expect(v["n"]?.doubleValue == -1500)
        #expect(v["b"]?[2]?.isNull == true)
        #expect(try JSONValue(parsing: v.jsonText) == v)
    }

    @Test func numbersCompareExactly() throws {
        #expect(JSONValue(1) == JSONValue(1.0))
        #expect(try JSONValue(parsing: "1.0") == JSONValue(parsing: "1"))
        #expect(Set([JSONValue(1), JSONValue(1.0)]).count == 1)
        #expect(try JSONValue(parsing: "1.0").typeName == "integer")
        let big = try JSONValue(parsing: "12345678901234567890123456789")
        #expect(big.typeName == "integer")
        #expect(try compile(#"{"multipleOf": 0.0075}"#).validate(0.0375).isValid)
        #expect(try compile(#"{"multipleOf": 0.0001}"#).validate(19.99).isValid)
        #expect(!(try compile(#"{"multipleOf": 0.0001}"#).validate(0.00751)).isValid)
    }

    @Test func objectsCompareUnordered() throws {
        #expect(try JSONValue(parsing: #"{"a":1,"b":2}"#) == JSONValue(parsing: #"{"b":2,"a":1}"#))
        #expect(try JSONValue(parsing: #"{"a":1,"b":2}"#).objectValue?.keys == ["a", "b"])
    }

    @Test func pointerEscaping() throws {
        let p = JSONPointer(tokens: ["recommendations", "0", "status"])
        #expect(p.description == "/recommendations/0/status")
        let q = JSONPointer(tokens: ["a/b", "c~d", ""])
        #expect(q.description == "/a~1b/c~0d/")
        #expect(try JSONPointer("/a~1b/c~0d/") == q)
        #expect(try JSONPointer("") == .root)
        #expect(throws: JSONPointer.SyntaxError.self) { try JSONPointer("a/b") }
        #expect(throws: JSONPointer.SyntaxError.self) { try JSONPointer("/~2") }
        let doc: JSONValue = ["a/b": ["x": [10, 20]]]
        #expect(doc[try JSONPointer("/a~1b/x/1")] == 20)
    }
}

@Suite("Compilation and references")
struct CompilerTests {
    struct CountingLoader: SchemaLoader {
        let documents: [String: String]
        func loadSchema(at uri: URL) throws -> JSONValue? {
            guard let text = documents[uri.absoluteString] else { return nil }
            return try JSONValue(parsing: text)
        }
    }

    @Test func remoteRefsNeedALoader() throws {
        let schema = #"{"$ref": "https://example.com/schemas/name.json"}"#
        do {
            _ = try compile(schema)
            Issue.record("expected an unresolvable reference")
        } catch let e as SchemaCompilationError {
            #expect(e.reason == .unresolvableReference("https://example.com/schemas/name.json"))
            #expect(e.schemaLocation.hasSuffix("#/$ref"))
        }
        let loader = CountingLoader(documents: ["https://example.com/schemas/name.json": #"{"type": "string", "minLength": 2}"#])
        let s = try compile(schema, loader: loader)
        #expect(s.validate("Ada").isValid)
        #expect(!s.validate("A").isValid)
    }

    @Test func registryDocuments() throws {
        let registry = SchemaRegistry()
        try registry.add(jsonText: #"{"$id": "https://example.com/tag.json", "pattern": "^[a-z]+$"}"#, uri: nil)
        let compiler = JSONSchemaCompiler(registry: registry)
        let s = try compiler.compile(JSONValue(parsing: #"{"items": {"$ref": "https://example.com/tag.json"}}"#))
        #expect(s.validate(["abc", "def"]).isValid)
        let r = s.validate(["abc", "D"])
        #expect(r.errors.first?.kind == .pattern("^[a-z]+$"))
        #expect(r.errors.first?.absoluteKeywordLocation == "https://example.com/tag.json#/pattern")
    }

    @Test func builtInMetaSchema() throws {
        let s = try compile(#"{"$ref": "https://json-schema.org/draft/2020-12/schema"}"#)
        #expect(s.validate(["type": "string"]).isValid)
        #expect(!s.validate(["minLength": -1]).isValid)
    }

    @Test func compileErrors() {
        #expect(throws: SchemaCompilationError.self) { try compile(#"{"pattern": "(unclosed"}"#) }
        #expect(throws: SchemaCompilationError.self) { try compile(#"{"$schema": "https://example.com/unknown-dialect"}"#) }
        #expect(throws: SchemaCompilationError.self) { try compile(##"{"$ref": "#/$defs/missing"}"##) }
        #expect(throws: SchemaCompilationError.self) { try compile(#"{"minLength": -3}"#) }
        do {
            _ = try compile(#"{"properties": {"a": {"pattern": "[a-"}}}"#)
        } catch let e as SchemaCompilationError {
            #expect(e.schemaLocation == "https://json-schema.invalid/root.json#/properties/a/pattern")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func refCycleIsAnErrorNotACrash() throws {
        for text in [
            ##"{"$ref": "#"}"##,
            ##"{"$defs": {"a": {"$ref": "#/$defs/b"}, "b": {"allOf": [{"$ref": "#/$defs/a"}]}}, "$ref": "#/$defs/a"}"##,
        ] {
            let s = try compile(text)
            let r = s.validate(["x": 1])
            #expect(!r.isValid)
            guard case .infiniteRecursion? = r.errors.last?.kind else {
                Issue.record("expected infiniteRecursion, got \(r.errors)"); continue
            }
            #expect(!s.isValid(1))
        }
    }

    @Test func deepRecursionIsGuarded() throws {
        let s = try compile(##"{"items": {"$ref": "#"}}"##)
        var v: JSONValue = 1
        for _ in 0..<300 { v = [v] }
        let r = s.validate(v)
        #expect(!r.isValid)
        guard case .infiniteRecursion? = r.errors.last?.kind else { Issue.record("expected depth error"); return }
        var shallow: JSONValue = 1
        for _ in 0..<50 { shallow = [shallow] }
        #expect(s.validate(shallow).isValid)
    }

    @Test func formatIsAnnotationByDefault() throws {
        let annotate = try compile(#"{"format": "date"}"#)
        #expect(annotate.validate("2024-02-30").isValid)
        let assert = try compile(#"{"format": "date"}"#, options: .init(formatAssertion: true))
        #expect(!assert.validate("2024-02-30").isValid)
        #expect(assert.validate("2024-02-29").isValid)
        #expect(assert.validate("2024-02-30").errors.first?.message == "The document is not a valid date")
        let unknown = try compile(#"{"format": "made-up"}"#, options: .init(formatAssertion: true))
        #expect(unknown.validate("anything").isValid)
    }

    @Test func ecmaRegexDifferences() throws {
        let digits = try compile(#"{"pattern": "^\\d+$"}"#)
        #expect(digits.validate("123").isValid)
        #expect(!digits.validate("١٢٣").isValid)  // Arabic-Indic digits are not \d in ECMA-262
        let dollar = try compile(#"{"pattern": "^abc$"}"#)
        #expect(!dollar.validate("abc\n").isValid)
    }
}

@Suite("Concurrency")
struct ConcurrencyTests {
    @Test func concurrentValidationMatchesSerial() async throws {
        let schema = try compile(MessageTests.documentSchema + "")
        var instances: [JSONValue] = []
        for i in 0..<400 {
            let status = ["draft", "published", "publshed", "archived"][i % 4]
            let summary = i % 3 == 0 ? "short" : "a summary that is long enough"
            let extra = i % 5 == 0 ? #","titel":"x""# : ""
            instances.append(try JSONValue(parsing: """
            {"title":"T\(i)","owner":"o","summary":"\(summary)","status":"\(status)"\(extra),
             "recommendations":[{"status":"open"},{"status":"\(i % 7 == 0 ? "nope" : "accepted")"}]}
            """))
        }
        let serial = instances.map { schema.validate($0) }
        let inputs = instances
        let results = await withTaskGroup(of: (Int, [ValidationResult]).self) { group in
            for worker in 0..<8 {
                group.addTask {
                    var out: [ValidationResult] = []
                    for _ in 0..<3 { out = inputs.map { schema.validate($0) } }
                    return (worker, out)
                }
            }
            var all: [[ValidationResult]] = []
            for await (_, r) in group { all.append(r) }
            return all
        }
        #expect(results.count == 8)
        for r in results { #expect(r == serial) }
        #expect(serial.contains { !$0.isValid })
        #expect(serial.contains { $0.isValid })
    }
}
