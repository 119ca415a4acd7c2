import Foundation

/// Annotations that `unevaluatedProperties` / `unevaluatedItems` depend on.
struct Annotations {
    var allProperties = false
    var properties: Set<String> = []
    var prefixItems = 0
    var allItems = false
    var containsIndices: Set<Int> = []

    mutating func merge(_ o: Annotations) {
        if o.allProperties { allProperties = true }
        if !allProperties && !o.properties.isEmpty { properties.formUnion(o.properties) }
        if o.allItems { allItems = true }
        if o.prefixItems > prefixItems { prefixItems = o.prefixItems }
        if !allItems && !o.containsIndices.isEmpty { containsIndices.formUnion(o.containsIndices) }
    }
}

enum PathComponent {
    case key(String)
    case index(Int)

    var token: String {
        switch self {
        case .key(let k): return k
        case .index(let i): return String(i)
        }
    }
}

/// Per-call evaluation state. Not shared between threads.
struct Evaluator {
    let maxDepth: Int
    var reporting: Bool
    var errors: [ValidationError] = []
    var schemaPath: [String] = []
    var instancePath: [PathComponent] = []
    var dynamicScope: [CompiledResource] = []
    var refStack: [(ObjectIdentifier, Int)] = []
    var depth = 0
    var fatal: ValidationError?
    /// Looked up once evaluation is deep enough for the stack to matter.
    var stackGuard: StackGuard?

    /// Levels evaluated before the stack is watched: few enough that a 512 KiB stack still has
    /// room when the watching starts, even in a sanitizer debug build (about 30 KiB a level).
    static let depthWithoutStackCheck = 2

    init(maxDepth: Int, reporting: Bool) {
        self.maxDepth = maxDepth
        self.reporting = reporting
        schemaPath.reserveCapacity(32)
        instancePath.reserveCapacity(16)
        dynamicScope.reserveCapacity(8)
        refStack.reserveCapacity(16)
    }

    var instancePointer: JSONPointer { JSONPointer(tokens: instancePath.map(\.token)) }

    mutating func report(_ node: SchemaNode, _ keyword: String, _ kind: ValidationError.Kind, extra: [String] = [],
                suggestion: String? = nil, message: String? = nil, instance: JSONPointer? = nil) {
        guard reporting else { return }
        errors.append(ValidationError(
            instanceLocation: instance ?? instancePointer,
            keywordLocation: JSONPointer(tokens: schemaPath + [keyword] + extra),
            absoluteKeywordLocation: node.absoluteKeywordLocation(keyword),
            keyword: keyword, kind: kind, suggestion: suggestion, message: message))
    }

    mutating func setFatal(_ node: SchemaNode, _ keyword: String, _ detail: String) {
        guard fatal == nil else { return }
        fatal = ValidationError(
            instanceLocation: instancePointer, keywordLocation: JSONPointer(tokens: schemaPath + [keyword]),
            absoluteKeywordLocation: node.absoluteKeywordLocation(keyword), keyword: keyword,
            kind: .infiniteRecursion(detail))
    }

    // MARK: Schema evaluation

    mutating func eval(_ node: SchemaNode, _ v: JSONValue, _ collect: Bool, _ ann: inout Annotations) -> Bool {
        if fatal != nil { return false }
        if let c = node.constant {
            if c { return true }
            if reporting {
                errors.append(ValidationError(
                    instanceLocation: instancePointer, keywordLocation: JSONPointer(tokens: schemaPath),
                    absoluteKeywordLocation: node.absoluteLocation, keyword: "false", kind: .falseSchema))
            }
            return false
        }
        depth += 1
        defer { depth -= 1 }
        if depth > maxDepth {
            setFatal(node, "", "the schema nests deeper than \(maxDepth) levels (is there a recursive $ref that never ends?)")
            return false
        }
        if depth > Self.depthWithoutStackCheck {
            if stackGuard == nil { stackGuard = StackGuard() }
            if stackGuard?.hasRoom() == false {
                setFatal(node, "", "the schema nests deeper than this thread's stack allows (\(depth) levels; is there a recursive $ref that never ends?)")
                return false
            }
        }
        let pushedScope: Bool
        if let r = node.resource, dynamicScope.last !== r {
            dynamicScope.append(r)
            pushedScope = true
        } else {
            pushedScope = false
        }
        defer { if pushedScope { dynamicScope.removeLast() } }

        let local = collect || node.needsAnnotations
        var valid = true
        for kw in node.keywords {
            if !evalKeyword(kw, node, v, local, &ann) {
                valid = false
                if !reporting || fatal != nil { return false }
            }
        }
        if let u = node.unevaluatedProperties, case .object(let o) = v {
            if !evalUnevaluatedProperties(u, node, o, &ann) {
                valid = false
                if !reporting { return false }
            }
        }
        if let u = node.unevaluatedItems, case .array(let a) = v {
            if !evalUnevaluatedItems(u, node, a, &ann) {
                valid = false
            }
        }
        return valid
    }

    /// Evaluates `sub` at an instance child location.
    @inline(__always)
    mutating func evalChild(_ sub: SchemaNode, _ v: JSONValue, _ component: PathComponent) -> Bool {
        if let c = sub.constant, c { return true }
        instancePath.append(component)
        var a = Annotations()
        let ok = eval(sub, v, false, &a)
        instancePath.removeLast()
        return ok
    }

    mutating func evalRef(_ target: SchemaNode, _ node: SchemaNode, _ keyword: String, _ v: JSONValue, _ local: Bool,
                 _ ann: inout Annotations) -> Bool {
        let id = ObjectIdentifier(target)
        let d = instancePath.count
        var i = refStack.count - 1
        while i >= 0 {
            let (rid, rd) = refStack[i]
            if rd != d { break }
            if rid == id {
                setFatal(node, keyword, "the reference to \(target.absoluteLocation) loops back to itself without examining anything new")
                return false
            }
            i -= 1
        }
        refStack.append((id, d))
        schemaPath.append(keyword)
        var a = Annotations()
        let ok = eval(target, v, local, &a)
        schemaPath.removeLast()
        refStack.removeLast()
        if local { ann.merge(a) }
        return ok
    }

    mutating func evalKeyword(_ kw: Keyword, _ node: SchemaNode, _ v: JSONValue, _ local: Bool, _ ann: inout Annotations) -> Bool {
        switch kw {
        case .ref(let target):
            return evalRef(target, node, "$ref", v, local, &ann)

        case .dynamicRef(let initial, let anchor):
            var target = initial
            for r in dynamicScope {
                if let n = r.dynamicAnchors[anchor] { target = n; break }
            }
            return evalRef(target, node, "$dynamicRef", v, local, &ann)

        case .type(let mask):
            if mask.admits(v) { return true }
            report(node, "type", .type(expected: mask.names, actual: v.typeName))
            return false

        case .enumeration(let values, let set):
            if values.count <= 8 {
                for candidate in values where candidate == v { return true }
            } else if set.contains(v) {
                return true
            }
            if reporting {
                var suggestion: String?
                if case .string(let s) = v {
                    suggestion = Suggester.suggest(s, among: values.compactMap(\.stringValue))
                }
                report(node, "enum", .enumMismatch(allowed: values, actual: v, suggestion: suggestion), suggestion: suggestion)
            }
            return false

        case .const(let c):
            if c == v { return true }
            report(node, "const", .const(expected: c, actual: v))
            return false

        case .multipleOf(let d):
            guard case .number(let n) = v else { return true }
            if n.isMultiple(of: d) { return true }
            report(node, "multipleOf", .multipleOf(divisor: d, actual: n))
            return false

        case .minimum(let limit):
            guard case .number(let n) = v else { return true }
            if JSONNumber.compare(n, limit) >= 0 { return true }
            report(node, "minimum", .minimum(limit: limit, actual: n))
            return false

        case .exclusiveMinimum(let limit):
            guard case .number(let n) = v else { return true }
            if JSONNumber.compare(n, limit) > 0 { return true }
            report(node, "exclusiveMinimum", .exclusiveMinimum(limit: limit, actual: n))
            return false

        case .maximum(let limit):
            guard case .number(let n) = v else { return true }
            if JSONNumber.compare(n, limit) <= 0 { return true }
            report(node, "maximum", .maximum(limit: limit, actual: n))
            return false

        case .exclusiveMaximum(let limit):
            guard case .number(let n) = v else { return true }
            if JSONNumber.compare(n, limit) < 0 { return true }
            report(node, "exclusiveMaximum", .exclusiveMaximum(limit: limit, actual: n))
            return false

        case .minLength(let limit):
            guard case .string(let s) = v else { return true }
            if s.utf8.count < limit || (s.utf8.count < limit * 4 && s.unicodeScalars.count < limit) {
                report(node, "minLength", .minLength(actual: s.unicodeScalars.count, limit: limit))
                return false
            }
            return true

        case .maxLength(let limit):
            guard case .string(let s) = v else { return true }
            if s.utf8.count <= limit { return true }
            let count = s.unicodeScalars.count
            if count <= limit { return true }
            report(node, "maxLength", .maxLength(actual: count, limit: limit))
            return false

        case .pattern(let regex):
            guard case .string(let s) = v else { return true }
            if regex.matches(s) { return true }
            report(node, "pattern", .pattern(regex.source))
            return false

        case .format(let name, let check):
            guard case .string(let s) = v else { return true }
            if check(s) { return true }
            report(node, "format", .format(name))
            return false

        case .minItems(let limit):
            guard case .array(let a) = v else { return true }
            if a.count >= limit { return true }
            report(node, "minItems", .minItems(actual: a.count, limit: limit))
            return false

        case .maxItems(let limit):
            guard case .array(let a) = v else { return true }
            if a.count <= limit { return true }
            report(node, "maxItems", .maxItems(actual: a.count, limit: limit))
            return false

        case .uniqueItems:
            guard case .array(let a) = v, a.count > 1 else { return true }
            if a.count <= 12 {
                for i in 0..<a.count {
                    for j in (i + 1)..<a.count where a[i] == a[j] {
                        report(node, "uniqueItems", .uniqueItems(firstIndex: i, secondIndex: j))
                        return false
                    }
                }
                return true
            }
            var seen: [JSONValue: Int] = [:]
            seen.reserveCapacity(a.count)
            for (j, item) in a.enumerated() {
                if let i = seen[item] {
                    report(node, "uniqueItems", .uniqueItems(firstIndex: i, secondIndex: j))
                    return false
                }
                seen[item] = j
            }
            return true

        case .prefixItems(let subs):
            guard case .array(let a) = v else { return true }
            var ok = true
            let n = min(a.count, subs.count)
            schemaPath.append("prefixItems")
            for i in 0..<n {
                schemaPath.append(String(i))
                let r = evalChild(subs[i], a[i], .index(i))
                schemaPath.removeLast()
                if !r {
                    ok = false
                    if !reporting { break }
                }
            }
            schemaPath.removeLast()
            if local && n > ann.prefixItems { ann.prefixItems = n }
            return ok

        case .items(let sub, let prefixCount):
            guard case .array(let a) = v else { return true }
            guard a.count > prefixCount else { return true }
            if sub.constant == false {
                report(node, "items", .additionalItem(index: prefixCount))
                return false
            }
            var ok = true
            schemaPath.append("items")
            for i in prefixCount..<a.count {
                if !evalChild(sub, a[i], .index(i)) {
                    ok = false
                    if !reporting { break }
                }
            }
            schemaPath.removeLast()
            if local { ann.allItems = true }
            return ok

        case .contains(let sub, let minC, let maxC):
            guard case .array(let a) = v else { return true }
            let saved = reporting
            reporting = false
            var count = 0
            schemaPath.append("contains")
            for (i, item) in a.enumerated() {
                if evalChild(sub, item, .index(i)) {
                    count += 1
                    if local { ann.containsIndices.insert(i) }
                    if !local && maxC == nil && count >= minC { break }
                }
            }
            schemaPath.removeLast()
            reporting = saved
            if count < minC {
                report(node, minC == 1 ? "contains" : "minContains",
                       .minContains(actual: count, limit: minC))
                return false
            }
            if let maxC, count > maxC {
                report(node, "maxContains", .maxContains(actual: count, limit: maxC))
                return false
            }
            return true

        case .required(let names):
            guard case .object(let o) = v else { return true }
            var ok = true
            for name in names where !o.contains(key: name) {
                ok = false
                if !reporting { return false }
                report(node, "required", .required(missing: name))
            }
            return ok

        case .minProperties(let limit):
            guard case .object(let o) = v else { return true }
            if o.count >= limit { return true }
            report(node, "minProperties", .minProperties(actual: o.count, limit: limit))
            return false

        case .maxProperties(let limit):
            guard case .object(let o) = v else { return true }
            if o.count <= limit { return true }
            report(node, "maxProperties", .maxProperties(actual: o.count, limit: limit))
            return false

        case .dependentRequired(let deps):
            guard case .object(let o) = v else { return true }
            var ok = true
            for (trigger, names) in deps where o.contains(key: trigger) {
                for name in names where !o.contains(key: name) {
                    ok = false
                    if !reporting { return false }
                    report(node, "dependentRequired", .dependentRequired(missing: name, dependency: trigger), extra: [trigger])
                }
            }
            return ok

        case .properties(let map):
            guard case .object(let o) = v else { return true }
            var ok = true
            schemaPath.append("properties")
            for (key, value) in o.entries {
                guard let sub = map[key] else { continue }
                if local { ann.properties.insert(key) }
                schemaPath.append(key)
                let r = evalChild(sub, value, .key(key))
                schemaPath.removeLast()
                if !r {
                    ok = false
                    if !reporting { break }
                }
            }
            schemaPath.removeLast()
            return ok

        case .patternProperties(let list):
            guard case .object(let o) = v else { return true }
            var ok = true
            schemaPath.append("patternProperties")
            outer: for (key, value) in o.entries {
                for (regex, sub) in list where regex.matches(key) {
                    if local { ann.properties.insert(key) }
                    schemaPath.append(regex.source)
                    let r = evalChild(sub, value, .key(key))
                    schemaPath.removeLast()
                    if !r {
                        ok = false
                        if !reporting { break outer }
                    }
                }
            }
            schemaPath.removeLast()
            return ok

        case .additionalProperties(let sub, let declared, let patterns):
            guard case .object(let o) = v else { return true }
            if local { ann.allProperties = true }
            var ok = true
            var candidates: [String]?
            schemaPath.append("additionalProperties")
            for (key, value) in o.entries {
                if declared.contains(key) { continue }
                if !patterns.isEmpty && patterns.contains(where: { $0.matches(key) }) { continue }
                if sub.constant == false {
                    ok = false
                    if !reporting { break }
                    if candidates == nil {
                        candidates = node.declaredPropertyNames().filter { !o.contains(key: $0) }
                    }
                    let suggestion = Suggester.suggest(key, among: candidates ?? [])
                    schemaPath.removeLast()
                    report(node, "additionalProperties", .additionalProperty(key), suggestion: suggestion,
                           message: MessageFormatter.withSuggestion(
                               MessageFormatter.message(for: .additionalProperty(key), at: instancePointer), suggestion))
                    schemaPath.append("additionalProperties")
                    continue
                }
                if !evalChild(sub, value, .key(key)) {
                    ok = false
                    if !reporting { break }
                }
            }
            schemaPath.removeLast()
            return ok

        case .propertyNames(let sub):
            guard case .object(let o) = v else { return true }
            var ok = true
            for (key, _) in o.entries {
                let saved = reporting
                reporting = false
                schemaPath.append("propertyNames")
                var a = Annotations()
                let r = eval(sub, .string(key), false, &a)
                schemaPath.removeLast()
                reporting = saved
                if r { continue }
                ok = false
                if !reporting { break }
                // Re-run with reporting to explain why.
                let start = errors.count
                schemaPath.append("propertyNames")
                var b = Annotations()
                _ = eval(sub, .string(key), false, &b)
                schemaPath.removeLast()
                let reason = errors.count > start ? errors[start].message : nil
                errors.removeSubrange(start...)
                report(node, "propertyNames", .propertyName(key, reason: reason))
            }
            return ok

        case .dependentSchemas(let list):
            guard case .object(let o) = v else { return true }
            var ok = true
            for (trigger, sub) in list where o.contains(key: trigger) {
                schemaPath.append("dependentSchemas")
                schemaPath.append(trigger)
                var a = Annotations()
                let r = eval(sub, v, local, &a)
                schemaPath.removeLast(2)
                if local { ann.merge(a) }
                if !r {
                    ok = false
                    if !reporting { break }
                }
            }
            return ok

        case .allOf(let subs):
            var ok = true
            schemaPath.append("allOf")
            for (i, sub) in subs.enumerated() {
                schemaPath.append(String(i))
                var a = Annotations()
                let r = eval(sub, v, local, &a)
                schemaPath.removeLast()
                if local { ann.merge(a) }
                if !r {
                    ok = false
                    if !reporting { break }
                }
            }
            schemaPath.removeLast()
            return ok

        case .anyOf(let subs):
            let saved = reporting
            reporting = false
            var matched = false
            schemaPath.append("anyOf")
            for (i, sub) in subs.enumerated() {
                schemaPath.append(String(i))
                var a = Annotations()
                let r = eval(sub, v, local, &a)
                schemaPath.removeLast()
                if r {
                    matched = true
                    if local { ann.merge(a) } else { break }
                }
            }
            schemaPath.removeLast()
            reporting = saved
            if matched { return true }
            if reporting && fatal == nil { reportBranches(node, "anyOf", subs, v) }
            return false

        case .oneOf(let subs):
            let saved = reporting
            reporting = false
            var matches: [Int] = []
            var chosen = Annotations()
            schemaPath.append("oneOf")
            for (i, sub) in subs.enumerated() {
                schemaPath.append(String(i))
                var a = Annotations()
                let r = eval(sub, v, local, &a)
                schemaPath.removeLast()
                if r {
                    matches.append(i)
                    if matches.count == 1 { chosen = a }
                    if matches.count > 1 && !saved { break }
                }
            }
            schemaPath.removeLast()
            reporting = saved
            if matches.count == 1 {
                if local { ann.merge(chosen) }
                return true
            }
            if fatal != nil { return false }
            if matches.isEmpty {
                if reporting { reportBranches(node, "oneOf", subs, v) }
            } else {
                report(node, "oneOf", .multipleBranchesMatched(indices: matches))
            }
            return false

        case .not(let sub):
            let saved = reporting
            reporting = false
            schemaPath.append("not")
            var a = Annotations()
            let r = eval(sub, v, false, &a)
            schemaPath.removeLast()
            reporting = saved
            if fatal != nil { return false }
            if r {
                report(node, "not", .not)
                return false
            }
            return true

        case .conditional(let ifNode, let thenNode, let elseNode):
            let saved = reporting
            reporting = false
            schemaPath.append("if")
            var a = Annotations()
            let cond = eval(ifNode, v, local, &a)
            schemaPath.removeLast()
            reporting = saved
            if fatal != nil { return false }
            let branch: SchemaNode?
            let name: String
            if cond {
                if local { ann.merge(a) }
                branch = thenNode
                name = "then"
            } else {
                branch = elseNode
                name = "else"
            }
            guard let branch else { return true }
            schemaPath.append(name)
            var b = Annotations()
            let r = eval(branch, v, local, &b)
            schemaPath.removeLast()
            if local { ann.merge(b) }
            return r
        }
    }

    mutating func evalUnevaluatedProperties(_ u: SchemaNode, _ node: SchemaNode, _ o: JSONObject, _ ann: inout Annotations) -> Bool {
        if ann.allProperties { return true }
        var ok = true
        var candidates: [String]?
        for (key, value) in o.entries where !ann.properties.contains(key) {
            if u.constant == false {
                ok = false
                if !reporting { return false }
                if candidates == nil { candidates = node.declaredPropertyNames().filter { !o.contains(key: $0) } }
                let suggestion = Suggester.suggest(key, among: candidates ?? [])
                report(node, "unevaluatedProperties", .unevaluatedProperty(key), suggestion: suggestion,
                       message: MessageFormatter.withSuggestion(
                           MessageFormatter.message(for: .unevaluatedProperty(key), at: instancePointer), suggestion))
                continue
            }
            schemaPath.append("unevaluatedProperties")
            let r = evalChild(u, value, .key(key))
            schemaPath.removeLast()
            if !r {
                ok = false
                if !reporting { return false }
            }
        }
        ann.allProperties = true
        return ok
    }

    mutating func evalUnevaluatedItems(_ u: SchemaNode, _ node: SchemaNode, _ a: [JSONValue], _ ann: inout Annotations) -> Bool {
        if ann.allItems { return true }
        var ok = true
        var i = ann.prefixItems
        while i < a.count {
            defer { i += 1 }
            if ann.containsIndices.contains(i) { continue }
            if u.constant == false {
                ok = false
                if !reporting { return false }
                report(node, "unevaluatedItems", .unevaluatedItem(index: i))
                continue
            }
            schemaPath.append("unevaluatedItems")
            let r = evalChild(u, a[i], .index(i))
            schemaPath.removeLast()
            if !r {
                ok = false
                if !reporting { return false }
            }
        }
        ann.allItems = true
        return ok
    }

    /// Explains an `anyOf` / `oneOf` where no branch matched: the errors of the single most
    /// plausible branch, a merged type error when every branch wanted another type, or a summary.
    mutating func reportBranches(_ node: SchemaNode, _ keyword: String, _ subs: [SchemaNode], _ v: JSONValue) {
        let here = instancePath.count
        var perBranch: [[ValidationError]] = []
        schemaPath.append(keyword)
        for (i, sub) in subs.enumerated() {
            let start = errors.count
            schemaPath.append(String(i))
            var a = Annotations()
            _ = eval(sub, v, false, &a)
            schemaPath.removeLast()
            perBranch.append(Array(errors[start...]))
            errors.removeSubrange(start...)
        }
        schemaPath.removeLast()
        if fatal != nil { return }

        func isShallowMismatch(_ e: ValidationError) -> Bool {
            guard e.instanceLocation.tokens.count == here else { return false }
            switch e.kind {
            case .type, .falseSchema, .const, .enumMismatch: return true
            default: return false
            }
        }
        var scores: [Int] = []
        for errs in perBranch {
            var score = errs.count
            for e in errs {
                if isShallowMismatch(e) { score += 1000 }
                else if case .const = e.kind { score += 50 }
                else if case .enumMismatch = e.kind { score += 50 }
            }
            scores.append(score)
        }
        let best = scores.min() ?? 0
        if best >= 1000 {
            // Every branch rejects the value's type/shape outright.
            let allTypes = perBranch.allSatisfy { errs in
                errs.allSatisfy { e in if case .type = e.kind { return e.instanceLocation.tokens.count == here } else { return false } }
            }
            if allTypes {
                var expected: [String] = []
                for errs in perBranch {
                    for e in errs { if case .type(let names, _) = e.kind { for n in names where !expected.contains(n) { expected.append(n) } } }
                }
                report(node, keyword, .type(expected: expected, actual: v.typeName))
            } else {
                report(node, keyword, .noBranchMatched(keyword: keyword, branchCount: subs.count))
            }
            return
        }
        let bestIndices = scores.indices.filter { scores[$0] == best }
        if bestIndices.count == 1 {
            errors.append(contentsOf: perBranch[bestIndices[0]])
        } else {
            report(node, keyword, .noBranchMatched(keyword: keyword, branchCount: subs.count))
        }
    }
}
