import Foundation

/// SARIF 2.1.0, the format code-scanning services ingest (GitHub's `upload-sarif`, for one).
/// Paths are relative to `%SRCROOT%`, the repository root; columns count Unicode code points.
public struct SARIFDiagnosticFormatter: DiagnosticFormatter {
    private let toolVersion: String
    private let informationURI: String

    public init(toolVersion: String, informationURI: String = "https://github.com/atrium-km/atrium") {
        self.toolVersion = toolVersion
        self.informationURI = informationURI
    }

    public func format(_ report: DiagnosticReport) -> String {
        // Rules: the fixed catalog plus every schema keyword rule that fired, in a stable order.
        var rules = RuleID.catalog
        for diagnostic in report.diagnostics where !rules.contains(diagnostic.rule) {
            rules.append(diagnostic.rule)
        }
        let ruleIndex = Dictionary(uniqueKeysWithValues: rules.enumerated().map { ($1.id, $0) })

        let results: [[String: Any]] = report.diagnostics.map { diagnostic in
            var text = diagnostic.message
            if let help = diagnostic.help { text += "\nhelp: \(help)" }
            var result: [String: Any] = [
                "ruleId": diagnostic.rule.id,
                "ruleIndex": ruleIndex[diagnostic.rule.id] ?? 0,
                "level": level(diagnostic.severity),
                "message": ["text": text],
            ]
            if let span = diagnostic.span {
                var region: [String: Any] = ["startLine": max(1, span.start.line), "startColumn": max(1, span.start.column)]
                if span.end > span.start {
                    region["endLine"] = max(1, span.end.line)
                    region["endColumn"] = max(1, span.end.column)
                }
                result["locations"] = [[
                    "physicalLocation": [
                        "artifactLocation": ["uri": uriReference(span.file), "uriBaseId": "%SRCROOT%"],
                        "region": region,
                    ] as [String: Any],
                ]]
                result["partialFingerprints"] = ["atriumRuleAndLine/v1": "\(diagnostic.rule.id):\(span.file):\(span.start.line)"]
            }
            return result
        }

        let document: [String: Any] = [
            "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
            "version": "2.1.0",
            "runs": [[
                "tool": [
                    "driver": [
                        "name": "atrium",
                        "version": toolVersion,
                        "semanticVersion": toolVersion,
                        "informationUri": informationURI,
                        "rules": rules.map(ruleDescriptor),
                    ] as [String: Any],
                ],
                "columnKind": "unicodeCodePoints",
                "results": results,
            ] as [String: Any]],
        ]
        let data = (try? JSONSerialization.data(withJSONObject: document, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    private func ruleDescriptor(_ rule: RuleID) -> [String: Any] {
        [
            "id": rule.id,
            "name": rule.id.split(whereSeparator: { $0 == "/" || $0 == "-" })
                .map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined(),
            "shortDescription": ["text": rule.summary],
            "fullDescription": ["text": rule.explanation],
            "help": ["text": rule.explanation],
            "defaultConfiguration": ["level": level(rule.defaultSeverity)],
        ]
    }

    private func level(_ severity: Severity) -> String {
        switch severity {
        case .error: "error"
        case .warning: "warning"
        case .note: "note"
        }
    }

    /// A relative URI reference: each path segment percent-encoded, separators kept.
    private func uriReference(_ path: String) -> String {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: ";?#%")
        return path.split(separator: "/", omittingEmptySubsequences: false)
            .map { $0.addingPercentEncoding(withAllowedCharacters: allowed) ?? String($0) }
            .joined(separator: "/")
    }
}
