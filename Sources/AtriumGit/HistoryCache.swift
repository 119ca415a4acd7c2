import AtriumCore
import Foundation

/// The history stage's incremental cache in `.atrium-cache/`: the histories computed at one HEAD,
/// keyed by the commit id and by everything else that shapes them (content folder, ignored
/// revisions, trailer, mailmap). A run after new commits walks only those commits. A cache that
/// does not parse, has another version or another key is rebuilt, never trusted.
///
/// The file is line-based text rather than JSON: a run that finds the cache at HEAD does little
/// else, and decoding 10,000 histories with `JSONDecoder` cost more than the rest of such a run.
/// Commits and people are written once each and referred to by number, so a commit shared by many
/// files is parsed once and its strings are shared. Layout, fields separated by tabs, strings
/// escaped (`\\`, `\t`, `\n`):
///
///     atrium-history-cache	2
///     key	<key>
///     head	<commit id>
///     people	<count>          then per person:  <name>	<email>
///     commits	<count>          then per commit:  <id>	<time>	<offset minutes>	<author number>
///     files	<count>          then per file:    <path>	<last substantive>	<last>	<created>	<revisions>	<contributors>
///     end
///
/// where commit fields are commit numbers or empty, and contributors are person numbers joined by `,`.
struct HistoryCache: Sendable {
    static let version = 2
    static let fileName = "history-v\(version).txt"
    private static let magic = "atrium-history-cache"

    var version: Int
    /// Hash of the policy and mailmap the histories were computed under.
    var key: String
    var headCommitID: String
    var histories: [FileHistory]

    enum LoadOutcome {
        case loaded(HistoryCache)
        case absent
        /// Present but made for other settings or another version of Atrium: the reason, for `--verbose`.
        case invalid(String)
        /// Present but damaged (truncated, edited, a checksum that does not match): the reason.
        case corrupt(String)
    }

    static func load(directory: String, key: String) -> LoadOutcome {
        let path = directory + "/" + fileName
        guard let data = FileManager.default.contents(atPath: path) else { return .absent }
        // The last line is a checksum of everything before it: a cache damaged in a way that still
        // parses (a flipped digit in a date) must be rebuilt, never trusted.
        let bytes = [UInt8](data)
        let trailerLength = checksumPrefix.count + 16 + 1
        guard bytes.count > trailerLength,
              Array(bytes[(bytes.count - trailerLength)..<(bytes.count - 17)]) == checksumPrefix,
              String(decoding: bytes[(bytes.count - 17)..<(bytes.count - 1)], as: UTF8.self)
                == checksum(bytes[..<(bytes.count - trailerLength)]) else {
            return .corrupt("unreadable or corrupt")
        }
        let parsed: HistoryCache?
        do {
            parsed = try bytes[..<(bytes.count - trailerLength)].withUnsafeBufferPointer { buffer in
                var reader = Reader(bytes: buffer)
                return try decode(&reader)
            }
        } catch {
            return .corrupt("unreadable or corrupt")
        }
        guard let cache = parsed else { return .invalid("written by another version") }
        guard cache.key == key else { return .invalid("configuration, ignored revisions or mailmap changed") }
        guard cache.headCommitID.utf8.count == 40, cache.headCommitID.allSatisfy(\.isHexDigit) else { return .corrupt("malformed commit id") }
        return .loaded(cache)
    }

    /// Writes atomically: a temporary file renamed over the old one, so an interrupted run never leaves half a cache.
    func save(directory: String) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let gitignore = directory + "/.gitignore"
        if !FileManager.default.fileExists(atPath: gitignore) {
            try Data("# Written by atrium; safe to delete.\n*\n".utf8).write(to: URL(fileURLWithPath: gitignore))
        }
        var bytes = encoded()
        let sum = Self.checksum(bytes[...])
        bytes.append(contentsOf: Self.checksumPrefix)
        bytes.append(contentsOf: Array(sum.utf8) + [0x0A])
        let data = Data(bytes)
        let target = URL(fileURLWithPath: directory + "/" + Self.fileName)
        let temporary = URL(fileURLWithPath: directory + "/.\(Self.fileName).\(ProcessInfo.processInfo.processIdentifier).tmp")
        try data.write(to: temporary)
        if rename(temporary.path, target.path) != 0 {
            try? FileManager.default.removeItem(at: temporary)
            throw CocoaError(.fileWriteUnknown)
        }
    }

    private static let checksumPrefix = Array("checksum\t".utf8)

    /// FNV-1a (64 bits) of the cache's bytes, as 16 hex digits.
    private static func checksum(_ bytes: ArraySlice<UInt8>) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// A stable hash (FNV-1a, 64 bits) of the strings that shape the histories.
    static func key(for parts: [String]) -> String {
        checksum(ArraySlice(parts.flatMap { Array($0.utf8) + [0] }))
    }

    // MARK: Writing

    func encoded() -> [UInt8] {
        var people: [Person] = [], personNumbers: [Person: Int] = [:]
        var commits: [CommitInfo] = [], commitNumbers: [String: Int] = [:]
        commits.reserveCapacity(histories.count * 2)
        commitNumbers.reserveCapacity(histories.count * 2)
        func number(of person: Person) -> Int {
            if let number = personNumbers[person] { return number }
            personNumbers[person] = people.count
            people.append(person)
            return people.count - 1
        }
        func number(of commit: CommitInfo?) -> Int? {
            guard let commit else { return nil }
            if let number = commitNumbers[commit.id] { return number }
            _ = number(of: commit.author)
            commitNumbers[commit.id] = commits.count
            commits.append(commit)
            return commits.count - 1
        }
        var files: [UInt8] = []
        files.reserveCapacity(histories.count * 64)
        for history in histories {
            let fields = [number(of: history.lastSubstantiveCommit), number(of: history.lastCommit), number(of: history.createdCommit)]
            Self.append(escaped: history.path, to: &files)
            for field in fields {
                files.append(0x09)
                if let field { Self.append(field, to: &files) }
            }
            files.append(0x09)
            Self.append(history.revisions, to: &files)
            files.append(0x09)
            for (position, person) in history.contributors.enumerated() {
                if position > 0 { files.append(0x2C) }
                Self.append(number(of: person), to: &files)
            }
            files.append(0x0A)
        }
        var out: [UInt8] = []
        out.reserveCapacity(files.count + commits.count * 80 + people.count * 40 + 200)
        out.append(contentsOf: "\(Self.magic)\t\(version)\nkey\t".utf8)
        Self.append(escaped: key, to: &out)
        out.append(contentsOf: "\nhead\t\(headCommitID)\npeople\t\(people.count)\n".utf8)
        for person in people {
            Self.append(escaped: person.name, to: &out)
            out.append(0x09)
            Self.append(escaped: person.email, to: &out)
            out.append(0x0A)
        }
        out.append(contentsOf: "commits\t\(commits.count)\n".utf8)
        for commit in commits {
            out.append(contentsOf: commit.id.utf8)
            out.append(0x09)
            Self.append(Int(commit.time), to: &out)
            out.append(0x09)
            Self.append(commit.offsetMinutes, to: &out)
            out.append(0x09)
            Self.append(personNumbers[commit.author]!, to: &out)
            out.append(0x0A)
        }
        out.append(contentsOf: "files\t\(histories.count)\n".utf8)
        out.append(contentsOf: files)
        out.append(contentsOf: "end\n".utf8)
        return out
    }

    /// Appends a number's decimal digits, without making a string of it.
    private static func append(_ number: Int, to out: inout [UInt8]) {
        if number < 0 { out.append(0x2D) }
        var value = number.magnitude
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { buffer in
            var count = 0
            repeat {
                buffer[count] = UInt8(truncatingIfNeeded: value % 10) + 0x30
                value /= 10
                count += 1
            } while value > 0
            for position in stride(from: count - 1, through: 0, by: -1) { out.append(buffer[position]) }
        }
    }

    private static func append(escaped string: String, to out: inout [UInt8]) {
        for byte in string.utf8 {
            switch byte {
            case 0x5C: out.append(0x5C); out.append(0x5C)
            case 0x09: out.append(0x5C); out.append(0x74)
            case 0x0A: out.append(0x5C); out.append(0x6E)
            default: out.append(byte)
            }
        }
    }

    // MARK: Reading

    struct Corrupt: Error {}

    /// Nil for a cache of another version; throws for one that does not parse.
    private static func decode(_ reader: inout Reader) throws -> HistoryCache? {
        guard try reader.string() == magic else { throw Corrupt() }
        guard try reader.integer(last: true) == version else { return nil }
        guard try reader.string() == "key" else { throw Corrupt() }
        let key = try reader.string(last: true)
        guard try reader.string() == "head" else { throw Corrupt() }
        let head = try reader.string(last: true)
        guard try reader.string() == "people" else { throw Corrupt() }
        var people: [Person] = []
        for _ in 0..<(try reader.count()) {
            people.append(Person(name: try reader.string(), email: try reader.string(last: true)))
        }
        guard try reader.string() == "commits" else { throw Corrupt() }
        var commits: [CommitInfo] = []
        for _ in 0..<(try reader.count()) {
            let id = try reader.string(), time = try reader.integer(), offset = try reader.integer()
            let author = try reader.integer(last: true)
            guard id.utf8.count == 40, people.indices.contains(author) else { throw Corrupt() }
            commits.append(CommitInfo(id: id, time: Int64(time), offsetMinutes: offset, author: people[author]))
        }
        guard try reader.string() == "files" else { throw Corrupt() }
        let fileCount = try reader.count()
        var histories: [FileHistory] = []
        histories.reserveCapacity(fileCount)
        func commit(_ number: Int?) throws -> CommitInfo? {
            guard let number else { return nil }
            guard commits.indices.contains(number) else { throw Corrupt() }
            return commits[number]
        }
        for _ in 0..<fileCount {
            let path = try reader.string()
            let lastSubstantive = try commit(reader.optionalInteger()), last = try commit(reader.optionalInteger())
            let created = try commit(reader.optionalInteger())
            let revisions = try reader.integer()
            var contributors: [Person] = []
            try reader.forEachListedInteger { number in
                guard people.indices.contains(number) else { throw Corrupt() }
                contributors.append(people[number])
            }
            histories.append(FileHistory(path: path, lastSubstantiveCommit: lastSubstantive, lastCommit: last, createdCommit: created,
                                         revisions: revisions, contributors: contributors))
        }
        guard try reader.string(last: true) == "end", reader.isAtEnd else { throw Corrupt() }
        return HistoryCache(version: version, key: key, headCommitID: head, histories: histories)
    }

    /// Reads tab-separated fields, line by line, from the cache's bytes.
    struct Reader {
        let bytes: UnsafeBufferPointer<UInt8>
        var position = 0

        var isAtEnd: Bool { position == bytes.count }

        /// The bytes up to the next tab (or, when `last`, the next newline), consuming the separator.
        private mutating func field(last: Bool) throws -> UnsafeBufferPointer<UInt8> {
            let start = position
            let separator: UInt8 = last ? 0x0A : 0x09
            while position < bytes.count {
                let byte = bytes[position]
                if byte == separator {
                    position += 1
                    return UnsafeBufferPointer(rebasing: bytes[start..<(position - 1)])
                }
                if byte == 0x09 || byte == 0x0A { throw Corrupt() }
                position += 1
            }
            throw Corrupt()
        }

        mutating func string(last: Bool = false) throws -> String {
            let field = try field(last: last)
            guard field.contains(0x5C) else { return String(decoding: field, as: UTF8.self) }
            var unescaped: [UInt8] = []
            var iterator = field.makeIterator()
            while let byte = iterator.next() {
                guard byte == 0x5C else { unescaped.append(byte); continue }
                switch iterator.next() {
                case 0x5C: unescaped.append(0x5C)
                case 0x74: unescaped.append(0x09)
                case 0x6E: unescaped.append(0x0A)
                default: throw Corrupt()
                }
            }
            return String(decoding: unescaped, as: UTF8.self)
        }

        mutating func optionalInteger(last: Bool = false) throws -> Int? {
            let field = try field(last: last)
            return field.isEmpty ? nil : try Self.integer(field)
        }

        mutating func integer(last: Bool = false) throws -> Int {
            try Self.integer(field(last: last))
        }

        /// The number that ends a section header line, which must not be negative.
        mutating func count() throws -> Int {
            let count = try integer(last: true)
            guard count >= 0 else { throw Corrupt() }
            return count
        }

        /// Comma-separated numbers, each passed to `body` as it is read: no array of slices per line.
        mutating func forEachListedInteger(_ body: (Int) throws -> Void) throws {
            let field = try field(last: true)
            guard !field.isEmpty else { return }
            var start = 0
            for position in 0...field.count where position == field.count || field[position] == 0x2C {
                try body(Self.integer(UnsafeBufferPointer(rebasing: field[start..<position])))
                start = position + 1
            }
        }

        private static func integer(_ field: UnsafeBufferPointer<UInt8>) throws -> Int {
            var digits = field[...]
            let negative = digits.first == 0x2D
            if negative { digits = digits.dropFirst() }
            guard !digits.isEmpty, digits.count <= 18 else { throw Corrupt() }
            var value = 0
            for byte in digits {
                guard byte >= 0x30, byte <= 0x39 else { throw Corrupt() }
                value = value * 10 + Int(byte - 0x30)
            }
            return negative ? -value : value
        }
    }
}
