import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A running `atrium serve`, for tests: started on a free loopback port, read from its standard
/// output for the address, fetched over HTTP, and stopped with SIGTERM.
public final class ServeProcess: @unchecked Sendable {
    public let process = Process()
    /// The address it prints, e.g. `http://127.0.0.1:41234/`.
    public private(set) var address: URL!
    private let lock = NSLock()
    private var output = ""
    private var errors = ""

    public init(_ arguments: [String], in directory: URL? = nil) throws {
        process.executableURL = PackagePaths.atriumBinary
        process.arguments = ["serve", "--port", "0"] + arguments
        if let directory { process.currentDirectoryURL = directory }
        let standardOutput = Pipe()
        let standardError = Pipe()
        process.standardOutput = standardOutput
        process.standardError = standardError
        standardOutput.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            guard let self, !data.isEmpty else { return }
            self.lock.withLock { self.output += String(decoding: data, as: UTF8.self) }
        }
        standardError.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            guard let self, !data.isEmpty else { return }
            self.lock.withLock { self.errors += String(decoding: data, as: UTF8.self) }
        }
        try process.run()
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline, process.isRunning {
            if let line = standardOutputText.split(separator: "\n").first(where: { $0.hasPrefix("Serving") }),
               let range = line.range(of: #"http://[^ ]+"#, options: .regularExpression) {
                address = URL(string: String(line[range]))
                return
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        stop()
        throw ServeError(description: "atrium serve did not start: \(standardOutputText)\(standardErrorText)")
    }

    public struct ServeError: Error, CustomStringConvertible {
        public let description: String
    }

    public var standardOutputText: String { lock.withLock { output } }
    public var standardErrorText: String { lock.withLock { errors } }

    /// GET `path` (relative to the address): the status and the body as text.
    public func fetch(_ path: String) async throws -> (status: Int, body: String) {
        let url = URL(string: path, relativeTo: address)!
        var request = URLRequest(url: url)
        request.timeoutInterval = 30
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
    }

    /// Fetches `path` until `condition` holds (a rebuild takes a moment), at most `timeout` seconds.
    public func fetch(_ path: String, until condition: (Int, String) -> Bool, timeout: TimeInterval = 30) async throws -> (status: Int, body: String) {
        let deadline = Date().addingTimeInterval(timeout)
        var last = try await fetch(path)
        while !condition(last.status, last.body), Date() < deadline {
            try await Task.sleep(nanoseconds: 100_000_000)
            last = try await fetch(path)
        }
        return last
    }

    /// The last line of standard output containing `text`, waiting for it at most `timeout` seconds:
    /// the server prints a rebuild's line after the rebuilt files are already being served.
    public func outputLine(containing text: String, timeout: TimeInterval = 30) async throws -> Substring? {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            if let line = standardOutputText.split(separator: "\n").last(where: { $0.contains(text) }) { return line }
            guard Date() < deadline else { return nil }
            try await Task.sleep(nanoseconds: 50_000_000)
        }
    }

    /// Stops the server (SIGTERM) and returns its exit status.
    @discardableResult
    public func stop() -> Int32 {
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        return process.terminationStatus
    }
}
