import Foundation
import TestSupport

/// `atrium.yml` missing, empty, of the wrong shape, or with settings of the wrong type. A
/// configuration with errors is unusable (exit status 2): no product is checked against half a
/// standard, so those cases expect the good product not to compile. Warnings leave it usable.
extension BadInputCatalog {
    static let configuration: [BadInputCase] = [
        BadInputCase(
            category: .configuration, name: "no atrium.yml", removing: ["atrium.yml"],
            expected: [.error("config/invalid", nil, nil, nil, "no `atrium.yml` in")], outcome: .unusable,
            goodProduct: .blocked("there is no configuration")),
        unusable("an empty atrium.yml", "",
                 [.error("config/invalid", "atrium.yml", 1, 1, "`atrium.yml` has no settings: it is empty or holds only comments")]),
        unusable("an atrium.yml of comments only", "# site: {title: Portal}\n# languages: [en]\n",
                 [.error("config/invalid", "atrium.yml", 1, 1, "`atrium.yml` has no settings: it is empty or holds only comments")]),
        unusable("an atrium.yml that is a list", "- site\n- languages\n",
                 [.error("config/invalid", "atrium.yml", 1, 1, "`atrium.yml` must be a mapping of settings")]),
        unusable("languages written as one value, not a list", BadInputFixture.configuration.replacingOccurrences(of: "languages: [en]", with: "languages: en"),
                 [.error("config/invalid", "atrium.yml", 3, 12, "`languages` must be a list").help("write it as `languages: [a, b]`")]),
        unusable("a unit without an id", units + "    - {name: Regional office}\n",
                 [.error("config/invalid", "atrium.yml", 7, 7, "each term of `taxonomies.units` needs an `id`")]),
        unusable("a unit listed twice", units + "    - {id: hq-policy, name: Policy again}\n",
                 [.error("config/invalid", "atrium.yml", 7, 12, "`hq-policy` is listed twice in `taxonomies.units`")]),
        unusable("strategic areas that are not a list", BadInputFixture.configuration + "  strategic_areas: peace-and-security\n",
                 [.error("config/invalid", "atrium.yml", 6, 20, "`taxonomies.strategic_areas` must be a list of terms")]),
        unusable("invalid YAML", "site: {title: Unclosed\nlanguages: [en]\n",
                 [.error("yaml/syntax", "atrium.yml", 2, 10, "did not find expected ',' or '}'")]),
        unusable("a review interval that is not an interval", BadInputFixture.configuration.replacingOccurrences(of: "36 months", with: "sometimes"),
                 [.error("config/invalid", "atrium.yml", 2, 35, "review interval for `practice-note` must look like `24 months`")]),
        unusable("a content folder outside the repository", BadInputFixture.configuration + "content_dir: ../elsewhere\n",
                 [.error("config/invalid", "atrium.yml", 6, 14, "`content_dir` must be a folder inside the repository")]),
        unusable("a rule set to a level that does not exist", BadInputFixture.configuration + "rules: {a11y/link-text: loud}\n",
                 [.error("config/invalid", "atrium.yml", 6, 25, "rule `a11y/link-text` must be set to `error`, `warning` or `off`")]),
        unusable("an alias bomb in atrium.yml", BadInputFixture.configuration + "defaults:\n" + aliasBomb.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n") + "\n",
                 [.error("yaml/too-complex", "atrium.yml", 7, 6, "`atrium.yml` expands to more than 100000 values")]),
        BadInputCase(
            category: .configuration, name: "atrium.yml in Latin-1",
            setup: BadInputFixture.bytes("atrium.yml", Array("site: {title: Portail du caf".utf8) + [0xE9] + Array("}\nlanguages: [fr]\n".utf8)),
            expected: [.error("config/invalid", "atrium.yml", 1, 29, "`atrium.yml` is not UTF-8 text: byte 0xE9 is not valid UTF-8")],
            outcome: .unusable, goodProduct: .blocked("atrium.yml is unusable")),
        BadInputCase(
            category: .configuration, name: "unknown settings are warnings, with the nearest known one",
            files: file("atrium.yml", BadInputFixture.configuration.replacingOccurrences(of: "site: {title: Bad Input Portal}", with: "site: {title: Bad Input Portal, colour: red}")
                + "taxonomie:\n  units: []\n"),
            expected: [.warning("config/invalid", "atrium.yml", 1, 33, "unknown setting `site.colour`").help("known settings here: title, base_url"),
                       .warning("config/invalid", "atrium.yml", 6, 1, "unknown setting `taxonomie`").help("did you mean `taxonomies`?")],
            outcome: .passes),
        BadInputCase(
            category: .configuration, name: "a rule that cannot be switched off",
            files: file("atrium.yml", BadInputFixture.configuration + "rules: {yaml/syntax: off}\n")
                + file(bad, "---\nid: bad\ntitle: Lessons: what worked\n---\n"),
            expected: [.warning("config/invalid", "atrium.yml", 6, 9, "rule `yaml/syntax` cannot be set to `off`"),
                       .error("yaml/syntax", bad, 3, 15, "mapping values are not allowed")],
            outcome: .fails),
    ]

    /// The base configuration with its units as a block list, lines 5 and 6, to add a line 7 to.
    static let units = BadInputFixture.configuration.replacingOccurrences(
        of: "  units: [{id: hq-policy, name: Policy Division}]\n", with: "  units:\n    - {id: hq-policy, name: Policy Division}\n")

    /// A case whose atrium.yml (replaced by `text`) is unusable: exit status 2, nothing compiled.
    static func unusable(_ name: String, _ text: String, _ expected: [ExpectedDiagnostic]) -> BadInputCase {
        BadInputCase(category: .configuration, name: name, files: file("atrium.yml", text), expected: expected, outcome: .unusable,
                     goodProduct: .blocked("atrium.yml is unusable"))
    }
}
