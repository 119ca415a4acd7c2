import Foundation

/// How long one named stage took.
public struct StageTiming: Sendable, Hashable {
    public var stage: String
    public var seconds: Double
}

/// Times the pipeline's stages for `--verbose`.
struct StageTimer {
    private(set) var timings: [StageTiming] = []

    mutating func measure<T>(_ stage: String, _ work: () throws -> T) rethrows -> T {
        let start = DispatchTime.now().uptimeNanoseconds
        defer {
            let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            timings.append(StageTiming(stage: stage, seconds: elapsed))
        }
        return try work()
    }

    /// A stage timed elsewhere (on another thread).
    mutating func record(_ stage: String, seconds: Double) {
        timings.append(StageTiming(stage: stage, seconds: seconds))
    }
}
