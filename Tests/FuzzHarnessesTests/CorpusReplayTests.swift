import Foundation
import FuzzHarnesses
import Testing

/// Every input the fuzzers kept (`Fuzz/corpus/NAME`) and every crash they found (`Fuzz/crashes/NAME`)
/// goes through the same entry point and checks as under libFuzzer, in the ordinary test run.
@Suite("fuzz corpus replay")
struct CorpusReplayTests {
    static let names = FuzzHarnesses.all.map { $0.name }

    @Test("kept inputs and crash reproducers give sensible output", arguments: names)
    func replay(_ name: String) throws {
        let harness = try #require(FuzzHarnesses.all.first { $0.name == name })
        let corpus = Self.inputs(in: PackageLocation.fuzzFolder("corpus", name))
        let crashes = Self.inputs(in: PackageLocation.fuzzFolder("crashes", name))
        #expect(!corpus.isEmpty, "Fuzz/corpus/\(name) holds no inputs; run Fuzz/run.sh --merge \(name)")
        for file in corpus + crashes {
            let problems = harness.check(Array(try Data(contentsOf: file)))
            #expect(problems.isEmpty, "\(file.lastPathComponent): \(problems.joined(separator: "; "))")
        }
    }

    @Test("bad front matter is reported, not swallowed")
    func frontMatterDiagnostics() {
        // Replaying only checks that nothing is wrong; these check that something is said.
        for text in ["---\ntitle: [unclosed\n---\n", "---\n\ttitle: x\n---\n", "---\ntitle: a\n", "title: x\n"] {
            #expect(FrontMatterHarness.check(Array(text.utf8)).isEmpty)
            #expect(FrontMatterHarness.diagnostics(for: Array(text.utf8)).contains { $0.hasPrefix("error") }, "\(text)")
        }
    }

    @Test("every fixed schema is reachable by the validate fuzzer's selector byte")
    func schemaSelectors() {
        #expect(SchemaValidateHarness.schemaNames.count >= 16)
        #expect(SchemaValidateHarness.schemaNames.contains("meta-schema"))
        // Each selector validates something without error.
        for selector in SchemaValidateHarness.schemaNames.indices {
            #expect(SchemaValidateHarness.check([UInt8(selector)] + Array("{\"a\": [1, 2.5, null]}".utf8)).isEmpty)
        }
    }

    /// The regular files of a folder, sorted; none when the folder does not exist.
    static func inputs(in folder: URL) -> [URL] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { !$0.hasPrefix(".") }.sorted().map { folder.appendingPathComponent($0) }
    }
}
