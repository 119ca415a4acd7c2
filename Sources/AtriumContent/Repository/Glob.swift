/// Shell-style path patterns: `*` within a segment, `**` across segments, `?` one character.
struct Glob: Sendable {
    let pattern: String

    func matches(_ path: String) -> Bool {
        Self.match(Array(pattern.split(separator: "/", omittingEmptySubsequences: true)),
                   Array(path.split(separator: "/", omittingEmptySubsequences: true)))
    }

    private static func match(_ pattern: [Substring], _ path: [Substring]) -> Bool {
        guard let head = pattern.first else { return path.isEmpty }
        if head == "**" {
            let rest = Array(pattern.dropFirst())
            return (0...path.count).contains { match(rest, Array(path.dropFirst($0))) }
        }
        guard let segment = path.first, matchSegment(Array(head), Array(segment)) else { return false }
        return match(Array(pattern.dropFirst()), Array(path.dropFirst()))
    }

    private static func matchSegment(_ pattern: [Character], _ text: [Character]) -> Bool {
        guard let head = pattern.first else { return text.isEmpty }
        switch head {
        case "*":
            return (0...text.count).contains { matchSegment(Array(pattern.dropFirst()), Array(text.dropFirst($0))) }
        case "?":
            return !text.isEmpty && matchSegment(Array(pattern.dropFirst()), Array(text.dropFirst()))
        default:
            return text.first == head && matchSegment(Array(pattern.dropFirst()), Array(text.dropFirst()))
        }
    }
}
