import Foundation

/// Work that need not hold up the run's answer but must finish before the process exits, such as
/// writing a cache for the next run. The command line waits for it before exiting; anything that
/// reads what such work writes waits for it first.
public enum BackgroundWork {
    private static let group = DispatchGroup()
    private static let queue = DispatchQueue(label: "atrium.background-work")
    private static let lock = NSLock()
    nonisolated(unsafe) private static var finished: [(name: String, seconds: Double)] = []

    /// Runs `body` on a background queue, one piece of work after another; `name` labels its
    /// time in `takeTimings()`.
    public static func run(_ name: String, _ body: @escaping @Sendable () -> Void) {
        queue.async(group: group) {
            let start = DispatchTime.now().uptimeNanoseconds
            body()
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            lock.withLock { finished.append((name, seconds)) }
        }
    }

    /// Returns once every piece of work started so far has finished.
    public static func waitForAll() {
        group.wait()
    }

    /// How long each piece of work took, once all have finished (for `--verbose`); each is told once.
    public static func takeTimings() -> [(name: String, seconds: Double)] {
        waitForAll()
        return lock.withLock {
            defer { finished = [] }
            return finished
        }
    }
}

/// A value computed on a thread of its own, started at once; `wait()` returns it when ready.
/// For work that must keep to one thread (libgit2 handles) while other threads do the rest.
public final class ThreadResult<Value>: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var value: Value?

    /// `stackSize`: deep recursion (tree walks) needs more than a secondary thread's default.
    public init(stackSize: Int = 8 << 20, _ compute: @escaping @Sendable () -> Value) {
        let thread = Thread { [self] in
            value = compute()
            done.signal()
        }
        thread.stackSize = stackSize
        thread.start()
    }

    /// The value, once computed; may be called any number of times.
    public func wait() -> Value {
        done.wait()
        done.signal()
        return value!
    }
}

/// Values a one-shot command hands over instead of freeing them just before the process exits.
/// A 10,000-product build's models are millions of small strings, dictionaries and arrays;
/// releasing them one by one took a tenth of a second on one core while the other stood idle,
/// for memory the exit returns whole. (`atrium serve` builds again and again: it frees as usual.)
public enum ExitRetention {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var kept: [Any] = []

    public static func keep(_ value: Any) {
        lock.withLock { kept.append(value) }
    }
}
