import AtriumCore

/// The union of the keys of every view model a template is rendered with: which names exist at
/// each level, and what a list's elements hold. Built from the real view models of a build, so it
/// can never drift from them.
public final class ViewShape: @unchecked Sendable {
    /// `absent`: only ever `Absent` without a specimen, so nothing is known of what it holds.
    public enum Kind: Sendable { case unknown, absent, scalar, object, list }

    public private(set) var kind: Kind
    public private(set) var fields: [String: ViewShape] = [:]
    /// The merged shape of a list's elements; nil while every list seen was empty.
    public private(set) var element: ViewShape?

    /// A shape about which nothing is known: every name resolves in it.
    public static let unknown = ViewShape(kind: .unknown)

    public init(kind: Kind = .absent) {
        self.kind = kind
    }

    /// The shape of every value in `models`: slices merged on every core, then merged together.
    public convenience init(merging models: [[String: Any]]) {
        self.init(kind: .object)
        let all = UncheckedModels(models: models)
        let sliceCount = min(models.count, 32)
        let slices = ParallelMap.map(Array(0..<sliceCount)) { slice -> ViewShape in
            let shape = ViewShape(kind: .object)
            for index in stride(from: slice, to: all.models.count, by: sliceCount) { shape.merge(all.models[index]) }
            return shape
        }
        for slice in slices { merge(shape: slice) }
    }

    /// View models are dictionaries of `Any`, only read here.
    private struct UncheckedModels: @unchecked Sendable {
        let models: [[String: Any]]
    }

    /// Adds another shape's names, as if its values had been merged here.
    public func merge(shape other: ViewShape) {
        switch other.kind {
        case .list: kind = .list
        case .object: if kind != .list { kind = .object }
        case .scalar: if kind == .absent { kind = .scalar }
        case .absent, .unknown: break
        }
        for (key, field) in other.fields {
            let shape = fields[key] ?? { let new = ViewShape(); fields[key] = new; return new }()
            shape.merge(shape: field)
        }
        if let otherElement = other.element {
            let shape = element ?? { let new = ViewShape(); element = new; return new }()
            shape.merge(shape: otherElement)
        }
    }

    /// Adds one value's keys to the shape. Not thread-safe: build shapes on one thread.
    public func merge(_ value: Any) {
        // Most values are text, numbers and flags: told apart by their exact type, before the
        // casts below, which would try to convert each of them to a dictionary and to a list.
        // Comparing the metatype costs no cast at all, where even `value is String` asks the
        // runtime to try one.
        let type = ObjectIdentifier(Swift.type(of: value))
        if type == Self.string || type == Self.bool || type == Self.int {
            if kind == .absent { kind = .scalar }
            return
        }
        if type == Self.object, let object = value as? [String: Any] {
            mergeFields(object)
            return
        }
        if type == Self.objects, let list = value as? [[String: Any]] {
            mergeElements(list)
            return
        }
        switch value {
        case let absent as Absent:
            if let specimen = absent.specimen { merge(specimen) }
        case let object as [String: Any]:
            mergeFields(object)
        case let list as [[String: Any]]:
            // Lists of objects, the usual kind, without converting each element to `Any`.
            mergeElements(list)
        case let list as [Any]:
            mergeElements(list)
        default:
            if kind == .absent { kind = .scalar }
        }
    }

    private static let string = ObjectIdentifier(String.self)
    private static let bool = ObjectIdentifier(Bool.self)
    private static let int = ObjectIdentifier(Int.self)
    private static let object = ObjectIdentifier([String: Any].self)
    private static let objects = ObjectIdentifier([[String: Any]].self)

    private func mergeFields(_ object: [String: Any]) {
        if kind != .list { kind = .object }
        for (key, field) in object {
            let shape = fields[key] ?? { let new = ViewShape(); fields[key] = new; return new }()
            shape.merge(field)
        }
    }

    private func mergeElements<Items: Sequence>(_ items: Items) {
        kind = .list
        for item in items {
            let shape = element ?? { let new = ViewShape(); element = new; return new }()
            shape.merge(item)
        }
    }
}
