import CGit2
import Foundation

/// A 20-byte object id as a hashable value: libgit2's `git_oid` imports as a C tuple, which is
/// neither `Hashable` nor cheap to compare in Swift.
struct ObjectID: Hashable {
    private var head: UInt64
    private var middle: UInt64
    private var tail: UInt32

    /// Reads the 20 raw bytes at `bytes` (a `git_oid`, or an id inside a tree object).
    init(bytes: UnsafeRawPointer) {
        head = bytes.loadUnaligned(as: UInt64.self)
        middle = bytes.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
        tail = bytes.loadUnaligned(fromByteOffset: 16, as: UInt32.self)
    }

    init(_ oid: git_oid) {
        var oid = oid
        self = withUnsafeBytes(of: &oid) { ObjectID(bytes: $0.baseAddress!) }
    }

    var oid: git_oid {
        var oid = git_oid()
        withUnsafeMutableBytes(of: &oid) { buffer in
            buffer.storeBytes(of: head, toByteOffset: 0, as: UInt64.self)
            buffer.storeBytes(of: middle, toByteOffset: 8, as: UInt64.self)
            buffer.storeBytes(of: tail, toByteOffset: 16, as: UInt32.self)
        }
        return oid
    }
}

/// One tree object's raw bytes, read straight from the object database and indexed in place:
/// `<octal mode> <name>\0<20-byte id>` repeated, in git's tree order. Building a `git_tree` instead
/// allocates an entry per name and, through libgit2's object cache, keeps every tree of the
/// history alive; a walk needs each tree only while it compares one commit with its parent.
final class RawTree {
    enum Kind: UInt8 { case blob, tree, other }

    struct Entry {
        /// Offset of the name in the tree's bytes; the 20-byte id follows the name's NUL.
        var nameOffset: Int32
        var nameLength: Int32
        var kind: Kind
        /// The file mode as git records it (`0o100644`, `0o100755`, `0o120000`, `0o40000`, `0o160000`).
        var mode: UInt32
    }

    private let object: OpaquePointer
    private let bytes: UnsafePointer<UInt8>
    let entries: [Entry]

    /// Nil when the object is not a well-formed tree.
    init?(object: OpaquePointer) {
        guard git_odb_object_type(object) == GIT_OBJECT_TREE, let data = git_odb_object_data(object) else {
            git_odb_object_free(object)
            return nil
        }
        let bytes = data.assumingMemoryBound(to: UInt8.self)
        let size = git_odb_object_size(object)
        var entries: [Entry] = []
        entries.reserveCapacity(size / 40)
        var position = 0
        while position < size {
            var mode: UInt32 = 0
            while position < size, bytes[position] != 0x20 {
                mode = mode << 3 | UInt32(bytes[position] &- 0x30)
                position += 1
            }
            let nameStart = position + 1
            guard nameStart < size, let terminator = memchr(bytes + nameStart, 0, size - nameStart) else {
                git_odb_object_free(object)
                return nil
            }
            let nameEnd = bytes.distance(to: terminator.assumingMemoryBound(to: UInt8.self))
            guard nameEnd + 21 <= size, nameEnd > nameStart else {
                git_odb_object_free(object)
                return nil
            }
            let kind: Kind = switch mode & 0o170000 {
            case 0o040000: .tree
            case 0o160000: .other
            default: .blob
            }
            entries.append(Entry(nameOffset: Int32(nameStart), nameLength: Int32(nameEnd - nameStart), kind: kind, mode: mode))
            position = nameEnd + 21
        }
        self.object = object
        self.bytes = bytes
        self.entries = entries
    }

    deinit { git_odb_object_free(object) }

    func id(of entry: Entry) -> ObjectID {
        ObjectID(bytes: bytes + Int(entry.nameOffset + entry.nameLength + 1))
    }

    func name(of entry: Entry) -> String {
        String(decoding: UnsafeBufferPointer(start: bytes + Int(entry.nameOffset), count: Int(entry.nameLength)), as: UTF8.self)
    }

    /// Calls `body` with the name's bytes, without building a string.
    func withName<T>(of entry: Entry, _ body: (UnsafeBufferPointer<UInt8>) -> T) -> T {
        body(UnsafeBufferPointer(start: bytes + Int(entry.nameOffset), count: Int(entry.nameLength)))
    }

    /// The entry named `name` (either kind), by linear search: content trees are a few dozen entries.
    func entry(named name: String) -> Entry? {
        var name = name
        return name.withUTF8 { wanted -> Entry? in
            for entry in entries where Int(entry.nameLength) == wanted.count {
                if memcmp(bytes + Int(entry.nameOffset), wanted.baseAddress!, wanted.count) == 0 { return entry }
            }
            return nil
        }
    }

    /// Git's tree order between an entry of this tree and one of `other`: names compare bytewise,
    /// a tree's name as if it ended in `/`. Zero means the same name and the same tree-ness.
    func compare(_ entry: Entry, with otherEntry: Entry, in other: RawTree) -> Int32 {
        let left = bytes + Int(entry.nameOffset), right = other.bytes + Int(otherEntry.nameOffset)
        let leftLength = Int(entry.nameLength), rightLength = Int(otherEntry.nameLength)
        let common = min(leftLength, rightLength)
        let result = memcmp(left, right, common)
        if result != 0 { return result }
        let leftNext: UInt8 = leftLength > common ? left[common] : (entry.kind == .tree ? 0x2F : 0)
        let rightNext: UInt8 = rightLength > common ? right[common] : (otherEntry.kind == .tree ? 0x2F : 0)
        return Int32(leftNext) - Int32(rightNext)
    }
}

/// Reads trees for a walk that moves one commit at a time. Trees read while comparing a commit
/// with its parent are kept for one more step, where the parent becomes the commit: so each tree
/// of the first-parent chain is inflated once, and memory stays bounded by two commits' worth.
/// Holds libgit2 handles: not `Sendable`, used on one thread.
final class TreeReader {
    private let odb: OpaquePointer
    private var current: [ObjectID: RawTree] = [:]
    private var previous: [ObjectID: RawTree] = [:]

    init(repository: GitRepository) throws {
        var odb: OpaquePointer?
        guard git_repository_odb(&odb, repository.handle) == 0, let odb else {
            throw GitRepository.OpenError.other(GitLibrary.lastErrorMessage(status: -1, fallback: "cannot open the object database"))
        }
        self.odb = odb
    }

    deinit { git_odb_free(odb) }

    /// The tree with this id, or nil when it is missing or not a tree.
    func tree(_ id: ObjectID) -> RawTree? {
        if let tree = current[id] { return tree }
        if let tree = previous[id] {
            current[id] = tree
            return tree
        }
        var oid = id.oid
        var object: OpaquePointer?
        guard git_odb_read(&object, odb, &oid) == 0, let object, let tree = RawTree(object: object) else { return nil }
        current[id] = tree
        return tree
    }

    /// Ends one step of the walk: what this step read stays available to the next one only.
    func advance() {
        swap(&previous, &current)
        current.removeAll(keepingCapacity: true)
    }

    /// The id of the tree at `components` below `root`, or nil when there is none.
    func subtreeID(of root: ObjectID, at components: [String]) -> ObjectID? {
        var id = root
        for component in components {
            guard let tree = tree(id), let entry = tree.entry(named: component), entry.kind == .tree else { return nil }
            id = tree.id(of: entry)
        }
        return id
    }

    /// Calls `body` with the path (prefixed with `prefix`), id and mode of every blob below the tree `id`,
    /// in git's tree order, which is also the index's path order.
    func forEachBlob(in id: ObjectID, prefix: String, _ body: (String, ObjectID, UInt32) -> Void) {
        var path = Array(prefix.utf8)
        forEachBlob(in: id, path: &path, body)
    }

    /// Builds each path in one reused buffer: one string per blob, none per folder level.
    private func forEachBlob(in id: ObjectID, path: inout [UInt8], _ body: (String, ObjectID, UInt32) -> Void) {
        guard let tree = tree(id) else { return }
        let base = path.count
        for entry in tree.entries where entry.kind != .other {
            tree.withName(of: entry) { path.append(contentsOf: $0) }
            if entry.kind == .tree {
                path.append(0x2F)
                forEachBlob(in: tree.id(of: entry), path: &path, body)
            } else {
                body(String(decoding: path, as: UTF8.self), tree.id(of: entry), entry.mode)
            }
            path.removeLast(path.count - base)
        }
    }
}
