import FlyingFox
import FlyingSocks
import Foundation

/// The HTTP side of `atrium serve`: the preview folder's files (HTML with the live-reload script),
/// the failure page while the last rebuild failed, and `/_atrium/reload` for the script to
/// long-poll. Binds to loopback unless told otherwise.
public final class PreviewServer: Sendable {
    let server: HTTPServer
    let state: PreviewState
    let siteDirectory: String

    public struct StartError: Error, CustomStringConvertible {
        public let description: String
    }

    /// - Parameter host: an IPv4 address such as `127.0.0.1` (the default of `atrium serve`) or `0.0.0.0`.
    public init(host: String, port: UInt16, siteDirectory: String, state: PreviewState) throws {
        let address: sockaddr_in
        do {
            address = try .inet(ip4: host, port: port)
        } catch {
            throw StartError(description: "`\(host)` is not an IPv4 address; use 127.0.0.1 (this machine only) or 0.0.0.0 (every interface)")
        }
        // Long polls hold a request up to 25 s; the handler timeout must outlast them.
        server = HTTPServer(address: address, timeout: 60, logger: .disabled)
        self.state = state
        self.siteDirectory = siteDirectory
    }

    /// Serves until the task is cancelled.
    public func run() async throws {
        let state = self.state
        let siteDirectory = self.siteDirectory
        await server.appendRoute("GET /_atrium/reload") { request in
            let since = Int(request.query.first { $0.name == "since" }?.value ?? "") ?? -1
            let deadline = Date().addingTimeInterval(25)
            while state.generation == since, Date() < deadline {
                try await Task.sleep(nanoseconds: 100_000_000)
            }
            return Self.response(.ok, type: "text/plain; charset=utf-8", body: Data(String(state.generation).utf8))
        }
        await server.appendRoute("GET /_atrium/reload.js") { _ in
            Self.response(.ok, type: "text/javascript; charset=utf-8", body: Data(PreviewPages.reloadScriptSource.utf8))
        }
        await server.appendRoute("GET *") { request in
            // The raw target keeps the trailing slash that `request.path` drops.
            Self.serve(path: request.target.path(percentEncoded: false), siteDirectory: siteDirectory, state: state)
        }
        try await server.run()
    }

    /// Waits until the socket listens, and returns its port (useful with port 0).
    public func waitUntilListening() async throws -> UInt16 {
        try await server.waitUntilListening()
        guard case .ip4(_, let port)? = await server.listeningAddress else {
            throw StartError(description: "the server is not listening on an IPv4 address")
        }
        return port
    }

    public func stop() async {
        await server.stop(timeout: 1)
    }

    // MARK: Files

    /// - Parameter path: the request's path, percent-decoded, with its trailing slash.
    static func serve(path: String, siteDirectory: String, state: PreviewState) -> HTTPResponse {
        let generation = state.generation
        let parts = path.split(separator: "/", omittingEmptySubsequences: true)
        guard !parts.contains(".."), !path.contains("\0") else {
            return response(.badRequest, type: "text/plain; charset=utf-8", body: Data("bad path\n".utf8))
        }
        let relative = parts.joined(separator: "/")
        let isPage = path.hasSuffix("/") || relative.hasSuffix(".html") || !(parts.last ?? "").contains(".")
        if isPage, let failure = state.failure {
            return response(.internalServerError, type: "text/html; charset=utf-8",
                            body: Data(PreviewPages.failurePage(report: failure, generation: generation).utf8))
        }
        var file = siteDirectory + "/" + relative
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: file, isDirectory: &isDirectory), isDirectory.boolValue {
            guard path.hasSuffix("/") || relative.isEmpty else {
                var redirect = response(.movedPermanently, type: "text/plain; charset=utf-8", body: Data())
                redirect.headers[.location] = "/" + relative + "/"
                return redirect
            }
            file += (file.hasSuffix("/") ? "" : "/") + "index.html"
        }
        guard let data = FileManager.default.contents(atPath: file) else {
            let notFound = FileManager.default.contents(atPath: siteDirectory + "/404.html") ?? Data("not found\n".utf8)
            return response(.notFound, type: "text/html; charset=utf-8",
                            body: Data(PreviewPages.injectingReload(into: String(decoding: notFound, as: UTF8.self), generation: generation).utf8))
        }
        let type = contentType(of: file)
        guard type.hasPrefix("text/html") else { return response(.ok, type: type, body: data) }
        return response(.ok, type: type, body: Data(PreviewPages.injectingReload(into: String(decoding: data, as: UTF8.self), generation: generation).utf8))
    }

    static func response(_ status: HTTPStatusCode, type: String, body: Data) -> HTTPResponse {
        var headers = HTTPHeaders()
        headers[.contentType] = type
        // Every reload must fetch what the last rebuild wrote.
        headers[HTTPHeader("Cache-Control")] = "no-store"
        return HTTPResponse(statusCode: status, headers: headers, body: body)
    }

    static func contentType(of file: String) -> String {
        switch (file as NSString).pathExtension.lowercased() {
        case "html": "text/html; charset=utf-8"
        case "css": "text/css; charset=utf-8"
        case "js": "text/javascript; charset=utf-8"
        case "json": "application/json"
        case "xml": "application/xml"
        case "txt", "csv": "text/plain; charset=utf-8"
        case "svg": "image/svg+xml"
        case "png": "image/png"
        case "jpg", "jpeg": "image/jpeg"
        case "gif": "image/gif"
        case "pdf": "application/pdf"
        case "woff2": "font/woff2"
        default: "application/octet-stream"
        }
    }
}
