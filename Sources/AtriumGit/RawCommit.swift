import AtriumCore
import CGit2
import Foundation

/// A commit object read as bytes (`tree`, `parent`, `author`, `committer` and other header lines,
/// a blank line, the message), with only the positions a walk needs picked out. A walk looks at
/// every commit's tree and first parent but at the people and message of fewer; building a
/// `git_commit` parses and copies all of it for each one. Signatures are still parsed by libgit2
/// (`git_signature_from_buffer`), so names, e-mail addresses and dates read exactly as before.
struct RawCommit {
    let id: ObjectID
    let bytes: ObjectBytes
    let tree: ObjectID
    let firstParent: ObjectID?
    /// The other parents of a merge (empty for any other commit).
    let mergedParents: [ObjectID]
    let parentCount: Int
    private let authorLine: Range<Int>
    private let committerLine: Range<Int>
    private let messageStart: Int

    /// Nil when the bytes are not a commit libgit2 would accept: `tree` first, then parents, then
    /// an author and a committer line.
    init?(id: ObjectID, bytes: ObjectBytes) {
        self.id = id
        self.bytes = bytes
        let text = bytes.buffer
        var position = 0
        func line(startingWith prefix: StaticString) -> Range<Int>? {
            let length = prefix.utf8CodeUnitCount
            guard position + length <= text.count, memcmp(text.baseAddress! + position, prefix.utf8Start, length) == 0,
                  let newline = memchr(text.baseAddress! + position + length, 0x0A, text.count - position - length) else { return nil }
            let end = text.baseAddress!.distance(to: newline.assumingMemoryBound(to: UInt8.self))
            defer { position = end + 1 }
            return (position + length)..<end
        }
        guard let treeHex = line(startingWith: "tree "), let tree = ObjectID(hex: text, treeHex) else { return nil }
        self.tree = tree
        var first: ObjectID?, others: [ObjectID] = [], parentCount = 0
        while let parentHex = line(startingWith: "parent ") {
            guard let parent = ObjectID(hex: text, parentHex) else { return nil }
            if parentCount == 0 { first = parent } else { others.append(parent) }
            parentCount += 1
        }
        self.parentCount = parentCount
        firstParent = first
        mergedParents = others
        guard let author = line(startingWith: "author "), let committer = line(startingWith: "committer ") else { return nil }
        authorLine = author
        committerLine = committer
        // Other headers (encoding, gpgsig with its continuation lines, mergetag) run to the blank line.
        var start = position
        while start < text.count, text[start] != 0x0A {
            guard let newline = memchr(text.baseAddress! + start, 0x0A, text.count - start) else {
                start = text.count
                break
            }
            start = text.baseAddress!.distance(to: newline.assumingMemoryBound(to: UInt8.self)) + 1
        }
        // libgit2's `git_commit_message` skips the newlines that open the message.
        while start < text.count, text[start] == 0x0A { start += 1 }
        messageStart = min(start, text.count)
    }

    /// The message, NUL-terminated (valid while `bytes` lives).
    var message: UnsafePointer<CChar> {
        UnsafeRawPointer(bytes.pointer + messageStart).assumingMemoryBound(to: CChar.self)
    }

    /// The author line as libgit2 parses it, through the mailmap when there is one.
    func author(mailmap: OpaquePointer?) -> Person {
        signature(authorLine) { signature in
            var mapped: UnsafeMutablePointer<git_signature>?
            guard let mailmap, git_mailmap_resolve_signature(&mapped, mailmap, signature) == 0, let mapped else {
                return Person(name: String(cString: signature.pointee.name), email: String(cString: signature.pointee.email))
            }
            defer { git_signature_free(mapped) }
            return Person(name: String(cString: mapped.pointee.name), email: String(cString: mapped.pointee.email))
        } ?? Person(name: "", email: "")
    }

    /// The committer's time and offset in minutes, as `git_commit_time` and `git_commit_time_offset` give them.
    var committerTime: (time: Int64, offsetMinutes: Int) {
        signature(committerLine) { (Int64($0.pointee.when.time), Int($0.pointee.when.offset)) } ?? (0, 0)
    }

    /// The committer time as libgit2's revision walk reads it (`commit_quick_parse`): the number
    /// before the time-zone offset at the end of the committer line, or nil when there is none.
    var walkTime: Int64? {
        let text = bytes.buffer
        let start = committerLine.lowerBound
        var position = committerLine.upperBound   // the line's newline
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || (0x09...0x0D).contains(byte) }
        func isDigit(_ byte: UInt8) -> Bool { (0x30...0x39).contains(byte) }
        while position > start, isSpace(text[position]) { position -= 1 }
        while position > start, isDigit(text[position]) { position -= 1 }
        if position > start, text[position] == 0x2B || text[position] == 0x2D {
            position -= 1
            while position > start, isSpace(text[position]) { position -= 1 }
            while position > start, isDigit(text[position]) { position -= 1 }
        }
        guard position > start else { return nil }
        var value: Int64 = 0, digits = 0
        var cursor = position + 1
        let negative = cursor < committerLine.upperBound && text[cursor] == 0x2D
        if negative || (cursor < committerLine.upperBound && text[cursor] == 0x2B) { cursor += 1 }
        while cursor < committerLine.upperBound, isDigit(text[cursor]), digits < 18 {
            value = value * 10 + Int64(text[cursor] - 0x30)
            cursor += 1
            digits += 1
        }
        guard digits > 0 else { return nil }
        return negative ? -value : value
    }

    private func signature<Value>(_ range: Range<Int>, _ body: (UnsafeMutablePointer<git_signature>) -> Value) -> Value? {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: range.count + 1) { line -> Value? in
            UnsafeMutableRawPointer(line.baseAddress!).copyMemory(from: bytes.pointer + range.lowerBound, byteCount: range.count)
            line[range.count] = 0
            var signature: UnsafeMutablePointer<git_signature>?
            guard git_signature_from_buffer(&signature, line.baseAddress!) == 0, let signature else { return nil }
            defer { git_signature_free(signature) }
            return body(signature)
        }
    }
}

extension ObjectID {
    /// Reads 40 hexadecimal digits (either case) at `range` of `text`, as `git_oid_fromstrn` does.
    init?(hex text: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) {
        guard range.count == 40 else { return nil }
        var oid = git_oid()
        let status = UnsafeRawPointer(text.baseAddress! + range.lowerBound).withMemoryRebound(to: CChar.self, capacity: 40) {
            git_oid_fromstrn(&oid, $0, 40)
        }
        guard status == 0 else { return nil }
        self.init(oid)
    }
}

extension ObjectStore {
    /// The commit with this id, parsed; throws when it is missing or is not a commit libgit2 would read.
    func commit(_ id: ObjectID) throws -> RawCommit {
        guard let object = read(id), object.kind == .commit, let commit = RawCommit(id: id, bytes: object.bytes) else {
            throw GitRepository.OpenError.other(GitLibrary.lastErrorMessage(status: -1, fallback: "cannot read commit \(GitLibrary.hex(id.oid))"))
        }
        return commit
    }
}
