import Foundation

/// How long one named stage took: wall-clock seconds, and the CPU seconds the whole process
/// spent meanwhile (on every thread, so a stage that keeps two cores busy shows twice its wall
/// time, and one that runs on one core while the others wait shows about its wall time).
public struct StageTiming: Sendable, Hashable {
    public var stage: String
    public var seconds: Double
    /// Nil for a stage timed on its own thread while others ran (its CPU time cannot be told apart).
    public var cpuSeconds: Double?
    /// For a stage timed on its own thread: that thread's CPU time.
    public var threadCPUSeconds: Double?
}

/// Times the pipeline's stages for `--verbose`.
struct StageTimer {
    private(set) var timings: [StageTiming] = []

    mutating func measure<T>(_ stage: String, _ work: () throws -> T) rethrows -> T {
        let start = DispatchTime.now().uptimeNanoseconds
        let cpuStart = Self.processCPUSeconds()
        defer {
            let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            timings.append(StageTiming(stage: stage, seconds: elapsed, cpuSeconds: Self.processCPUSeconds() - cpuStart, threadCPUSeconds: nil))
        }
        return try work()
    }

    /// A stage timed elsewhere (on another thread), with that thread's CPU time when known.
    mutating func record(_ stage: String, seconds: Double, threadCPUSeconds: Double? = nil) {
        timings.append(StageTiming(stage: stage, seconds: seconds, cpuSeconds: nil, threadCPUSeconds: threadCPUSeconds))
    }

    /// User and system time of every thread of the process so far.
    static func processCPUSeconds() -> Double {
        var usage = rusage()
        guard getrusage(Int32(RUSAGE_SELF.rawValue), &usage) == 0 else { return 0 }
        let seconds = { (time: timeval) in Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }
}
