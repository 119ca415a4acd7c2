import Dispatch
import Foundation
import JSONSchema

// Benchmark: compile a realistic document schema once, then validate 10,000 generated instances.
// Build and run with: swift run -c release jsonschema-bench

let schemaText = #"""
{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "$id": "https://example.com/schemas/standard-document.json",
  "title": "Standard document",
  "type": "object",
  "required": ["id", "title", "status", "owner", "summary", "created", "version", "recommendations"],
  "additionalProperties": false,
  "properties": {
    "id": {"type": "string", "pattern": "^DOC-[0-9]{4,6}$"},
    "title": {"type": "string", "minLength": 5, "maxLength": 120},
    "subtitle": {"type": "string", "maxLength": 200},
    "status": {"enum": ["draft", "in-review", "published", "archived", "superseded"]},
    "owner": {"$ref": "#/$defs/person"},
    "reviewers": {"type": "array", "items": {"$ref": "#/$defs/person"}, "maxItems": 10},
    "summary": {"type": "string", "minLength": 20, "maxLength": 2000},
    "created": {"type": "string", "format": "date", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"},
    "updated": {"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"},
    "version": {"type": "string", "pattern": "^[0-9]+\\.[0-9]+(\\.[0-9]+)?$"},
    "language": {"enum": ["en", "fr", "de", "es", "it", "nl"]},
    "audience": {"enum": ["internal", "partner", "public"]},
    "priority": {"type": "integer", "minimum": 1, "maximum": 5},
    "score": {"type": "number", "minimum": 0, "maximum": 100, "multipleOf": 0.5},
    "confidential": {"type": "boolean"},
    "tags": {"type": "array", "items": {"type": "string", "pattern": "^[a-z][a-z0-9-]*$"}, "uniqueItems": true, "maxItems": 12},
    "keywords": {"type": "array", "items": {"type": "string", "minLength": 2}},
    "domain": {"enum": ["security", "privacy", "operations", "finance", "legal", "engineering"]},
    "region": {"type": "string", "minLength": 2, "maxLength": 2},
    "supersedes": {"type": ["string", "null"], "pattern": "^DOC-[0-9]{4,6}$"},
    "links": {"type": "array", "items": {"$ref": "#/$defs/link"}},
    "metrics": {
      "type": "object",
      "properties": {"views": {"type": "integer", "minimum": 0}, "rating": {"type": "number", "minimum": 0, "maximum": 5}},
      "additionalProperties": false
    },
    "approval": {
      "type": "object",
      "required": ["approvedBy", "approvedOn"],
      "properties": {"approvedBy": {"$ref": "#/$defs/person"}, "approvedOn": {"type": "string"}}
    },
    "recommendations": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/recommendation"}},
    "notes": {"type": "string"}
  },
  "$defs": {
    "person": {
      "type": "object",
      "required": ["name", "email"],
      "properties": {
        "name": {"type": "string", "minLength": 1},
        "email": {"type": "string", "pattern": "^[^@\\s]+@[^@\\s]+$"},
        "role": {"enum": ["author", "editor", "reviewer", "approver"]}
      },
      "additionalProperties": false
    },
    "link": {
      "type": "object",
      "required": ["href"],
      "properties": {"href": {"type": "string", "minLength": 8}, "label": {"type": "string"}}
    },
    "recommendation": {
      "type": "object",
      "required": ["id", "text", "status"],
      "properties": {
        "id": {"type": "string", "pattern": "^R[0-9]+$"},
        "text": {"type": "string", "minLength": 10},
        "status": {"enum": ["open", "accepted", "rejected", "implemented"]},
        "severity": {"enum": ["low", "medium", "high", "critical"]},
        "dueDate": {"type": "string"}
      },
      "additionalProperties": false
    }
  }
}
"""#

struct Generator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return state >> 33
    }
    mutating func int(_ n: Int) -> Int { Int(next() % UInt64(n)) }
    mutating func pick<T>(_ a: [T]) -> T { a[int(a.count)] }
}

func person(_ g: inout Generator, _ i: Int) -> JSONValue {
    [
        "name": .string("Person \(i)"),
        "email": .string("person\(i)@example.com"),
        "role": .string(g.pick(["author", "editor", "reviewer", "approver"])),
    ]
}

func makeInstance(_ i: Int, _ g: inout Generator) -> JSONValue {
    var doc: JSONObject = [
        "id": .string("DOC-\(1000 + i)"),
        "title": .string("Standard number \(i) on operations"),
        "status": .string(g.pick(["draft", "in-review", "published", "archived"])),
        "owner": person(&g, i),
        "reviewers": .array((0..<(1 + g.int(3))).map { person(&g, i * 10 + $0) }),
        "summary": .string("This standard describes how the team handles case \(i) in detail."),
        "created": "2024-03-15",
        "updated": "2024-06-01",
        "version": .string("1.\(g.int(9)).\(g.int(20))"),
        "language": .string(g.pick(["en", "fr", "de"])),
        "audience": "internal",
        "priority": .number(JSONNumber(1 + g.int(5))),
        "score": .number(JSONNumber(Double(g.int(200)) / 2)),
        "confidential": .bool(g.int(2) == 0),
        "tags": .array(["ops", "tier-\(g.int(3))", "q\(1 + g.int(4))"].map { .string($0) }),
        "keywords": ["process", "quality"],
        "domain": .string(g.pick(["security", "privacy", "operations"])),
        "region": "EU",
        "supersedes": .null,
        "links": [["href": "https://example.com/a", "label": "A"], ["href": "https://example.com/b"]],
        "metrics": ["views": .number(JSONNumber(g.int(5000))), "rating": 4.5],
        "approval": ["approvedBy": person(&g, i + 1), "approvedOn": "2024-06-02"],
        "recommendations": .array((0..<(2 + g.int(4))).map { r in
            [
                "id": .string("R\(r + 1)"),
                "text": .string("Recommendation text number \(r) for document \(i)"),
                "status": .string(g.pick(["open", "accepted", "rejected", "implemented"])),
                "severity": .string(g.pick(["low", "medium", "high"])),
            ]
        }),
        "notes": "none",
    ]
    // About 15% invalid, with a variety of mistakes.
    switch i % 20 {
    case 3: doc["status"] = "publshed"
    case 7: doc["summary"] = "too short"
    case 11: doc["titel"] = doc["title"]; doc["title"] = nil
    default: break
    }
    return .object(doc)
}

func measure(_ body: () -> Void) -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

let instanceCount = 10_000
var generator = Generator(state: 42)
let instances = (0..<instanceCount).map { makeInstance($0, &generator) }
let texts = instances.map(\.jsonText)
let averageBytes = texts.reduce(0) { $0 + $1.utf8.count } / texts.count

var compiled: CompiledSchema!
let compileSeconds = measure {
    compiled = try! JSONSchemaCompiler().compile(jsonText: schemaText)
}
let schema = compiled!

// Warm-up.
_ = instances.prefix(200).map { schema.validate($0) }

var invalid = 0
var errorCount = 0
let rounds = 5
var validateTimes: [Double] = []
for _ in 0..<rounds {
    invalid = 0
    errorCount = 0
    validateTimes.append(measure {
        for v in instances {
            let r = schema.validate(v)
            if !r.isValid { invalid += 1; errorCount += r.errors.count }
        }
    })
}
var fastTimes: [Double] = []
var fastInvalid = 0
for _ in 0..<rounds {
    fastInvalid = 0
    fastTimes.append(measure {
        for v in instances where !schema.isValid(v) { fastInvalid += 1 }
    })
}
var parsed = 0
let parseSeconds = measure {
    for t in texts { if (try? JSONValue(parsing: t)) != nil { parsed += 1 } }
}

// Concurrent throughput (2 cores on the reference machine).
let workers = max(1, ProcessInfo.processInfo.activeProcessorCount)
let concurrentSeconds = measure {
    DispatchQueue.concurrentPerform(iterations: workers) { w in
        var k = w
        while k < instances.count {
            _ = schema.validate(instances[k])
            k += workers
        }
    }
}

func fmt(_ x: Double, _ digits: Int = 2) -> String { String(format: "%.\(digits)f", x) }
let bestValidate = validateTimes.min()!
let bestFast = fastTimes.min()!
print("jsonschema-bench")
print("  schema: 25 top-level properties, enums, patterns, nested arrays of objects, $ref into $defs")
print("  instances: \(instanceCount) (avg \(averageBytes) bytes as JSON), invalid: \(invalid), errors reported: \(errorCount)")
print("  compile time: \(fmt(compileSeconds * 1000, 3)) ms")
print("  validate() with messages: best of \(rounds): \(fmt(bestValidate * 1000)) ms total, \(fmt(bestValidate / Double(instanceCount) * 1e6)) µs/instance")
print("  isValid() fast path:      best of \(rounds): \(fmt(bestFast * 1000)) ms total, \(fmt(bestFast / Double(instanceCount) * 1e6)) µs/instance (invalid: \(fastInvalid))")
print("  JSON parse of the same instances: \(fmt(parseSeconds * 1000)) ms total, \(fmt(parseSeconds / Double(instanceCount) * 1e6)) µs/instance")
print("  concurrent validate() on \(workers) threads: \(fmt(concurrentSeconds * 1000)) ms total, \(fmt(concurrentSeconds / Double(instanceCount) * 1e6)) µs/instance wall")
