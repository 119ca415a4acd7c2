import AtriumCore
import Foundation
import Testing

@Suite("Diagnostic output formats")
struct DiagnosticFormatterTests {
    static let source = SourceText(path: "content/a.md", text: "---\ntitle: A title\nstatus: publshed\n---\n")
    static let report = DiagnosticReport(diagnostics: [
        Diagnostic(rule: .schema("enum"), message: "`status` must be one of draft, published — got `publshed`",
                   span: SourceSpan(file: "content/a.md", line: 3, column: 9, length: 8), help: "did you mean `published`?"),
        Diagnostic(rule: .encodingBOM, message: "file starts with a BOM, 100%", span: SourceSpan(file: "content/b,c.md", line: 1, column: 1)),
    ], productCount: 2)

    @Test("text: location line, quoted source, caret under the span, help")
    func text() {
        let output = TextDiagnosticFormatter(sources: { $0 == "content/a.md" ? Self.source : nil }, colored: false).format(Self.report)
        let lines = output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines[0] == "content/a.md:3:9: error[schema/enum]: `status` must be one of draft, published — got `publshed`")
        #expect(lines[1] == "  |")
        #expect(lines[2] == "3 | status: publshed")
        #expect(lines[3] == "  |         ^^^^^^^^")
        #expect(lines[4] == "   = help: did you mean `published`?")
        #expect(output.hasSuffix("check failed: 2 products, 1 error, 1 warning\n"))
        #expect(!output.contains("\u{1B}["))
    }

    @Test("text: colour only when asked")
    func colour() {
        let output = TextDiagnosticFormatter(sources: { _ in nil }, colored: true).format(Self.report)
        #expect(output.contains("\u{1B}[31;1m"))
    }

    @Test("json: the documented shape")
    func json() throws {
        let output = JSONDiagnosticFormatter().format(Self.report)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
        let diagnostics = try #require(object["diagnostics"] as? [[String: Any]])
        #expect(diagnostics.count == 2)
        let first = diagnostics[0]
        #expect(first["file"] as? String == "content/a.md")
        #expect(first["line"] as? Int == 3)
        #expect(first["column"] as? Int == 9)
        #expect(first["endLine"] as? Int == 3)
        #expect(first["endColumn"] as? Int == 17)
        #expect(first["severity"] as? String == "error")
        #expect(first["rule"] as? String == "schema/enum")
        #expect(first["help"] as? String == "did you mean `published`?")
        #expect(diagnostics[1]["help"] is NSNull)
        let summary = try #require(object["summary"] as? [String: Int])
        #expect(summary == ["products": 2, "errors": 1, "warnings": 1])
    }

    @Test("github: workflow commands with escaped properties and data")
    func github() {
        let output = GitHubDiagnosticFormatter().format(Self.report)
        let lines = output.split(separator: "\n").map(String.init)
        #expect(lines[0] == "::error file=content/a.md,line=3,col=9,endLine=3,endColumn=17,title=atrium schema/enum::`status` must be one of draft, published — got `publshed`%0Ahelp: did you mean `published`?")
        #expect(lines[1] == "::warning file=content/b%2Cc.md,line=1,col=1,endLine=1,endColumn=2,title=atrium encoding/bom::file starts with a BOM, 100%25")
    }

    @Test("sarif: 2.1.0 structure with rules, levels and regions")
    func sarif() throws {
        let output = SARIFDiagnosticFormatter(toolVersion: "1.2.3").format(Self.report)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
        #expect(object["version"] as? String == "2.1.0")
        let run = try #require((object["runs"] as? [[String: Any]])?.first)
        let driver = try #require((run["tool"] as? [String: Any])?["driver"] as? [String: Any])
        #expect(driver["name"] as? String == "atrium")
        let rules = try #require(driver["rules"] as? [[String: Any]])
        let results = try #require(run["results"] as? [[String: Any]])
        #expect(results.count == 2)
        let first = results[0]
        #expect(first["ruleId"] as? String == "schema/enum")
        #expect(first["level"] as? String == "error")
        let index = try #require(first["ruleIndex"] as? Int)
        #expect(rules[index]["id"] as? String == "schema/enum")
        let location = try #require((first["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])
        let artifact = try #require(location["artifactLocation"] as? [String: Any])
        #expect(artifact["uri"] as? String == "content/a.md")
        #expect(artifact["uriBaseId"] as? String == "%SRCROOT%")
        let region = try #require(location["region"] as? [String: Int])
        #expect(region == ["startLine": 3, "startColumn": 9, "endLine": 3, "endColumn": 17])
        #expect(results[1]["level"] as? String == "warning")
    }
}
