import AtriumCore
import Foundation
import Testing

@Suite("ParallelMap")
struct ParallelMapTests {
    /// Gathers what one chunk saw; a chunk's transforms run one after another, so no lock.
    final class Seen: @unchecked Sendable {
        var values: [Int] = []
        var running = false
        var overlapped = false
    }

    @Test("with a state per chunk: outputs in input order, every input seen by exactly one state, never two at once")
    func statePerChunk() {
        for count in [0, 1, 2, 7, 1000] {
            let inputs = Array(0..<count)
            let (outputs, states) = ParallelMap.map(inputs, state: { Seen() }) { value, seen -> Int in
                if seen.running { seen.overlapped = true }
                seen.running = true
                defer { seen.running = false }
                seen.values.append(value)
                return value * 3
            }
            #expect(outputs == inputs.map { $0 * 3 })
            #expect(states.flatMap(\.values).sorted() == inputs)
            #expect(!states.contains { $0.overlapped })
            #expect(!states.isEmpty)
        }
    }
}
