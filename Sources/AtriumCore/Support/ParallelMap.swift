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

    /// `map`, with a `State` made for each chunk of the work and handed to each transform of that
    /// chunk, one after another (never two at once): a place to gather what every output would
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
        let chunkCount = min(inputs.count, ProcessInfo.processInfo.activeProcessorCount * 8)
        let states = ResultSlots<State>(count: chunkCount)
        DispatchQueue.concurrentPerform(iterations: chunkCount) { chunk in
            let state = makeState()
            var index = chunk
            while index < inputs.count {
                results.set(index, transform(inputs[index], state))
                index += chunkCount
            }
            states.set(chunk, state)
        }
        return (results.values(), states.values())
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
