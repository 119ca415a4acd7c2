import Foundation

/// Fills the empty fields `atrium new` leaves under `# TODO` comments, as an author would: each
/// empty `key:` gets a value for that key, each empty `-` item a value for its list's key.
/// Tests use it to show that a new product passes `atrium check` once its placeholders are filled.
public struct PlaceholderFiller: Sendable {
    /// Values by field name; a list's items take its values in turn.
    public var values: [String: [String]]

    public init(values: [String: [String]]) {
        self.values = values
    }

    public struct UnknownField: Error, CustomStringConvertible {
        public let description: String
    }

    public func fill(_ text: String) throws -> String {
        var lines = text.components(separatedBy: "\n")
        var parents: [(indent: Int, key: String)] = []
        var used: [String: Int] = [:]
        func next(_ key: String) throws -> String {
            guard let options = values[key], !options.isEmpty else { throw UnknownField(description: "no value to fill `\(key)` with") }
            let index = used[key, default: 0]
            used[key] = index + 1
            return options[min(index, options.count - 1)]
        }
        let key = try NSRegularExpression(pattern: #"^(\s*)(- )?([a-z_]+):\s*$"#)
        let item = try NSRegularExpression(pattern: #"^(\s*)-\s*$"#)
        for index in lines.indices {
            let line = lines[index]
            let range = NSRange(line.startIndex..., in: line)
            let indent = line.prefix { $0 == " " }.count
            if line.trimmingCharacters(in: .whitespaces).hasPrefix("#") || line == "---" { continue }
            if let match = key.firstMatch(in: line, range: range), let nameRange = Range(match.range(at: 3), in: line) {
                let name = String(line[nameRange])
                let keyIndent = indent + (match.range(at: 2).location != NSNotFound ? 2 : 0)
                parents.removeAll { $0.indent >= keyIndent }
                let following = lines[(index + 1)...].first { !$0.trimmingCharacters(in: .whitespaces).hasPrefix("#") } ?? ""
                let followingIndent = following.prefix { $0 == " " }.count
                if followingIndent > keyIndent || (followingIndent == keyIndent && following.trimmingCharacters(in: .whitespaces).hasPrefix("-")) {
                    parents.append((keyIndent, name))
                } else {
                    lines[index] = line + " " + (try next(name))
                }
            } else if item.firstMatch(in: line, range: range) != nil {
                parents.removeAll { $0.indent >= indent }
                guard let parent = parents.last else { throw UnknownField(description: "a list item without a key: `\(line)`") }
                lines[index] = line + " " + (try next(parent.key))
            }
        }
        return lines.joined(separator: "\n")
    }
}
