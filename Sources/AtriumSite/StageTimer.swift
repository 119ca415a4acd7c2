import AtriumCore
import Foundation

/// How long one named stage took, in wall-clock seconds and in CPU seconds.
public struct StageTiming: Sendable, Hashable {
    /// Whose CPU time a stage's figure is.
    public enum CPU: Sendable, Hashable {
        /// The whole process's, on every thread, while the stage ran: a stage that keeps two cores
        /// busy shows twice its wall time, one that runs on one core while the others wait about its wall time.
        case process(Double)
        /// The thread the stage ran on, beside the others (the history walk).
        case ownThread(Double)
    }

    public var stage: String
    public var seconds: Double
    /// Nil for a stage timed on a thread of its own whose CPU time is not known.
    public var cpu: CPU?
}

/// Times the pipeline's stages for `--verbose`.
struct StageTimer {
    private(set) var timings: [StageTiming] = []

    mutating func measure<T>(_ stage: String, _ work: () throws -> T) rethrows -> T {
        let start = DispatchTime.now().uptimeNanoseconds
        let cpuStart = CPUClock.process()
        defer {
            let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            timings.append(StageTiming(stage: stage, seconds: elapsed, cpu: .process(CPUClock.process() - cpuStart)))
        }
        return try work()
    }

    /// A stage timed elsewhere (on another thread), with that thread's CPU time when known.
    mutating func record(_ stage: String, seconds: Double, threadCPUSeconds: Double? = nil) {
        timings.append(StageTiming(stage: stage, seconds: seconds, cpu: threadCPUSeconds.map(StageTiming.CPU.ownThread)))
    }
}
