import AtriumCore
import Foundation

/// Writes a generated site so that readers never see half of it: every file goes into a
/// temporary sibling folder, and only a complete build is swapped in for the old one. A failed
/// or interrupted build leaves the previous site exactly as it was (and at worst a stray
/// `.<name>.atrium-tmp-*` folder that the next build removes).
/// `write` may be called from several threads at once (each call writes its own file);
/// `commit` once, after every write has returned.
public final class SiteWriter: @unchecked Sendable {
    /// A failure to write the site, said so that a person can act on it: the path, the
    /// system's reason, and what to do.
    public struct WriteError: Error, CustomStringConvertible {
        public let description: String
        /// The `errno` the system gave, when the failure came from a system call.
        public let code: Int32?

        public init(description: String, code: Int32? = nil) {
            self.description = description
            self.code = code
        }
    }

    /// How a build reaches the destination.
    public enum Mode: Sendable, Hashable {
        /// Into a sibling folder, swapped in whole by `commit()` (`atrium build`).
        case swap
        /// Straight into the destination, writing only files whose bytes changed; `commit()` removes
        /// files this build did not produce (`atrium serve`, which keeps serving while it rebuilds).
        case synchronize
    }

    /// The system calls that put bytes on disk, injectable so tests can make them fail as a full
    /// or read-only disk would. Each returns 0 or an `errno`.
    public struct FileOperations: Sendable {
        /// Creates one folder (its parent exists).
        public var makeDirectory: @Sendable (_ path: String) -> Int32
        /// Creates or truncates a file and writes all of `data` to it.
        public var writeFile: @Sendable (_ path: String, _ data: Data) -> Int32

        public init(makeDirectory: @escaping @Sendable (String) -> Int32, writeFile: @escaping @Sendable (String, Data) -> Int32) {
            self.makeDirectory = makeDirectory
            self.writeFile = writeFile
        }

        /// The real file system.
        public static let system = FileOperations(
            makeDirectory: { path in mkdir(path, 0o755) == 0 || errno == EEXIST ? 0 : errno },
            writeFile: { path, data in
                let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
                guard descriptor >= 0 else { return errno }
                var failure: Int32 = 0
                data.withUnsafeBytes { buffer in
                    var offset = 0
                    while offset < buffer.count {
                        let written = systemWrite(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                        if written < 0 {
                            if errno == EINTR { continue }
                            failure = errno
                            return
                        }
                        offset += written
                    }
                }
                // A full disk may only be noticed when the file is closed (network and some copy-on-write file systems).
                if close(descriptor) != 0, failure == 0 { failure = errno }
                return failure
            })
    }

    /// The folder the site is published in.
    public let destination: URL
    /// Where this build writes until `commit()` (the destination itself when synchronizing).
    public let staging: URL
    public let mode: Mode
    private let operations: FileOperations
    private var committed = false
    private let lock = NSLock()
    /// Held while a top-level folder is made (`makeTopFolder`), so two threads never race for one.
    private let topFolderLock = NSLock()
    private var produced: Set<String> = []
    private var rewritten = 0
    private var createdDirectories: Set<String> = []

    /// Files written because their bytes were new (every file when swapping).
    public var rewrittenCount: Int {
        lock.lock()
        defer { lock.unlock() }
        return rewritten
    }

    /// Prepares a staging folder beside `destination`, removing leftovers of interrupted builds
    /// (and putting back a previous site that an interrupted swap had moved aside).
    public init(destination: URL, mode: Mode = .swap, operations: FileOperations = .system) throws {
        let destination = destination.standardizedFileURL
        self.destination = destination
        self.mode = mode
        self.operations = operations
        let parent = destination.deletingLastPathComponent()
        let name = destination.lastPathComponent
        let fileManager = FileManager.default
        if let (code, failed) = Self.makeDirectories(parent.path, operations) {
            throw Self.error(code, "cannot create the folder `\(failed)` for the site", place: failed)
        }
        Self.recoverInterruptedSwap(destination)
        for leftover in (try? fileManager.contentsOfDirectory(atPath: parent.path)) ?? []
        where Self.isLeftover(leftover, of: name) {
            Self.removeTree(parent.appendingPathComponent(leftover).path)
        }
        if mode == .synchronize {
            staging = destination
            if let (code, failed) = Self.makeDirectories(destination.path, operations) {
                throw Self.error(code, "cannot create the folder `\(failed)` for the site", place: failed)
            }
            return
        }
        staging = parent.appendingPathComponent(".\(name).atrium-tmp-\(getpid())-\(UUID().uuidString.prefix(8))")
        let code = operations.makeDirectory(staging.path)
        guard code == 0 else {
            throw Self.error(code, "cannot create a folder beside `\(destination.path)` to build the new site in", place: parent.path,
                             note: "atrium builds the site next to the output folder and swaps it in when complete, so `\(parent.path)` must be writable")
        }
        Self.markAsTreeTop(staging.path)
    }

    /// Tells ext4 that the staging folder is the top of a tree of unrelated folders (the flag
    /// `chattr +T` sets), so its subfolders are spread over block groups instead of packed beside
    /// it. A site is usually rebuilt right after the previous one was deleted, and on ext4 without
    /// a journal every new inode in a block group is searched for past all the inodes freed there
    /// in the last minutes: building a 10,000-product site into the group where the old one had
    /// been spent 4-5 s of system time in that search (`recently_deleted` in `perf`). A hint
    /// only: other file systems refuse the request, and nothing depends on it.
    static func markAsTreeTop(_ path: String) {
        #if os(Linux)
        let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        defer { close(descriptor) }
        // FS_IOC_GETFLAGS / FS_IOC_SETFLAGS (_IOR/_IOW('f', 1/2, long)) and FS_TOPDIR_FL, from <linux/fs.h>.
        // The kernel reads and writes an `int` through the pointer, whatever the macros' `long` says.
        let getFlags: UInt = 0x8008_6601, setFlags: UInt = 0x4008_6602, topDirectory: Int32 = 0x0002_0000
        var flags: Int32 = 0
        guard ioctl(descriptor, getFlags, &flags) == 0 else { return }
        flags |= topDirectory
        _ = ioctl(descriptor, setFlags, &flags)
        #endif
    }

    deinit {
        abandon()
    }

    /// Removes the staging folder of a build that will not be committed. Also done when the
    /// writer is freed, but a failing command may exit before a thread still holding the writer
    /// lets go of it.
    public func abandon() {
        if !committed, mode == .swap { Self.removeTree(staging.path) }
    }

    /// Writes one file of the site; `path` is relative to the site root and may not leave it.
    public func write(_ data: Data, to path: String) throws {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        guard !path.hasPrefix("/"), !parts.contains(".."), !parts.contains(""), !path.utf8.contains(0) else {
            throw WriteError(description: "refusing to write `\(path)`: not a plain path inside the site")
        }
        let url = staging.appendingPathComponent(path)
        lock.lock()
        produced.insert(path)
        lock.unlock()
        if mode == .synchronize, FileManager.default.contents(atPath: url.path) == data { return }
        if let code = makeParents(of: path) {
            throw Self.error(code, "cannot write the site into `\(destination.path)`: creating the folder for `\(path)` failed",
                             place: destination.deletingLastPathComponent().path)
        }
        let code: Int32
        if mode == .synchronize {
            // Synchronizing writes into a folder that is being served: each file is replaced whole.
            let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).atrium-\(UUID().uuidString.prefix(8))")
            let written = operations.writeFile(temporary.path, data)
            code = written == 0 && rename(temporary.path, url.path) != 0 ? errno : written
            if code != 0 { unlink(temporary.path) }
        } else {
            code = operations.writeFile(url.path, data)
        }
        guard code == 0 else {
            throw Self.error(code, "cannot write the site into `\(destination.path)`: writing `\(path)` failed",
                             place: destination.deletingLastPathComponent().path)
        }
        lock.lock()
        rewritten += 1
        lock.unlock()
    }

    public func write(_ text: String, to path: String) throws {
        try write(Data(text.utf8), to: path)
    }

    /// Swaps the complete site in. Where the system can (Linux's `renameat2`, macOS's
    /// `renamex_np`), the old and new folders trade places in one atomic step, so an interrupted
    /// build leaves either the old site or the new one, never neither. Elsewhere the old site is
    /// renamed aside and the new one into place; a build stopped between the two renames is
    /// repaired by the next build, which puts the old site back. Then the old site is deleted.
    /// When synchronizing, removes the files this build did not produce instead.
    public func commit() throws {
        let fileManager = FileManager.default
        if mode == .synchronize {
            let enumerator = fileManager.enumerator(atPath: destination.path)
            while let relative = enumerator?.nextObject() as? String {
                var isDirectory: ObjCBool = false
                let path = destination.appendingPathComponent(relative).path
                if fileManager.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue, !produced.contains(relative) {
                    try? fileManager.removeItem(atPath: path)
                }
            }
            committed = true
            return
        }
        let parent = destination.deletingLastPathComponent().path
        var kind = stat()
        let hadOld = lstat(destination.path, &kind) == 0
        if hadOld, (kind.st_mode & S_IFMT) == S_IFDIR, Self.exchange(staging.path, destination.path) {
            // The old site now sits in the staging folder's place.
            committed = true
            Self.removeTree(staging.path)
            return
        }
        let aside = destination.deletingLastPathComponent().appendingPathComponent(".\(destination.lastPathComponent).atrium-old-\(getpid())")
        if hadOld {
            guard rename(destination.path, aside.path) == 0 else {
                throw Self.error(errno, "cannot replace `\(destination.path)` with the new site", place: parent)
            }
        }
        guard rename(staging.path, destination.path) == 0 else {
            let code = errno
            if hadOld { _ = rename(aside.path, destination.path) }
            throw Self.error(code, "cannot move the new site into `\(destination.path)`", place: parent)
        }
        committed = true
        if hadOld { Self.removeTree(aside.path) }
    }

    // MARK: Private

    /// Creates the folders on the way to `path` inside the staging folder, each once.
    private func makeParents(of path: String) -> Int32? {
        var parts = path.split(separator: "/").dropLast()
        var missing: [String] = []
        lock.lock()
        while !parts.isEmpty {
            let folder = parts.joined(separator: "/")
            if createdDirectories.contains(folder) { break }
            missing.append(folder)
            parts = parts.dropLast()
        }
        lock.unlock()
        for relative in missing.reversed() {
            let code = mode == .swap && !relative.contains("/") ? makeTopFolder(relative)
                : operations.makeDirectory(staging.appendingPathComponent(relative).path)
            if code != 0 { return code }
            lock.lock()
            createdDirectories.insert(relative)
            lock.unlock()
        }
        return nil
    }

    /// A folder at the top of the staging folder (`products`, `areas`…), made under a name of its
    /// own and then renamed. ext4 places the subfolders of a tree top (`markAsTreeTop`) by a hash
    /// of their name: under their final names, every build's `products/` would land in the block
    /// group of the previous build's, just deleted. 0 or an `errno`.
    private func makeTopFolder(_ relative: String) -> Int32 {
        topFolderLock.lock()
        defer { topFolderLock.unlock() }
        let final = staging.appendingPathComponent(relative).path
        var info = stat()
        if lstat(final, &info) == 0 { return (info.st_mode & S_IFMT) == S_IFDIR ? 0 : ENOTDIR }
        let temporary = staging.appendingPathComponent(".\(relative).atrium-\(UUID().uuidString.prefix(8))").path
        guard operations.makeDirectory(temporary) == 0, rename(temporary, final) == 0 else {
            // Placement is only a preference: where the one-off name cannot be made or renamed,
            // the folder is made as any other, and its failure, if any, is the one reported.
            rmdir(temporary)
            return operations.makeDirectory(final)
        }
        return 0
    }

    /// `mkdir -p`: nil when done, else the `errno` and the path that could not be made a folder.
    private static func makeDirectories(_ path: String, _ operations: FileOperations) -> (Int32, String)? {
        var info = stat()
        if stat(path, &info) == 0 { return (info.st_mode & S_IFMT) == S_IFDIR ? nil : (ENOTDIR, path) }
        let parent = (path as NSString).deletingLastPathComponent
        if parent != path, !parent.isEmpty, let failure = makeDirectories(parent, operations) { return failure }
        let code = operations.makeDirectory(path)
        return code == 0 ? nil : (code, path)
    }

    /// `.<name>.atrium-tmp-<pid>-<id>` and `.<name>.atrium-old-<pid>` of builds that are no longer running.
    private static func isLeftover(_ entry: String, of name: String) -> Bool {
        for marker in [".\(name).atrium-tmp-", ".\(name).atrium-old-"] where entry.hasPrefix(marker) {
            guard let pid = Int32(entry.dropFirst(marker.count).prefix { $0.isNumber }), pid != getpid() else { return true }
            // Another build writing to the same folder right now keeps its staging folder.
            return kill(pid, 0) != 0 && errno == ESRCH
        }
        return false
    }

    /// A build stopped between moving the old site aside and moving the new one in left no site
    /// at all: put the old one back.
    private static func recoverInterruptedSwap(_ destination: URL) {
        let parent = destination.deletingLastPathComponent()
        let marker = ".\(destination.lastPathComponent).atrium-old-"
        var info = stat()
        guard lstat(destination.path, &info) != 0,
              let aside = ((try? FileManager.default.contentsOfDirectory(atPath: parent.path)) ?? []).sorted().last(where: { $0.hasPrefix(marker) })
        else { return }
        _ = rename(parent.appendingPathComponent(aside).path, destination.path)
    }

    /// Deletes a folder and everything in it, without following symbolic links; `FileManager`'s
    /// `removeItem` took seconds on a previous site of thousands of files.
    static func removeTree(_ path: String) {
        guard unlink(path) != 0, errno == EISDIR || errno == EPERM else { return }
        if let directory = opendir(path) {
            while let entry = readdir(directory) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
                if name == "." || name == ".." { continue }
                let child = path + "/" + name
                if Int32(entry.pointee.d_type) == Int32(DT_DIR) { removeTree(child) } else if unlink(child) != 0 { removeTree(child) }
            }
            closedir(directory)
        }
        rmdir(path)
    }

    /// Trades two folders' places atomically; false when the system or file system cannot.
    private static func exchange(_ first: String, _ second: String) -> Bool {
        #if canImport(Darwin)
        return renamex_np(first, second, UInt32(RENAME_SWAP)) == 0
        #else
        guard let renameat2 = Self.renameat2 else { return false }
        return renameat2(AT_FDCWD, first, AT_FDCWD, second, 2 /* RENAME_EXCHANGE */) == 0
        #endif
    }

    #if !canImport(Darwin)
    private typealias RenameAt2 = @convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32
    /// glibc's `renameat2` (2.28 and later), looked up at run time: Swift's Glibc module does not declare it.
    private static let renameat2: RenameAt2? = {
        guard let symbol = dlsym(dlopen(nil, RTLD_NOW), "renameat2") else { return nil }
        return unsafeBitCast(symbol, to: RenameAt2.self)
    }()
    #endif

    /// "cannot …: No space left on device (ENOSPC); free some space …": what failed, the system's reason, what to do.
    static func error(_ code: Int32, _ what: String, place: String, note: String? = nil) -> WriteError {
        let reason = String(cString: strerror(code)) + (errnoNames[code].map { " (\($0))" } ?? "")
        let advice: String
        switch code {
        case ENOSPC: advice = "free some space on the disk that holds `\(place)`, or choose another output folder (--out)"
        case EDQUOT: advice = "your disk quota is used up: free some space, or choose another output folder (--out)"
        case EACCES, EPERM: advice = "make `\(place)` writable for this user, or choose another output folder (--out)"
        case EROFS: advice = "`\(place)` is on a read-only file system: choose another output folder (--out)"
        case ENOTDIR: advice = "`\(place)` is a file, not a folder: choose another output folder (--out)"
        case ENAMETOOLONG: advice = "choose an output folder (--out) with a shorter path"
        default: advice = "check `\(place)`, or choose another output folder (--out)"
        }
        return WriteError(description: "\(what): \(reason); \(note.map { $0 + "; " } ?? "")\(advice)", code: code)
    }

    private static let errnoNames: [Int32: String] = [
        ENOSPC: "ENOSPC", EDQUOT: "EDQUOT", EACCES: "EACCES", EPERM: "EPERM", EROFS: "EROFS", ENOTDIR: "ENOTDIR", EIO: "EIO",
        ENAMETOOLONG: "ENAMETOOLONG", EEXIST: "EEXIST", EISDIR: "EISDIR", ENOENT: "ENOENT", EMFILE: "EMFILE", EFBIG: "EFBIG",
    ]
}

/// `write(2)`, named apart from `SiteWriter.write`.
private func systemWrite(_ descriptor: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    #if canImport(Darwin)
    Darwin.write(descriptor, buffer, count)
    #else
    Glibc.write(descriptor, buffer, count)
    #endif
}
