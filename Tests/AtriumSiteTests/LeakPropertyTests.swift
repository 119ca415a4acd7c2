import AtriumCore
import AtriumSite
import Foundation
import Testing
import TestSupport

/// Issue #10: nothing internal reaches the public build. Random repositories (`CanaryRepository`)
/// give every internal or unpublished product a canary word; the public build is scanned byte by
/// byte — every file's contents and every file and folder name, as written and with percent,
/// HTML-entity and JSON escapes decoded, case-insensitively — for any canary and for any git
/// e-mail address. The internal build of the same repository must show every canary, so a
/// generator that forgot to plant them cannot pass unnoticed.
///
/// `ATRIUM_LEAK_SEED` fixes the first seed (each failure prints the seed that reproduces it) and
/// `ATRIUM_LEAK_REPOS` the number of repositories (default 100).
@Suite("the public build leaks nothing (random repositories)")
struct LeakPropertyTests {
    static let environment = ProcessInfo.processInfo.environment
    static let repositoryCount = Int(environment["ATRIUM_LEAK_REPOS"] ?? "") ?? 100
    static let firstSeed = UInt64(environment["ATRIUM_LEAK_SEED"] ?? "") ?? UInt64.random(in: 1...(UInt64.max / 2))

    struct RepositoryResult: Sendable {
        var seed: UInt64
        var findings: [String] = []
        var products = 0
        var hidden = 0
        var files = 0
        /// Seconds spent per phase: generate and commit, check, public build and scan, internal build and scan.
        var seconds: [Double] = [0, 0, 0, 0]
    }

    @Test("no canary of an internal or unpublished product, and no git e-mail address, is in any byte or name of the public build")
    func publicBuildsLeakNothing() {
        let started = Date()
        let seeds = (0..<Self.repositoryCount).map { Self.firstSeed &+ UInt64($0) }
        // Repositories are independent: one per core at a time.
        let results = ParallelMap.map(seeds) { Self.run(seed: $0) }
        for result in results where !result.findings.isEmpty {
            let shown = result.findings.prefix(8).joined(separator: "\n  ")
            Issue.record("""
                seed \(result.seed): \(result.findings.count) finding(s)
                  \(shown)
                reproduce: ATRIUM_LEAK_SEED=\(result.seed) ATRIUM_LEAK_REPOS=1 swift test --filter LeakPropertyTests
                """)
        }
        let products = results.map(\.products).reduce(0, +), hidden = results.map(\.hidden).reduce(0, +)
        let phases = (0..<4).map { phase in results.map { $0.seconds[phase] }.reduce(0, +) }
        print(String(format: "leak property test: %d repositories (seeds %llu…), %d products of which %d hidden, %d public files scanned, in %.1f s "
                     + "(summed over threads: generate and commit %.1f s, check %.1f s, public build and scan %.1f s, internal build and scan %.1f s)",
                     results.count, Self.firstSeed, products, hidden, results.map(\.files).reduce(0, +), Date().timeIntervalSince(started),
                     phases[0], phases[1], phases[2], phases[3]))
        #expect(results.count == Self.repositoryCount)
    }

    @Test("regressions the random repositories found: plan deliveries, autolinks, internal attachments and .mailmap stay out")
    func knownLeaks() throws {
        let header = { (id: String, type: String, audience: String) in
            "---\nid: \(id)\ntitle: Title of \(id)\ntype: \(type)\nsummary: A summary of the product that is long enough.\nowner: hq-policy\n"
                + "date: 2024-03-01\naudience: \(audience)\nstatus: published\nlanguage: en\n"
        }
        let fixture = try FixtureRepository("""
            -- atrium.yml --
            site: {title: Test}
            languages: [en]
            rules: {ref/internal-from-public: warning}
            taxonomies:
              units: [{id: hq-policy, name: Policy}]
              strategic_areas: [{id: peace-and-security, name: Peace}]
            -- .mailmap --
            Zed <zed.secret@example.org> <zed.old@example.org>
            -- content/knowledge-product-plan/kpp-open.md --
            \(header("kpp-open", "knowledge-product-plan", "public"))unit: hq-policy
            year: 2024
            planned:
              - {title: Planned tool, type: programming-tool, strategic_area: peace-and-security, quarter: Q1, delivered_as: tool-zanzibar}
            ---
            See <atrium:tool-zanzibar>, [the data](../attachments/tool-zanzibar/zanzibar.csv) and [the map](../../.mailmap).

            -- content/programming-tool/tool-zanzibar.md --
            \(header("tool-zanzibar", "programming-tool", "internal"))attachments: [content/attachments/tool-zanzibar/zanzibar.csv]
            ---
            Internal.
            -- content/attachments/tool-zanzibar/zanzibar.csv --
            a,b
            """, copyingSchemas: true)
        defer { fixture.remove() }
        try fixture.commitAll(author: "Zed <zed.old@example.org>")
        let now = CalendarDate(iso: "2024-05-01")!
        let outcome = CheckPipeline().run(.init(root: fixture.path, now: now, history: .git(allowShallow: false, useCache: false)))
        #expect(outcome.report.errorCount == 0, "\(outcome.report.diagnostics)")
        let site = fixture.path + "-site"
        defer { try? FileManager.default.removeItem(atPath: site) }
        let sink = DiagnosticSink()
        _ = try PortalBuilder().build(outcome, options: .init(output: site, now: now), sink: sink)
        let page = try String(contentsOfFile: site + "/products/kpp-open/index.html", encoding: .utf8)
        #expect(page.contains("Planned tool") && page.contains("See ,"), "\(page)")
        // Someone who committed to public and internal products in one commit is named on the public
        // product they touched (its history is public), never with an address.
        #expect(page.contains("<dt>Contributors</dt><dd>Zed</dd>"), "\(page)")
        #expect(SiteScanner(site: site, secrets: ["zanzibar", "zed.secret@example.org", "zed.old@example.org"]).findings == [])
        #expect(sink.diagnostics.filter { $0.message.contains("is left out of the site") }.count == 2, "\(sink.diagnostics)")
    }

    @Test("the scanner finds secrets in any case, percent-encoded, as HTML entities, as JSON escapes, and in file names")
    func scannerFindsEncodedForms() throws {
        let site = FileManager.default.temporaryDirectory.appendingPathComponent("atrium-scan-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: site) }
        let files = ["plain.html": "<p>QzSecret1</p>", "entities.html": "<p>&#113;&#x7A;secret2 and &lt;qz&#115;ecret3</p>",
                     "escaped.json": "[\"\\u0071zsecret4\"]", "percent.xml": "<loc>https://x/%71%7Asecret5/</loc>",
                     "dir-qzsecret6/index.html": "nothing", "name-%71zsecret7.txt": "nothing", "clean.html": "<p>qz secret8, qzsecre</p>",
                     "mail.html": "<a>ada&#64;example.org</a>"]
        for (path, text) in files {
            let url = site.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        let secrets = (1...8).map { "qzsecret\($0)" } + ["ada@example.org"]
        let findings = SiteScanner(site: site.path, secrets: secrets).findings
        for secret in secrets where secret != "qzsecret8" {
            #expect(findings.contains { $0.hasPrefix("`\(secret)`") }, "\(secret) not found in \(findings)")
        }
        #expect(!findings.contains { $0.contains("qzsecret8") })
        #expect(findings.count == 9, "\(findings)")  // the folder name counts for the folder and for its file
    }

    /// Generates, checks and builds one repository both ways; returns what leaked.
    static func run(seed: UInt64) -> RepositoryResult {
        var result = RepositoryResult(seed: seed)
        var clock = Date()
        func lap(_ phase: Int) {
            result.seconds[phase] += Date().timeIntervalSince(clock)
            clock = Date()
        }
        let repository: CanaryRepository
        do {
            repository = try CanaryRepository(seed: seed)
        } catch {
            result.findings.append("cannot generate the repository: \(error)")
            return result
        }
        defer { repository.remove() }
        lap(0)
        result.products = repository.items.count
        result.hidden = repository.items.filter(\.hidden).count
        let now = CalendarDate(iso: CanaryRepository.now)!
        let outcome = CheckPipeline().run(.init(root: repository.root.path, now: now, history: .git(allowShallow: false, useCache: false)))
        lap(1)
        let errors = outcome.report.diagnostics.filter { $0.severity == .error }
        guard errors.isEmpty else {
            result.findings += errors.map { "the generator wrote an invalid repository: \($0.span?.file ?? "") \($0.rule.id): \($0.message)" }
            return result
        }
        let output = repository.root.path + ".site"
        defer { try? FileManager.default.removeItem(atPath: output) }
        let secrets = repository.canaries + repository.emails.sorted()
        // The internal build proves the canaries are planted (it must show every one); a fifth of the
        // repositories is enough for that, and it is the slower build.
        for audience in seed % 5 == 0 ? [SiteAudience.public, .internal] : [.public] {
            let folder = output + "/" + audience.rawValue
            do {
                _ = try PortalBuilder().build(outcome, options: .init(output: folder, audience: audience, now: now),
                                              sink: DiagnosticSink(policy: outcome.repository?.configuration.severityPolicy ?? SeverityPolicy()))
            } catch {
                result.findings.append("the \(audience.rawValue) build failed: \(error)")
                return result
            }
            let scan = SiteScanner(site: folder, secrets: secrets)
            if audience == .public {
                result.files = scan.fileCount
                result.findings += scan.findings
                for item in repository.items where !item.hidden
                    && !FileManager.default.fileExists(atPath: folder + "/products/\(item.id)/index.html") {
                    result.findings.append("public product \(item.id) has no page (the generator or the builder is wrong)")
                }
            } else {
                // The canaries really are in the repository: the internal build shows every one.
                let found = Set(scan.findings.compactMap { finding in repository.canaries.first { finding.contains("`\($0)`") } })
                for canary in repository.canaries where !found.contains(canary) {
                    result.findings.append("canary \(canary) is not even in the internal build: the generator did not plant it")
                }
            }
            lap(audience == .public ? 2 : 3)
        }
        return result
    }
}

/// Looks for secrets in every file and every file or folder name of a built site: in the bytes
/// as written and with percent, HTML-entity and JSON `\u` escapes decoded, ignoring case.
struct SiteScanner {
    private(set) var findings: [String] = []
    private(set) var fileCount = 0
    /// Secrets by their first two bytes, so each text is read once whatever the number of secrets.
    private let byPrefix: [UInt16: [(needle: [UInt8], secret: String)]]

    init(site: String, secrets: [String]) {
        var byPrefix: [UInt16: [(needle: [UInt8], secret: String)]] = [:]
        for secret in secrets {
            let needle = Array(secret.lowercased().utf8)
            guard needle.count >= 2 else { continue }
            byPrefix[UInt16(needle[0]) << 8 | UInt16(needle[1]), default: []].append((needle, secret))
        }
        self.byPrefix = byPrefix
        guard let enumerator = FileManager.default.enumerator(atPath: site) else {
            findings.append("cannot read \(site)")
            return
        }
        for case let relative as String in enumerator {
            for secret in search(Data(relative.utf8)) {
                findings.append("`\(secret.secret)`\(secret.escaped ? " (escaped)" : "") in the file name \(relative)")
            }
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: site + "/" + relative, isDirectory: &isDirectory), !isDirectory.boolValue,
                  let data = FileManager.default.contents(atPath: site + "/" + relative) else { continue }
            fileCount += 1
            for secret in search(data) {
                findings.append("`\(secret.secret)`\(secret.escaped ? " (escaped)" : "") in \(relative): …\(secret.context)…")
            }
        }
    }

    /// The secrets in `data`, each once: as written first, else decoded.
    private func search(_ data: Data) -> [(secret: String, escaped: Bool, context: String)] {
        // Lowercasing through the standard library is fast even in a debug build.
        let plain = Array(String(decoding: data, as: UTF8.self).lowercased().utf8)
        var found = matches(in: plain).map { ($0.0, false, $0.1) }
        if plain.contains(where: { $0 == UInt8(ascii: "%") || $0 == UInt8(ascii: "&") || $0 == UInt8(ascii: "\\") }) {
            let seen = Set(found.map(\.0))
            found += matches(in: Self.decoded(plain)).filter { !seen.contains($0.0) }.map { ($0.0, true, $0.1) }
        }
        return found
    }

    private func matches(in bytes: [UInt8]) -> [(String, String)] {
        var found: [(String, String)] = []
        var seen = Set<String>()
        bytes.withUnsafeBufferPointer { buffer in
            guard buffer.count >= 2 else { return }
            for index in 0..<(buffer.count - 1) {
                guard let candidates = byPrefix[UInt16(buffer[index]) << 8 | UInt16(buffer[index + 1])] else { continue }
                for (needle, secret) in candidates where index + needle.count <= buffer.count && !seen.contains(secret)
                    && buffer[index..<(index + needle.count)].elementsEqual(needle) {
                    seen.insert(secret)
                    let lower = max(0, index - 60), upper = min(buffer.count, index + needle.count + 30)
                    found.append((secret, String(decoding: buffer[lower..<upper], as: UTF8.self).replacingOccurrences(of: "\n", with: "⏎")))
                }
            }
        }
        return found
    }

    /// With `%HH`, `&#NN;`, `&#xHH;`, named entities and `\uHHHH` decoded, lowercase.
    static func decoded(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = 0
        func hex(_ byte: UInt8) -> UInt32? {
            switch byte {
            case 0x30...0x39: UInt32(byte - 0x30)
            case 0x61...0x66: UInt32(byte - 0x61 + 10)
            default: nil
            }
        }
        func append(_ value: UInt32) {
            guard let scalar = Unicode.Scalar(value) else { return }
            out += Array(String(Character(scalar)).lowercased().utf8)
        }
        let named: [String: UInt32] = ["amp": 38, "lt": 60, "gt": 62, "quot": 34, "apos": 39, "commat": 64, "period": 46, "hyphen": 45,
                                       "colon": 58, "sol": 47]
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "%"), index + 2 < bytes.count, let high = hex(bytes[index + 1]), let low = hex(bytes[index + 2]) {
                out.append(UInt8(high * 16 + low))
                index += 3
                continue
            }
            if byte == UInt8(ascii: "\\"), index + 5 < bytes.count, bytes[index + 1] == UInt8(ascii: "u") {
                let digits = bytes[(index + 2)...(index + 5)].compactMap(hex)
                if digits.count == 4 {
                    append(digits.reduce(0) { $0 * 16 + $1 })
                    index += 6
                    continue
                }
            }
            if byte == UInt8(ascii: "&"), let end = bytes[index...].prefix(12).firstIndex(of: UInt8(ascii: ";")) {
                let entity = bytes[(index + 1)..<end]
                var value: UInt32?
                if entity.first == UInt8(ascii: "#") {
                    let digits = entity.dropFirst()
                    if digits.first == UInt8(ascii: "x") {
                        value = digits.dropFirst().reduce(UInt32(0)) { partial, digit in hex(digit).map { partial &* 16 &+ $0 } ?? partial }
                    } else {
                        value = UInt32(String(decoding: digits, as: UTF8.self))
                    }
                } else {
                    value = named[String(decoding: entity, as: UTF8.self)]
                }
                if let value {
                    append(value)
                    index = end + 1
                    continue
                }
            }
            out.append(byte)
            index += 1
        }
        return out
    }
}
