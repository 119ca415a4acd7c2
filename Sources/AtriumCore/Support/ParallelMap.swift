import Dispatch
import Foundation

/// Maps a pure function over an array on every core, keeping the input order.
public enum ParallelMap {
    public static func map<Input: Sendable, Output: Sendable>(_ inputs: [Input], _ transform: @Sendable (Input) -> Output) -> [Output] {
        guard inputs.count > 1 else { return inputs.map(transform) }
        let results = ResultSlots<Output>(count: inputs.count)
        forEachIndex(inputs.count, workers: processorCount) { _, index in results.set(index, transform(inputs[index])) }
        return results.values()
    }

    /// `map`, with a `State` made for each worker and handed to each transform that worker runs,
    /// one after another (never two at once): a place to gather what every output would
    /// otherwise have to carry until the end, such as the shape of view models that are rendered
    /// and dropped. The states come back in no meaningful order.
    public static func map<Input: Sendable, Output: Sendable, State: AnyObject & Sendable>(
        _ inputs: [Input], state makeState: @Sendable () -> State, _ transform: @Sendable (Input, State) -> Output
    ) -> (outputs: [Output], states: [State]) {
        guard inputs.count > 1 else {
            let state = makeState()
            return (inputs.map { transform($0, state) }, [state])
        }
        let results = ResultSlots<Output>(count: inputs.count)
        let workers = processorCount
        let states = (0..<workers).map { _ in makeState() }
        forEachIndex(inputs.count, workers: workers) { worker, index in results.set(index, transform(inputs[index], states[worker])) }
        return (results.values(), states)
    }

    private static var processorCount: Int { ProcessInfo.processInfo.activeProcessorCount }

    /// Runs `body` for every index of `0..<count` on `workers` threads, each taking the next
    /// batch as it finishes the last (`Batches`).
    private static func forEachIndex(_ count: Int, workers: Int, _ body: @Sendable (_ worker: Int, _ index: Int) -> Void) {
        let batches = Batches(count: count, workers: workers)
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            while let range = batches.next() {
                for index in range { body(worker, index) }
            }
        }
    }
}

/// The next unclaimed batch of indices, handed to one worker per core as each asks for more, so
/// that a stage ends when its work does. (With a fixed share each, the core that drew the slow
/// items finished alone while the other stood idle, up to a sixteenth of a stage.)
private final class Batches: @unchecked Sendable {
    private let count: Int
    private let size: Int
    private var start = 0
    private let lock = NSLock()

    /// Batches small enough that the last one is short (about 1/64 of each core's share), large
    /// enough that taking the lock is rare.
    init(count: Int, workers: Int) {
        self.count = count
        size = max(1, min(64, count / max(1, workers * 64)))
    }

    func next() -> Range<Int>? {
        lock.lock()
        defer { lock.unlock() }
        guard start < count else { return nil }
        let range = start..<min(start + size, count)
        start = range.upperBound
        return range
    }
}

/// Write-once slots filled from several threads; each index is written by exactly one of them.
private final class ResultSlots<Value>: @unchecked Sendable {
    private var storage: [Value?]
    private let lock = NSLock()

    init(count: Int) { storage = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ value: Value) {
        lock.lock()
        storage[index] = value
        lock.unlock()
    }

    func values() -> [Value] { storage.map { $0! } }
}
