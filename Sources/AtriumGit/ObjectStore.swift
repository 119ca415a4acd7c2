import CGit2
import CZlib
import Foundation

/// One object's bytes, owned, with a NUL after the last byte (so a commit's message can be handed
/// to C as it is). Shared by reference between the cache and its readers; its memory goes back
/// to the pool it came from.
final class ObjectBytes {
    let pointer: UnsafeMutablePointer<UInt8>
    let count: Int
    private let pool: BufferPool?

    init(count: Int, pool: BufferPool? = nil) {
        self.pool = pool
        pointer = pool?.take(count + 1) ?? .allocate(capacity: count + 1)
        pointer[count] = 0
        self.count = count
    }

    deinit {
        if let pool { pool.give(pointer, count + 1) } else { pointer.deallocate() }
    }

    var buffer: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: pointer, count: count) }
}

/// Buffers for object bytes, kept for reuse by power-of-two size. A walk allocates and frees
/// hundreds of thousands of tree-sized buffers; through malloc, freeing them (merging each with
/// its free neighbours) and finding room again cost a tenth of the walk. Used on one thread.
final class BufferPool {
    private static let smallestClass = 6, largestClass = 20, keptPerClass = 256
    private var free: [[UnsafeMutablePointer<UInt8>]]

    init() {
        free = Array(repeating: [], count: Self.largestClass + 1)
    }

    deinit {
        for buffers in free { for buffer in buffers { buffer.deallocate() } }
    }

    private static func sizeClass(_ capacity: Int) -> Int {
        max(smallestClass, Int.bitWidth - (capacity - 1).leadingZeroBitCount)
    }

    /// A buffer of at least `capacity` bytes (nil above the largest class: the caller allocates).
    func take(_ capacity: Int) -> UnsafeMutablePointer<UInt8>? {
        let sizeClass = Self.sizeClass(capacity)
        guard sizeClass <= Self.largestClass else { return nil }
        return free[sizeClass].popLast() ?? .allocate(capacity: 1 << sizeClass)
    }

    /// Takes back a buffer `take` gave for `capacity` bytes (or the caller allocated, above the largest class).
    func give(_ buffer: UnsafeMutablePointer<UInt8>, _ capacity: Int) {
        let sizeClass = Self.sizeClass(capacity)
        if sizeClass <= Self.largestClass, free[sizeClass].count < Self.keptPerClass {
            free[sizeClass].append(buffer)
        } else {
            buffer.deallocate()
        }
    }
}

/// The four object types, numbered as in pack files and in libgit2's `git_object_t`.
enum ObjectKind: UInt8 {
    case commit = 1, tree = 2, blob = 3, tag = 4
}

/// An object as read: its type and its bytes.
typealias StoredObject = (kind: ObjectKind, bytes: ObjectBytes)

/// Reads git objects for a walk over the whole history: straight from the repository's pack
/// files where it can, through libgit2's object database otherwise (loose objects, alternates,
/// anything it does not understand).
///
/// Why not libgit2 for everything: its `git_odb_read` sets up a zlib stream (about 40 KB of
/// state and window) and fresh delta buffers for every object, and its delta-base cache is
/// fixed at 16 MB. On a history of 30,000 commits that made allocation, not inflation, half of
/// the walk. Here one zlib stream is reset between objects, and every object a delta chain
/// resolves is kept in a bounded cache, so walking a tree's versions newest first (each the
/// base or the delta of the next) inflates each version once. `git log` works the same way.
///
/// Formats, as git documents them (gitformat-pack): `.idx` version 2 (fan-out table, sorted ids,
/// CRCs, 31-bit offsets with a table of 64-bit ones) and `.pack` version 2 or 3 entries (whole
/// objects, `OFS_DELTA` and `REF_DELTA`). Every length and offset is checked against the mapped
/// file; an entry that does not make sense is read through libgit2 instead, which reports the
/// damage in its own words. Holds a libgit2 handle: not `Sendable`, used on one thread.
final class ObjectStore {
    private let odb: OpaquePointer
    private let packs: [PackFile]
    private var lastPack = 0
    private var stream = z_stream()
    private let streamReady: Bool
    private var cache = ObjectCache(slots: 1 << 14, byteLimit: 96 << 20)
    /// Deltas are inflated here before they are applied: one buffer, grown as needed.
    private var deltaBuffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 16, alignment: 1)
    private let pool = BufferPool()
    /// How many objects were read through libgit2 rather than from a pack (the tests check it).
    private(set) var readsThroughLibgit2 = 0

    /// Longest delta chain followed here; git's own default depth is 50. Longer (or circular,
    /// through `REF_DELTA`) chains are left to libgit2.
    private static let maximumChainDepth = 1_000
    /// Larger objects (never a tree or a commit in practice) are read through libgit2.
    static let largestObject = 1 << 30

    init(repository: GitRepository) throws {
        var odb: OpaquePointer?
        guard git_repository_odb(&odb, repository.handle) == 0, let odb else {
            throw GitRepository.OpenError.other(GitLibrary.lastErrorMessage(status: -1, fallback: "cannot open the object database"))
        }
        self.odb = odb
        streamReady = atrium_inflate_init(&stream) == Z_OK
        let folder = String(cString: git_repository_commondir(repository.handle)) + "objects/pack/"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        // Newest pack first, as git and libgit2 look: a repacked object is usually there.
        packs = names.filter { $0.hasSuffix(".idx") }.sorted().reversed().compactMap { name in
            PackFile(index: folder + name, pack: folder + name.dropLast(4) + ".pack")
        }
    }

    deinit {
        if streamReady { inflateEnd(&stream) }
        deltaBuffer.deallocate()
        git_odb_free(odb)
    }

    /// The object with this id, or nil when the repository does not have it (or cannot read it).
    func read(_ id: ObjectID) -> StoredObject? {
        read(id, depth: 0)
    }

    private func read(_ id: ObjectID, depth: Int) -> StoredObject? {
        if streamReady, depth < Self.maximumChainDepth, !packs.isEmpty {
            // The pack that had the last object first, as git does: a walk's trees and commits
            // usually sit together, and a miss costs a search of each index.
            for step in 0..<packs.count {
                let index = step == 0 ? lastPack : (step <= lastPack ? step - 1 : step)
                guard let offset = packs[index].offset(of: id) else { continue }
                lastPack = index
                if let object = unpack(pack: index, offset: offset, depth: depth) { return object }
                break
            }
        }
        return readThroughLibgit2(id)
    }

    private func readThroughLibgit2(_ id: ObjectID) -> StoredObject? {
        readsThroughLibgit2 += 1
        var oid = id.oid
        var object: OpaquePointer?
        guard git_odb_read(&object, odb, &oid) == 0, let object else { return nil }
        defer { git_odb_object_free(object) }
        guard let kind = ObjectKind(rawValue: UInt8(truncatingIfNeeded: git_odb_object_type(object).rawValue)) else { return nil }
        let size = git_odb_object_size(object)
        let bytes = ObjectBytes(count: size)
        if size > 0, let data = git_odb_object_data(object) { bytes.pointer.update(from: data.assumingMemoryBound(to: UInt8.self), count: size) }
        return (kind, bytes)
    }

    // MARK: Pack entries

    private func unpack(pack index: Int, offset: Int, depth: Int) -> StoredObject? {
        if let cached = cache.object(pack: index, offset: offset) { return cached }
        // Sizes are checked against the stream as it inflates; this bound keeps a damaged header
        // from asking for an absurd buffer first (libgit2 then reports the damage).
        guard depth < Self.maximumChainDepth, let header = packs[index].entryHeader(at: offset), header.size < Self.largestObject else {
            return nil
        }
        let result: StoredObject
        switch header.base {
        case .none(let kind):
            let bytes = ObjectBytes(count: header.size, pool: pool)
            guard inflate(pack: index, at: header.dataOffset, into: bytes.pointer, count: header.size) else { return nil }
            result = (kind, bytes)
        case .offset(let baseOffset):
            guard let base = unpack(pack: index, offset: baseOffset, depth: depth + 1),
                  let bytes = applyDelta(pack: index, header: header, to: base.bytes) else { return nil }
            result = (base.kind, bytes)
        case .id(let baseID):
            guard let base = read(baseID, depth: depth + 1), let bytes = applyDelta(pack: index, header: header, to: base.bytes) else { return nil }
            result = (base.kind, bytes)
        }
        cache.insert(result, pack: index, offset: offset)
        return result
    }

    /// Inflates exactly `count` bytes from the zlib stream at `offset` in a pack.
    private func inflate(pack index: Int, at offset: Int, into output: UnsafeMutablePointer<UInt8>, count: Int) -> Bool {
        let pack = packs[index]
        guard count < Int(UInt32.max), offset < pack.size else { return false }
        inflateReset(&stream)
        stream.next_in = UnsafeMutablePointer(mutating: pack.bytes + offset)
        stream.avail_in = UInt32(clamping: pack.size - offset)
        stream.next_out = output
        // One byte of room beyond the expected size, so a stream that would say more is caught.
        stream.avail_out = UInt32(count + 1)
        let status = CZlib.inflate(&stream, Z_FINISH)
        output[count] = 0
        return status == Z_STREAM_END && Int(stream.total_out) == count
    }

    /// Inflates a delta entry's instructions and applies them to `base`.
    private func applyDelta(pack index: Int, header: PackFile.EntryHeader, to base: ObjectBytes) -> ObjectBytes? {
        if deltaBuffer.count < header.size + 1 {
            deltaBuffer.deallocate()
            deltaBuffer = .allocate(byteCount: max(header.size + 1, deltaBuffer.count * 2), alignment: 1)
        }
        let delta = deltaBuffer.baseAddress!.assumingMemoryBound(to: UInt8.self)
        guard inflate(pack: index, at: header.dataOffset, into: delta, count: header.size) else { return nil }
        return Delta.apply(UnsafeBufferPointer(start: delta, count: header.size), to: base.buffer, pool: pool)
    }
}

/// Git's delta format: the base's size and the result's size as little-endian base-128 numbers,
/// then instructions: a byte with the high bit set copies a range of the base (the low seven
/// bits say which offset and size bytes follow), any other non-zero byte inserts that many
/// literal bytes.
enum Delta {
    static func apply(_ delta: UnsafeBufferPointer<UInt8>, to base: UnsafeBufferPointer<UInt8>, pool: BufferPool? = nil) -> ObjectBytes? {
        var position = 0
        func varint() -> Int? {
            var value = 0, shift = 0
            while position < delta.count, shift < 63 {
                let byte = delta[position]
                position += 1
                value |= Int(byte & 0x7F) << shift
                if byte & 0x80 == 0 { return value }
                shift += 7
            }
            return nil
        }
        guard let baseSize = varint(), baseSize == base.count, let resultSize = varint(), resultSize < ObjectStore.largestObject else { return nil }
        let result = ObjectBytes(count: resultSize, pool: pool)
        var written = 0
        while position < delta.count {
            let command = delta[position]
            position += 1
            if command & 0x80 != 0 {
                var offset = 0, size = 0
                for bit in 0..<4 where command & (1 << bit) != 0 {
                    guard position < delta.count else { return nil }
                    offset |= Int(delta[position]) << (8 * bit)
                    position += 1
                }
                for bit in 0..<3 where command & (0x10 << bit) != 0 {
                    guard position < delta.count else { return nil }
                    size |= Int(delta[position]) << (8 * bit)
                    position += 1
                }
                if size == 0 { size = 0x10000 }
                guard offset + size <= base.count, written + size <= resultSize else { return nil }
                (result.pointer + written).update(from: base.baseAddress! + offset, count: size)
                written += size
            } else if command != 0 {
                let size = Int(command)
                guard position + size <= delta.count, written + size <= resultSize else { return nil }
                (result.pointer + written).update(from: delta.baseAddress! + position, count: size)
                position += size
                written += size
            } else {
                return nil   // reserved
            }
        }
        return written == resultSize ? result : nil
    }
}

/// One `.idx` and its `.pack`, mapped read-only.
final class PackFile {
    enum Base {
        case none(ObjectKind)
        case offset(Int)
        case id(ObjectID)
    }

    struct EntryHeader {
        /// The inflated size: the object's, or the delta's.
        var size: Int
        var base: Base
        /// Where the zlib stream starts.
        var dataOffset: Int
    }

    /// One file mapped read-only, unmapped when the last user lets go: whatever path an
    /// initializer takes out, each mapping is released exactly once.
    private final class Mapping {
        let buffer: UnsafeRawBufferPointer

        init?(_ path: String) {
            let descriptor = open(path, O_RDONLY | O_CLOEXEC)
            guard descriptor >= 0 else { return nil }
            defer { close(descriptor) }
            var status = stat()
            guard fstat(descriptor, &status) == 0, status.st_size > 0 else { return nil }
            let length = Int(status.st_size)
            guard let address = mmap(nil, length, PROT_READ, MAP_PRIVATE, descriptor, 0), address != MAP_FAILED else { return nil }
            buffer = UnsafeRawBufferPointer(start: address, count: length)
        }

        deinit { munmap(UnsafeMutableRawPointer(mutating: buffer.baseAddress), buffer.count) }
    }

    private let indexFile: Mapping, packFile: Mapping
    private var index: UnsafeRawBufferPointer { indexFile.buffer }
    let bytes: UnsafePointer<UInt8>
    let size: Int
    private let count: Int
    private let idsStart: Int, offsetsStart: Int, largeOffsetsStart: Int, largeOffsetCount: Int

    /// Nil when either file is missing, or the index is not version 2, or the two disagree.
    init?(index indexPath: String, pack packPath: String) {
        guard let indexFile = Mapping(indexPath), let packFile = Mapping(packPath) else { return nil }
        let index = indexFile.buffer, pack = packFile.buffer
        let header = 8 + 256 * 4
        guard index.count >= header + 40, pack.count >= 32,
              index.load(as: UInt32.self).bigEndian == 0xFF74_4F63, index.load(fromByteOffset: 4, as: UInt32.self).bigEndian == 2,
              pack.load(as: UInt32.self).bigEndian == 0x5041_434B, [2, 3].contains(pack.load(fromByteOffset: 4, as: UInt32.self).bigEndian)
        else { return nil }
        let count = Int(index.load(fromByteOffset: header - 4, as: UInt32.self).bigEndian)
        let offsetsStart = header + count * 24, largeOffsetsStart = header + count * 28
        let rest = index.count - 40 - largeOffsetsStart
        guard rest >= 0, rest % 8 == 0, Int(pack.load(fromByteOffset: 8, as: UInt32.self).bigEndian) == count else { return nil }
        self.indexFile = indexFile
        self.packFile = packFile
        bytes = pack.baseAddress!.assumingMemoryBound(to: UInt8.self)
        size = pack.count
        self.count = count
        idsStart = header
        self.offsetsStart = offsetsStart
        self.largeOffsetsStart = largeOffsetsStart
        largeOffsetCount = rest / 8
    }

    private func fanout(_ byte: Int) -> Int {
        Int(index.load(fromByteOffset: 8 + byte * 4, as: UInt32.self).bigEndian)
    }

    /// The offset of the object's entry in the pack, or nil when this pack does not have it.
    ///
    /// Ids are uniformly spread, so the search guesses where the id should sit from its next
    /// bytes (an interpolation search) before it halves the range: two or three probes into a
    /// table of megabytes instead of twenty, each of which misses the processor's caches.
    func offset(of id: ObjectID) -> Int? {
        withUnsafeBytes(of: id) { wanted -> Int? in
            let first = Int(wanted[0])
            var low = first == 0 ? 0 : fanout(first - 1), high = min(fanout(first), count)
            let key = Self.prefix(wanted.baseAddress! + 1)
            var lowKey: UInt64 = 0, highKey: UInt64 = 1 << 56
            var probes = 0
            while low < high {
                let middle: Int
                if probes < 4, highKey > lowKey, key >= lowKey, key < highKey {
                    let share = Double(key - lowKey) / Double(highKey - lowKey)
                    middle = min(high - 1, low + Int(share * Double(high - low)))
                } else {
                    middle = (low + high) / 2
                }
                probes += 1
                let probe = index.baseAddress! + idsStart + middle * 20
                let order = memcmp(probe, wanted.baseAddress!, 20)
                if order == 0 { return entryOffset(middle) }
                if order < 0 {
                    low = middle + 1
                    lowKey = Self.prefix(probe + 1)
                } else {
                    high = middle
                    highKey = Self.prefix(probe + 1)
                }
            }
            return nil
        }
    }

    /// Bytes 2 to 8 of an id (the first is the fan-out's), as a number that orders as the bytes do.
    private static func prefix(_ bytes: UnsafeRawPointer) -> UInt64 {
        bytes.loadUnaligned(as: UInt64.self).bigEndian >> 8
    }

    private func entryOffset(_ position: Int) -> Int? {
        let small = index.load(fromByteOffset: offsetsStart + position * 4, as: UInt32.self).bigEndian
        guard small & 0x8000_0000 != 0 else { return Int(small) }
        let large = Int(small & 0x7FFF_FFFF)
        guard large < largeOffsetCount else { return nil }
        let offset = index.load(fromByteOffset: largeOffsetsStart + large * 8, as: UInt64.self).bigEndian
        return offset < UInt64(size) ? Int(offset) : nil
    }

    /// The entry's type, inflated size and base, checked against the pack's length (the last 20
    /// bytes are the pack's checksum, never an entry).
    func entryHeader(at offset: Int) -> EntryHeader? {
        let end = size - 20
        guard offset >= 12, offset < end else { return nil }
        var position = offset
        var byte = bytes[position]
        position += 1
        let type = (byte >> 4) & 7
        var objectSize = Int(byte & 0x0F), shift = 4
        while byte & 0x80 != 0 {
            guard position < end, shift < 56 else { return nil }
            byte = bytes[position]
            position += 1
            objectSize |= Int(byte & 0x7F) << shift
            shift += 7
        }
        switch type {
        case 1...4:
            return EntryHeader(size: objectSize, base: .none(ObjectKind(rawValue: type)!), dataOffset: position)
        case 6:
            guard position < end else { return nil }
            byte = bytes[position]
            position += 1
            var distance = Int(byte & 0x7F)
            while byte & 0x80 != 0 {
                guard position < end, distance < Int.max >> 8 else { return nil }
                byte = bytes[position]
                position += 1
                distance = ((distance + 1) << 7) | Int(byte & 0x7F)
            }
            guard distance > 0, distance <= offset else { return nil }
            return EntryHeader(size: objectSize, base: .offset(offset - distance), dataOffset: position)
        case 7:
            guard position + 20 < end else { return nil }
            return EntryHeader(size: objectSize, base: .id(ObjectID(bytes: bytes + position)), dataOffset: position + 20)
        default:
            return nil
        }
    }
}

/// Objects read from packs, by pack and offset: a fixed table of slots, each holding the last
/// object that hashed there, within a byte budget. Delta chains share their bases, so a tree's
/// successive versions each cost one delta application rather than the whole chain.
private struct ObjectCache {
    private struct Slot {
        var pack: Int
        var offset: Int
        var object: StoredObject
    }

    private var slots: [Slot?]
    private let byteLimit: Int
    private var bytes = 0

    init(slots count: Int, byteLimit: Int) {
        slots = Array(repeating: nil, count: count)
        self.byteLimit = byteLimit
    }

    private func slot(pack: Int, offset: Int) -> Int {
        var hash = UInt64(truncatingIfNeeded: offset) &* 0x9E37_79B9_7F4A_7C15 ^ UInt64(pack)
        hash ^= hash >> 29
        return Int(hash % UInt64(slots.count))
    }

    func object(pack: Int, offset: Int) -> StoredObject? {
        guard let slot = slots[slot(pack: pack, offset: offset)], slot.pack == pack, slot.offset == offset else { return nil }
        return slot.object
    }

    mutating func insert(_ object: StoredObject, pack: Int, offset: Int) {
        // A blob of a megabyte would push out a thousand trees for nothing a walk rereads.
        guard object.bytes.count <= byteLimit / 64 else { return }
        let index = slot(pack: pack, offset: offset)
        if let old = slots[index] { bytes -= old.object.bytes.count }
        slots[index] = nil
        var victim = index
        while bytes + object.bytes.count > byteLimit {
            victim = (victim + 1) % slots.count
            if let old = slots[victim] {
                bytes -= old.object.bytes.count
                slots[victim] = nil
            }
        }
        slots[index] = Slot(pack: pack, offset: offset, object: object)
        bytes += object.bytes.count
    }
}
