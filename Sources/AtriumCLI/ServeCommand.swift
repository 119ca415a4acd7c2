import ArgumentParser
import AtriumContent
import AtriumCore
import AtriumPreview
import AtriumSite
import Foundation

/// `atrium serve`: the portal on this machine, rebuilt whenever a source changes, with the browser
/// reloading itself and build errors shown in the page.
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Preview the portal locally; rebuilds and reloads the browser as you save.",
        discussion: """
        Builds the portal into a temporary folder and serves it at http://127.0.0.1:PORT/ (this machine only, \
        unless --host says otherwise). Every 0.3 s it looks for changes in atrium.yml, content/, schemas/ and \
        site-template/; after a change it runs the full check and rebuilds, writing only the files whose bytes \
        changed, and every open page reloads itself. While the check finds errors, every page shows them — \
        file, line, column and how to fix them — instead of a stale portal; fix and save, and the page comes back.

        --audience internal (the default here) shows drafts and internal products, so that authors see what \
        they are writing; --audience public shows exactly what the public portal will hold.

        Stop it with Ctrl-C; the temporary folder is removed.

        Examples:
          atrium serve
          atrium serve --port 8080 --audience public
          atrium serve --host 0.0.0.0 --port 8000      (let other machines on the network see it)
        """)

    @OptionGroup var repository: RepositoryOptions

    @Option(name: .long, help: ArgumentHelp("The port to listen on (0 picks a free one).", valueName: "N"))
    var port: UInt16 = 8000

    @Option(name: .long, help: ArgumentHelp("The IPv4 address to listen on: 127.0.0.1 (this machine only) or 0.0.0.0 (every interface).",
                                            valueName: "ADDRESS"))
    var host = "127.0.0.1"

    @Option(name: .long, help: "Who the preview is for: internal (everything, drafts included) or public.")
    var audience: SiteAudience = .internal

    @Flag(name: .long, help: "Print only the address and errors, not a line per rebuild.")
    var quiet = false

    func run() throws {
        let root = repository.resolvedRoot
        let configuration = try RepositoryConfiguration.load(root: root)
        let output = FileManager.default.temporaryDirectory
            .appendingPathComponent("atrium-serve-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString.prefix(8))").path
        let state = PreviewState()
        let server: PreviewServer
        do {
            server = try PreviewServer(host: host, port: port, siteDirectory: output, state: state)
        } catch {
            throw CommandFailure.unusable("\(error)")
        }
        let serving = ServerTask(server)
        let listeningPort: UInt16
        do {
            listeningPort = try serving.waitUntilListening()
        } catch {
            throw CommandFailure.unusable("cannot listen on \(host):\(port): \(serving.failure ?? "\(error)"); choose another port with --port")
        }
        Self.removeOnExit(output)
        let address = "http://\(host == "0.0.0.0" ? "127.0.0.1" : host):\(listeningPort)/"
        let fixedNow = repository.now
        let builder = PreviewBuilder(settings: .init(
            root: root, output: output, audience: audience, baseURL: address, history: repository.historyMode,
            now: { (try? RepositoryOptions.today(fixedNow)) ?? CalendarDate(unixTime: Int64(Date().timeIntervalSince1970)) }))
        let watcher = SourceWatcher(root: root, paths: [ConfigurationLoader.fileName, configuration.contentDirectory,
                                                        configuration.schemasDirectory, configuration.templateDirectory])
        var seen = watcher.fingerprint()
        report(builder.build(), state: state, changed: [])
        Self.say("Serving the \(audience.rawValue) portal at \(address) — Ctrl-C to stop\n")
        while true {
            Thread.sleep(forTimeInterval: 0.3)
            let current = watcher.fingerprint()
            guard current != seen else { continue }
            let changed = current.changes(since: seen)
            seen = current
            report(builder.build(), state: state, changed: changed)
        }
    }

    /// Publishes a rebuild to the pages and says on the terminal what happened.
    private func report(_ result: PreviewBuilder.Result, state: PreviewState, changed: [String]) {
        let cause = changed.isEmpty ? "" : (changed.count == 1 ? "\(changed[0]) changed: " : "\(changed.count) files changed: ")
        switch result {
        case .built(let summary, let warnings, let seconds):
            state.publish(failure: nil)
            if !warnings.isEmpty, !quiet { FileHandle.standardError.write(Data(warnings.utf8)) }
            if !quiet {
                Self.say(String(format: "%@built %d products in %.2f s: %d of %d files rewritten\n",
                                cause, summary.products, seconds, summary.rewritten, summary.files))
            }
        case .failed(let text, let seconds):
            state.publish(failure: text)
            FileHandle.standardError.write(Data((text + String(format: "%@not rebuilt (%.2f s): the page shows these errors until they are fixed\n", cause, seconds)).utf8))
        }
    }

    /// Standard output unbuffered, so a script or test reading it sees each line at once.
    static func say(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    /// Ctrl-C and `kill` end the preview and take its temporary folder with it.
    static func removeOnExit(_ folder: String) {
        for signalNumber in [SIGINT, SIGTERM, SIGHUP] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler {
                try? FileManager.default.removeItem(atPath: folder)
                Foundation.exit(0)
            }
            source.resume()
            SignalSources.keep(source)
        }
    }
}

/// Signal sources live as long as the process.
private enum SignalSources {
    nonisolated(unsafe) static var sources: [any DispatchSourceSignal] = []
    static func keep(_ source: any DispatchSourceSignal) { sources.append(source) }
}

/// The server running on Swift concurrency while the command's own thread watches the sources.
private final class ServerTask: @unchecked Sendable {
    private let lock = NSLock()
    private var error: String?

    init(_ server: PreviewServer) {
        self.server = server
        Task.detached { [self] in
            do {
                try await server.run()
            } catch {
                self.record("\(error)")
            }
        }
    }

    private let server: PreviewServer

    private func record(_ message: String) {
        lock.withLock { error = message }
    }

    var failure: String? {
        lock.lock()
        defer { lock.unlock() }
        return error
    }

    func waitUntilListening() throws -> UInt16 {
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var result: Result<UInt16, any Error> = .failure(CancellationError())
        let server = self.server
        Task.detached {
            do {
                result = .success(try await server.waitUntilListening())
            } catch {
                result = .failure(error)
            }
            done.signal()
        }
        done.wait()
        return try result.get()
    }
}
