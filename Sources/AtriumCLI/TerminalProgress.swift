import AtriumCore
import Foundation

/// A progress bar with counts on standard error, one stage at a time (`loading  [#####-----] 120/400`),
/// redrawn in place at most every 50 ms and erased when the stage ends. Only for a terminal:
/// `make(quiet:)` gives nil when standard error is piped, under `--quiet`, or with TERM=dumb, so
/// logs and CI output never see it.
final class TerminalProgress: StageProgress, @unchecked Sendable {
    private let lock = NSLock()
    private var stage = ""
    private var total: Int?
    private var done = 0
    private var lastDraw = DispatchTime(uptimeNanoseconds: 0)
    private let width = 28

    static func make(quiet: Bool) -> TerminalProgress? {
        guard !quiet, isatty(STDERR_FILENO) == 1, ProcessInfo.processInfo.environment["TERM"] != "dumb" else { return nil }
        return TerminalProgress()
    }

    func begin(_ stage: String, total: Int?) {
        lock.lock()
        defer { lock.unlock() }
        self.stage = stage
        self.total = total
        done = 0
        draw(force: true)
    }

    func advance(by count: Int) {
        lock.lock()
        defer { lock.unlock() }
        done += count
        draw(force: false)
    }

    func end() {
        lock.lock()
        defer { lock.unlock() }
        FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8))
    }

    /// Called with the lock held.
    private func draw(force: Bool) {
        let now = DispatchTime.now()
        guard force || now.uptimeNanoseconds - lastDraw.uptimeNanoseconds > 50_000_000 else { return }
        lastDraw = now
        let name = stage.padding(toLength: 11, withPad: " ", startingAt: 0)
        let line: String
        if let total, total > 0 {
            let filled = min(width, done * width / total)
            line = "\(name) [" + String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled) + "] \(done)/\(total)"
        } else {
            line = "\(name) …"
        }
        FileHandle.standardError.write(Data(("\r\u{1B}[2K" + line).utf8))
    }
}
