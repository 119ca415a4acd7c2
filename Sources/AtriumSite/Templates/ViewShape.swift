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

    /// The shape of every value in `models`.
    public convenience init(merging models: [[String: Any]]) {
        self.init(kind: .object)
        for model in models { merge(model) }
    }

    /// Adds one value's keys to the shape. Not thread-safe: build shapes on one thread.
    public func merge(_ value: Any) {
        switch value {
        case let absent as Absent:
            if let specimen = absent.specimen { merge(specimen) }
        case let object as [String: Any]:
            if kind != .list { kind = .object }
            for (key, field) in object {
                let shape = fields[key] ?? { let new = ViewShape(); fields[key] = new; return new }()
                shape.merge(field)
            }
        case let list as [Any]:
            kind = .list
            for item in list {
                let shape = element ?? { let new = ViewShape(); element = new; return new }()
                shape.merge(item)
            }
        default:
            if kind == .absent { kind = .scalar }
        }
    }
}
