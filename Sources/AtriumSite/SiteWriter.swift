import AtriumCore
import Foundation

/// Writes a generated site so that readers never see half of it: every file goes into a
/// temporary sibling folder, and only a complete build is swapped in for the old one. A failed
/// or interrupted build leaves the previous site exactly as it was (and at worst a stray
/// `.atrium-tmp-*` folder that the next build removes).
/// `write` may be called from several threads at once (each call writes its own file);
/// `commit` once, after every write has returned.
public final class SiteWriter: @unchecked Sendable {
    public struct WriteError: Error, CustomStringConvertible {
        public let description: String
    }

    /// How a build reaches the destination.
    public enum Mode: Sendable, Hashable {
        /// Into a sibling folder, swapped in whole by `commit()` (`atrium build`).
        case swap
        /// Straight into the destination, writing only files whose bytes changed; `commit()` removes
        /// files this build did not produce (`atrium serve`, which keeps serving while it rebuilds).
        case synchronize
    }

    /// The folder the site is published in.
    public let destination: URL
    /// Where this build writes until `commit()` (the destination itself when synchronizing).
    public let staging: URL
    public let mode: Mode
    private var committed = false
    private let lock = NSLock()
    private var produced: Set<String> = []
    private var rewritten = 0
    /// Folders of the staging tree known to exist, so each is created once, not once per file.
    private var madeDirectories: Set<String> = [""]

    /// Files written because their bytes were new (every file when swapping).
    public var rewrittenCount: Int {
        lock.lock()
        defer { lock.unlock() }
        return rewritten
    }

    /// Prepares a staging folder beside `destination`, removing leftovers of interrupted builds.
    public init(destination: URL, mode: Mode = .swap) throws {
        let destination = destination.standardizedFileURL
        self.destination = destination
        self.mode = mode
        let parent = destination.deletingLastPathComponent()
        let name = destination.lastPathComponent
        let fileManager = FileManager.default
        do {
            try fileManager.createDirectory(at: parent, withIntermediateDirectories: true)
        } catch {
            throw WriteError(description: "cannot create `\(parent.path)`: \(error.localizedDescription)")
        }
        for leftover in (try? fileManager.contentsOfDirectory(atPath: parent.path)) ?? []
        where leftover.hasPrefix(".\(name).atrium-tmp-") || leftover.hasPrefix(".\(name).atrium-old-") {
            Self.removeTree(parent.appendingPathComponent(leftover).path)
        }
        if mode == .synchronize {
            staging = destination
            do {
                try fileManager.createDirectory(at: destination, withIntermediateDirectories: true)
            } catch {
                throw WriteError(description: "cannot create `\(destination.path)`: \(error.localizedDescription)")
            }
            return
        }
        staging = parent.appendingPathComponent(".\(name).atrium-tmp-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString.prefix(8))")
        do {
            try fileManager.createDirectory(at: staging, withIntermediateDirectories: false)
        } catch {
            throw WriteError(description: "cannot write in `\(parent.path)`: \(error.localizedDescription) — check that the output folder's parent is writable")
        }
    }

    deinit {
        if !committed, mode == .swap { Self.removeTree(staging.path) }
    }

    /// Writes one file of the site; `path` is relative to the site root and may not leave it.
    public func write(_ data: Data, to path: String) throws {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        guard !path.hasPrefix("/"), !parts.contains(".."), !parts.contains(""), !path.contains("\0") else {
            throw WriteError(description: "refusing to write `\(path)`: not a plain path inside the site")
        }
        lock.lock()
        produced.insert(path)
        lock.unlock()
        if mode == .synchronize {
            let url = staging.appendingPathComponent(path)
            if FileManager.default.contents(atPath: url.path) == data { return }
            do {
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                // Synchronizing writes into a folder that is being served: each file is replaced whole.
                try data.write(to: url, options: .atomic)
            } catch {
                throw WriteError(description: "cannot write `\(path)` of the site: \(error.localizedDescription) (is the disk full?)")
            }
        } else {
            try makeDirectories(for: parts.dropLast())
            try Self.writeFile(data, to: staging.path + "/" + path, displayPath: path)
        }
        lock.lock()
        rewritten += 1
        lock.unlock()
    }

    /// Creates the staging folders leading to a file (once each), as `mkdir -p` would.
    private func makeDirectories(for folders: ArraySlice<Substring>) throws {
        var relative = ""
        for folder in folders {
            relative += relative.isEmpty ? String(folder) : "/" + folder
            lock.lock()
            let known = madeDirectories.contains(relative)
            lock.unlock()
            if known { continue }
            if mkdir(staging.path + "/" + relative, 0o755) != 0, errno != EEXIST {
                throw WriteError(description: "cannot create the folder `\(relative)` of the site: \(String(cString: strerror(errno))) (is the disk full?)")
            }
            lock.lock()
            madeDirectories.insert(relative)
            lock.unlock()
        }
    }

    /// One `open`/`write`/`close`: Foundation's `Data.write` costs several system calls more per file.
    private static func writeFile(_ data: Data, to path: String, displayPath: String) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw WriteError(description: "cannot write `\(displayPath)` of the site: \(String(cString: strerror(errno))) (is the disk full?)")
        }
        var failure: Int32 = 0
        data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) in
            var offset = 0
            while offset < buffer.count {
                let written = Foundation.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                offset += written
            }
        }
        if close(descriptor) != 0, failure == 0 { failure = errno }
        if failure != 0 {
            throw WriteError(description: "cannot write `\(displayPath)` of the site: \(String(cString: strerror(failure))) (is the disk full?)")
        }
    }

    /// Deletes a folder and everything in it, without following symbolic links; `FileManager`'s
    /// `removeItem` is many times slower on a site of thousands of files.
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


    public func write(_ text: String, to path: String) throws {
        try write(Data(text.utf8), to: path)
    }

    /// Swaps the complete site in: the old site is moved aside, the new one renamed into place,
    /// then the old one deleted. Both renames stay within one folder, so each is atomic. When
    /// synchronizing, removes the files this build did not produce instead.
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
        let aside = destination.deletingLastPathComponent()
            .appendingPathComponent(".\(destination.lastPathComponent).atrium-old-\(ProcessInfo.processInfo.processIdentifier)")
        let hadOld = fileManager.fileExists(atPath: destination.path)
        if hadOld {
            guard rename(destination.path, aside.path) == 0 else {
                throw WriteError(description: "cannot replace `\(destination.path)`: \(String(cString: strerror(errno)))")
            }
        }
        guard rename(staging.path, destination.path) == 0 else {
            let reason = String(cString: strerror(errno))
            if hadOld { _ = rename(aside.path, destination.path) }
            throw WriteError(description: "cannot move the new site into `\(destination.path)`: \(reason)")
        }
        committed = true
        if hadOld { Self.removeTree(aside.path) }
    }
}
