import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs a program with a deadline and measures it: for tests that feed Atrium hostile input, where
/// a hang must fail the test instead of blocking the whole run, and where "did not read the 50 MB
/// file" is checked by the process's peak memory. `Process` offers neither, so this spawns the
/// program itself and polls it until it ends.
///
/// Peak memory: on Linux, `posix_spawn` starts the child in the parent's address space until it
/// executes the program, so `wait4`'s `ru_maxrss` reports at least the test process's own size.
/// The child's `VmHWM` in `/proc/<pid>/status` belongs to its own address space; it only grows,
/// and is read every couple of milliseconds while the child runs. Elsewhere `ru_maxrss` is used.
public enum BoundedProcess {
    public struct Result: Sendable {
        /// The exit status, or 128 + the signal number when the program was killed.
        public var status: Int32
        /// True when the program outlived its deadline and was killed.
        public var timedOut: Bool
        public var standardOutput: String
        public var standardError: String
        /// The program's peak resident memory.
        public var peakMemoryBytes: Int
        public var seconds: Double
    }

    public struct SpawnError: Error, CustomStringConvertible {
        public let description: String
    }

    /// Runs `executable` (an absolute path) with `arguments`, killing it after `timeout` seconds.
    public static func run(_ executable: String, _ arguments: [String], environment: [String: String] = [:],
                           timeout: TimeInterval) throws -> Result {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("atrium-bounded-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let outputPath = folder.appendingPathComponent("stdout").path
        let errorPath = folder.appendingPathComponent("stderr").path

        #if os(Linux)
        var actions = posix_spawn_file_actions_t()
        #else
        var actions: posix_spawn_file_actions_t?
        #endif
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, errorPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)

        var merged = ProcessInfo.processInfo.environment
        for (key, value) in environment { merged[key] = value }
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = merged.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }

        let started = Date()
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable, &actions, nil, argv, envp)
        guard spawned == 0 else { throw SpawnError(description: "cannot run \(executable): \(String(cString: strerror(spawned)))") }

        var status: Int32 = 0
        var usage = rusage()
        var timedOut = false
        var highWater = 0
        while true {
            #if os(Linux)
            highWater = max(highWater, Self.highWaterMark(of: pid))
            #endif
            let reaped = wait4(pid, &status, WNOHANG, &usage)
            if reaped == pid { break }
            if reaped == -1 && errno != EINTR { throw SpawnError(description: "wait4 failed: \(String(cString: strerror(errno)))") }
            if !timedOut, Date().timeIntervalSince(started) > timeout {
                timedOut = true
                kill(pid, SIGKILL)
            }
            usleep(2_000)
        }
        let seconds = Date().timeIntervalSince(started)
        let signal = status & 0x7F
        let exitStatus = signal == 0 ? (status >> 8) & 0xFF : 128 + signal
        #if os(Linux)
        let peak = highWater
        #else
        let peak = Int(usage.ru_maxrss)          // bytes on macOS
        #endif
        let output = FileManager.default.contents(atPath: outputPath) ?? Data()
        let errors = FileManager.default.contents(atPath: errorPath) ?? Data()
        return Result(status: exitStatus, timedOut: timedOut,
                      standardOutput: String(decoding: output, as: UTF8.self),
                      standardError: String(decoding: errors, as: UTF8.self),
                      peakMemoryBytes: peak, seconds: seconds)
    }

    /// `VmHWM` of a running process in bytes, or 0 once it has gone.
    static func highWaterMark(of pid: pid_t) -> Int {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
              let kilobytes = Int(line.dropFirst("VmHWM:".count).trimmingCharacters(in: .whitespaces).dropLast(3)
                .trimmingCharacters(in: .whitespaces)) else { return 0 }
        return kilobytes * 1024
    }
}
