import Foundation

/// What the preview server shows, shared between the rebuild loop and the request handlers:
/// a generation number that every rebuild increments (the browser reloads when it changes) and,
/// while the last rebuild failed, its problems.
public final class PreviewState: @unchecked Sendable {
    private let lock = NSLock()
    private var currentGeneration = 0
    private var currentFailure: String?

    public init() {}

    public var generation: Int {
        lock.lock()
        defer { lock.unlock() }
        return currentGeneration
    }

    /// The problems of the last rebuild, nil when it succeeded.
    public var failure: String? {
        lock.lock()
        defer { lock.unlock() }
        return currentFailure
    }

    /// Records a rebuild's outcome; returns the new generation.
    @discardableResult
    public func publish(failure: String?) -> Int {
        lock.lock()
        defer { lock.unlock() }
        currentFailure = failure
        currentGeneration += 1
        return currentGeneration
    }
}
