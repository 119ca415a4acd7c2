import Dispatch
import Foundation

/// Maps a pure function over an array on every core, keeping the input order.
public enum ParallelMap {
    public static func map<Input: Sendable, Output: Sendable>(_ inputs: [Input], _ transform: @Sendable (Input) -> Output) -> [Output] {
        guard inputs.count > 1 else { return inputs.map(transform) }
        let results = ResultSlots<Output>(count: inputs.count)
        // Chunks amortize scheduling; several per core balance uneven file sizes.
        let chunkCount = min(inputs.count, ProcessInfo.processInfo.activeProcessorCount * 8)
        DispatchQueue.concurrentPerform(iterations: chunkCount) { chunk in
            var index = chunk
            while index < inputs.count {
                results.set(index, transform(inputs[index]))
                index += chunkCount
            }
        }
        return results.values()
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
