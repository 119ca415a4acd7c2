import Foundation
import Testing
import TestSupport

@Suite("atrium explain (binary)")
struct ExplainCommandTests {
    @Test("a rule's explanation, and the list of rules")
    func explain() throws {
        let one = try PackagePaths.atrium(["explain", "freshness/overdue"])
        #expect(one.status == 0)
        #expect(one.standardOutput.hasPrefix("freshness/overdue — a product is past its review date\n[default severity: warning (configurable)]"))
        #expect(one.standardOutput.contains("last_reviewed"))
        let schema = try PackagePaths.atrium(["explain", "schema/enum"])
        #expect(schema.standardOutput.contains("`enum` constraint"))
        let list = try PackagePaths.atrium(["explain"])
        for rule in ["yaml/syntax", "git/shallow", "taxonomy/unknown", "encoding/bom"] {
            #expect(list.standardOutput.contains(rule))
        }
        let unknown = try PackagePaths.atrium(["explain", "taxonomy/unknwn"])
        #expect(unknown.status == 2)
        #expect(unknown.standardError.contains("did you mean `taxonomy/unknown`?"))
    }
}
