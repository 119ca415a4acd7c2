import Foundation

/// Asks the kernel to start reading files into its page cache, many at a time, ahead of the
/// threads that will read and parse them.
///
/// Files not read for a few seconds are often evicted from the cache (on the project's machine,
/// within a minute), so a build usually reads its sources from the disk. The parsing threads
/// read one file at a time each and wait for every read; a disk answers many requests at once.
/// A few threads that only open each file and announce the read (`POSIX_FADV_WILLNEED`, which
/// queues it and returns) keep the disk busy instead: reading the 10,000-product corpus cold
/// took 0.96 s with one reader and 0.29 s with eight (docs/performance.md).
///
/// Nothing is read into the process, nothing waits for it, and a file it cannot open is simply
/// left to the reader that comes after, which reports it.
public enum ReadAhead {
    /// Threads opening files: opening waits for the file's inode, so several do it at once.
    static let threadCount = 8

    /// Starts reading `paths` (absolute) in the background, in order, and returns at once.
    @discardableResult
    public static func start(_ paths: [String]) -> Run {
        let run = Run()
        guard !paths.isEmpty else { return run }
        let queue = PathQueue(paths)
        for _ in 0..<min(threadCount, paths.count) {
            run.group.enter()
            let thread = Thread { [group = run.group] in
                while let path = queue.next() { announce(path) }
                group.leave()
            }
            thread.stackSize = 64 << 10
            thread.start()
        }
        return run
    }

    /// One `start`: nothing needs to wait for it, but a test can.
    public final class Run: Sendable {
        fileprivate let group = DispatchGroup()

        /// True when every file was announced (or passed over) within `seconds`.
        public func wait(seconds: Double) -> Bool {
            group.wait(timeout: .now() + seconds) == .success
        }
    }

    /// Opens without following a link (which the loader refuses anyway) and without blocking on
    /// a FIFO or device, and announces only regular files.
    private static func announce(_ path: String) {
        guard !path.utf8.contains(0) else { return }
        let descriptor = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return }
        #if os(Linux)
        _ = posix_fadvise(descriptor, 0, 0, POSIX_FADV_WILLNEED)
        #endif
    }

    private final class PathQueue: @unchecked Sendable {
        private let paths: [String]
        private var index = 0
        private let lock = NSLock()

        init(_ paths: [String]) { self.paths = paths }

        func next() -> String? {
            lock.withLock {
                guard index < paths.count else { return nil }
                defer { index += 1 }
                return paths[index]
            }
        }
    }
}
