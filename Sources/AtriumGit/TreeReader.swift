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

    /// Ids are already uniformly random: their first eight bytes are enough to hash.
    func hash(into hasher: inout Hasher) {
        hasher.combine(head)
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

/// One tree object's raw bytes, borrowed from the `TreeReader` that read them (valid until that
/// reader's second `advance()` after the read): `<octal mode> <name>\0<20-byte id>` repeated, in
/// git's tree order, walked in place. Building a `git_tree` instead allocates an entry per name
/// and, through libgit2's object cache, keeps every tree of the history alive; a walk needs each
/// tree only while it compares one commit with its parent, and only the entries it passes.
struct RawTree: Sequence {
    enum Kind: UInt8 { case blob, tree, other }

    struct Entry {
        /// The name's bytes, inside the tree's bytes.
        var name: UnsafeBufferPointer<UInt8>
        var kind: Kind
        /// The file mode as git records it (`0o100644`, `0o100755`, `0o120000`, `0o40000`, `0o160000`).
        var mode: UInt32
        /// Where the 20-byte id is, right after the name's NUL.
        fileprivate var idBytes: UnsafePointer<UInt8>

        var id: ObjectID { ObjectID(bytes: idBytes) }
        var nameString: String { String(decoding: name, as: UTF8.self) }

        /// Git's tree order between two entries: names compare bytewise, a tree's name as if it
        /// ended in `/`. Zero means the same name and the same tree-ness.
        static func order(_ left: Entry, _ right: Entry) -> Int32 {
            let common = Swift.min(left.name.count, right.name.count)
            let result = common == 0 ? 0 : memcmp(left.name.baseAddress!, right.name.baseAddress!, common)
            if result != 0 { return result }
            let leftNext: UInt8 = left.name.count > common ? left.name[common] : (left.kind == .tree ? 0x2F : 0)
            let rightNext: UInt8 = right.name.count > common ? right.name[common] : (right.kind == .tree ? 0x2F : 0)
            return Int32(leftNext) - Int32(rightNext)
        }
    }

    let bytes: UnsafePointer<UInt8>
    let size: Int

    /// Not checked here: the walk's diff reads every entry anyway and checks its iterators at the
    /// end, and everything else asks `isWellFormed` first.
    fileprivate init(bytes: UnsafePointer<UInt8>, size: Int) {
        self.bytes = bytes
        self.size = size
    }

    /// True when every entry parses, up to the last byte.
    var isWellFormed: Bool {
        var iterator = makeIterator()
        while iterator.next() != nil {}
        return !iterator.malformed
    }

    struct Iterator: IteratorProtocol {
        let bytes: UnsafePointer<UInt8>
        let size: Int
        var position = 0
        /// Set when the bytes stop making sense; iteration then ends.
        private(set) var malformed = false

        fileprivate init(bytes: UnsafePointer<UInt8>, size: Int) {
            self.bytes = bytes
            self.size = size
        }

        mutating func next() -> Entry? {
            guard position < size, !malformed else { return nil }
            var mode: UInt32 = 0
            while position < size, bytes[position] != 0x20 {
                mode = mode << 3 | UInt32(bytes[position] &- 0x30)
                position += 1
            }
            let nameStart = position + 1
            guard nameStart < size, let terminator = memchr(bytes + nameStart, 0, size - nameStart) else {
                malformed = true
                return nil
            }
            let nameEnd = bytes.distance(to: terminator.assumingMemoryBound(to: UInt8.self))
            guard nameEnd + 21 <= size, nameEnd > nameStart else {
                malformed = true
                return nil
            }
            let kind: Kind = switch mode & 0o170000 {
            case 0o040000: .tree
            case 0o160000: .other
            default: .blob
            }
            position = nameEnd + 21
            return Entry(name: UnsafeBufferPointer(start: bytes + nameStart, count: nameEnd - nameStart), kind: kind, mode: mode,
                         idBytes: bytes + nameEnd + 1)
        }
    }

    func makeIterator() -> Iterator { Iterator(bytes: bytes, size: size) }

    /// The entry named `name` (either kind), by linear search: content trees are a few dozen entries.
    func entry(named name: String) -> Entry? {
        var name = name
        return name.withUTF8 { wanted -> Entry? in
            for entry in self where entry.name.count == wanted.count {
                if wanted.isEmpty || memcmp(entry.name.baseAddress!, wanted.baseAddress!, wanted.count) == 0 { return entry }
            }
            return nil
        }
    }
}

/// Reads trees for a walk that moves one commit at a time. Trees read while comparing a commit
/// with its parent are kept for one more step, where the parent becomes the commit: so each tree
/// of the first-parent chain is inflated once, and memory stays bounded by two commits' worth.
/// The trees it hands out borrow the bytes it holds: no entry array, and no reference counting
/// per entry. Reads through an `ObjectStore`: not `Sendable`, used on one thread.
final class TreeReader {
    private let store: ObjectStore
    /// Tree id → its bytes, read during this step and the one before.
    private var current: [ObjectID: ObjectBytes] = [:]
    private var previous: [ObjectID: ObjectBytes] = [:]

    init(store: ObjectStore) {
        self.store = store
    }

    convenience init(repository: GitRepository) throws {
        self.init(store: try ObjectStore(repository: repository))
    }

    /// The tree with this id, or nil when it is missing or not a tree, not yet checked: a caller
    /// that reads it through must look at its iterator's `malformed` at the end. Valid until the
    /// second `advance()` from now.
    func uncheckedTree(_ id: ObjectID) -> RawTree? {
        let bytes: ObjectBytes
        if let held = current[id] {
            bytes = held
        } else if let held = previous.removeValue(forKey: id) {
            bytes = held
            current[id] = held
        } else {
            guard let object = store.read(id), object.kind == .tree else { return nil }
            bytes = object.bytes
            current[id] = bytes
        }
        return RawTree(bytes: bytes.pointer, size: bytes.count)
    }

    /// The tree with this id, or nil when it is missing, not a tree, or not well formed.
    func tree(_ id: ObjectID) -> RawTree? {
        guard let tree = uncheckedTree(id), tree.isWellFormed else { return nil }
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
            id = entry.id
        }
        return id
    }

    /// The id of the blob at the slash-separated `path` below `root`, or nil when there is none.
    func blobID(of root: ObjectID, at path: String) -> ObjectID? {
        let components = path.split(separator: "/", omittingEmptySubsequences: false)
        guard let name = components.last, let folder = subtreeID(of: root, at: components.dropLast().map(String.init)),
              let entry = tree(folder)?.entry(named: String(name)), entry.kind == .blob else { return nil }
        return entry.id
    }

    /// Calls `body` with the path (prefixed with `prefix`), id and mode of every blob below the tree `id`,
    /// in git's tree order, which is also the index's path order.
    func forEachBlob(in id: ObjectID, prefix: String, _ body: (String, ObjectID, UInt32) -> Void) {
        forEachBlobPath(in: id, prefix: prefix) { path, id, mode in body(String(decoding: path, as: UTF8.self), id, mode) }
    }

    /// `forEachBlob` without a string per blob: `body` gets the path's bytes, valid during the call.
    /// Each path is built in one reused buffer, none per folder level.
    func forEachBlobPath(in id: ObjectID, prefix: String, _ body: (UnsafeBufferPointer<UInt8>, ObjectID, UInt32) -> Void) {
        var path = Array(prefix.utf8)
        forEachBlobPath(in: id, path: &path, body)
    }

    private func forEachBlobPath(in id: ObjectID, path: inout [UInt8], _ body: (UnsafeBufferPointer<UInt8>, ObjectID, UInt32) -> Void) {
        guard let tree = tree(id) else { return }
        let base = path.count
        for entry in tree where entry.kind != .other {
            path.append(contentsOf: entry.name)
            if entry.kind == .tree {
                path.append(0x2F)
                forEachBlobPath(in: entry.id, path: &path, body)
            } else {
                path.withUnsafeBufferPointer { body($0, entry.id, entry.mode) }
            }
            path.removeLast(path.count - base)
        }
    }
}
