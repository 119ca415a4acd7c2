import AtriumCore
import AtriumFreshness
import AtriumGit
import AtriumInsights
import Foundation

/// The dashboards: freshness per unit and knowledge gaps in every build; lessons applied, plans
/// and the expertise directory in the internal build only. Every figure is computed from the
/// products this audience gets, so a public page never counts an internal product.
extension PortalBuilder {
    /// Dashboards and whether the public may see them.
    static let insightPages: [(template: String, title: String, lead: String, isPublic: Bool)] = [
        ("freshness", "Freshness", "How many products each unit keeps current, due for review soon, or overdue.", true),
        ("gaps", "Knowledge gaps", "Strategic areas by type of support: where current products are missing or few.", true),
        ("lessons", "Lessons applied", "Recommendations from lessons learned, and how many each unit has implemented.", false),
        ("plans", "Knowledge product plans", "What each unit planned to publish, and what it delivered.", false),
        ("experts", "Expertise directory", "Who knows what: expert profiles, authors and contributors.", false),
    ]

    func insightPages(_ context: SiteContext, history: HistoryStage.Output?, templates: TemplateSet, sink: DiagnosticSink) -> [RenderedPage] {
        let views = InsightViews(context: context)
        var pages: [RenderedPage] = []
        var available: [[String: Any]] = []
        for page in Self.insightPages where page.isPublic || context.audience == .internal {
            guard templates.has(page.template) else {
                sink.report(Diagnostic(
                    rule: .templateMissing, severity: .warning,
                    message: "the portal has no \(page.title.lowercased()) page: the templates have no `\(page.template).mustache`",
                    span: nil, help: "copy `templates/\(page.template).mustache` from Atrium's own site-template/ folder"))
                continue
            }
            let url = page.template + "/"
            let model: [String: Any] = switch page.template {
            case "freshness": views.freshness()
            case "gaps": views.gaps()
            case "lessons": views.lessons()
            case "plans": views.plans()
            default: views.experts(history?.histories ?? [:])
            }
            pages.append(RenderedPage(template: page.template, url: url, model: frame(
                context, kind: page.template, url: url, title: page.title, description: page.lead,
                extra: ["dashboard": model.merging(["title": page.title, "lead": page.lead]) { own, _ in own }])))
            available.append(["title": page.title, "lead": page.lead, "url": url, "isInternal": !page.isPublic])
        }
        if templates.has("insights") {
            pages.append(RenderedPage(template: "insights", url: "insights/", model: frame(
                context, kind: "insights", url: "insights/", title: "Insights",
                description: "Dashboards on the state of the organization's knowledge", extra: ["dashboards": available])))
        }
        return pages
    }
}

/// View models of the dashboards.
struct InsightViews {
    let context: SiteContext
    /// The terms with a listing page in this build, per taxonomy: read once, not per link.
    let listed: [TaxonomyKind: Set<String>]

    init(context: SiteContext) {
        self.context = context
        var listed: [TaxonomyKind: Set<String>] = [:]
        for product in context.products {
            for kind in [TaxonomyKind.unit, .area, .support] { listed[kind, default: []].formUnion(context.terms(kind, of: product)) }
        }
        self.listed = listed
    }

    func unit(_ id: String?) -> [String: Any] {
        guard let id else { return ["label": "No owner", "url": Absent(like: "")] }
        return ["label": context.label(.unit, id), "url": urlIfListed(.unit, id)]
    }

    func productLink(_ id: String) -> [String: Any] {
        guard let product = context.productsByID[id] else { return ["title": id, "url": Absent(like: "")] }
        return ["title": product.title ?? id, "url": context.url(of: product)]
    }

    // MARK: Freshness

    /// Products by review state per owning unit, as an inline SVG bar chart and a table.
    func freshness() -> [String: Any] {
        let states = FreshnessState.allCases
        var byUnit: [String: [FreshnessState: Int]] = [:]
        for product in context.products {
            let state = context.freshnessByPath[product.path]?.assessment.state ?? .current
            byUnit[product.owner ?? "", default: [:]][state, default: 0] += 1
        }
        let units = byUnit.keys.sorted { (context.label(.unit, $0), $0) < (context.label(.unit, $1), $1) }
        let maximum = max(1, byUnit.values.map { $0.values.reduce(0, +) }.max() ?? 1)
        let (labelWidth, barWidth, rowHeight) = (Self.labelWidth(units.map { context.label(.unit, $0) }), 420.0, 30.0)
        let rows = units.enumerated().map { index, owner -> [String: Any] in
            let counts = byUnit[owner] ?? [:]
            var x = labelWidth
            let segments = states.compactMap { state -> [String: Any]? in
                let count = counts[state] ?? 0
                guard count > 0 else { return nil }
                let width = barWidth * Double(count) / Double(maximum)
                defer { x += width }
                return ["state": state.rawValue, "label": FreshnessText.label(state), "count": count,
                        "x": Self.number(x), "width": Self.number(width)]
            }
            let total = counts.values.reduce(0, +)
            let y = Double(index) * rowHeight
            return [
                "unit": unit(owner.isEmpty ? nil : owner), "total": total, "segments": segments,
                "y": Self.number(y + 6), "textY": Self.number(y + 20), "totalX": Self.number(x + 6),
                "counts": states.map { ["count": counts[$0] ?? 0] },
            ]
        }
        let totals = states.map { state in
            ["state": state.rawValue, "label": FreshnessText.label(state),
             "count": byUnit.values.reduce(0) { $0 + ($1[state] ?? 0) }] as [String: Any]
        }
        let overdue = context.products.filter { context.freshnessByPath[$0.path]?.assessment.state == .overdue }
            .sorted { (context.freshnessByPath[$0.path]?.assessment.due?.description ?? "", $0.id) < (context.freshnessByPath[$1.path]?.assessment.due?.description ?? "", $1.id) }
        return [
            "states": totals,
            "productCount": context.products.count,
            "chart": ["width": Self.number(labelWidth + barWidth + 50), "height": Self.number(Double(max(1, rows.count)) * rowHeight + 6),
                      "labelX": Self.number(labelWidth - 8), "rows": rows] as [String: Any],
            "overdue": overdue.map { product -> [String: Any] in
                let record = context.freshnessByPath[product.path]
                return ["title": product.title ?? product.id, "url": context.url(of: product), "unit": unit(product.owner),
                        "due": record?.assessment.due?.description ?? "", "dueDisplay": record?.assessment.due.map(DateText.display) ?? ""]
            },
            "hasOverdue": !overdue.isEmpty,
        ]
    }

    // MARK: Gaps

    func gaps() -> [String: Any] {
        let report = GapReport(products: context.products, freshness: Array(context.freshnessByPath.values),
                               configuration: context.configuration, now: context.now, thinThreshold: 1, byRegion: true)
        let matrices = report.matrices.filter { matrix in matrix.region == nil || matrix.maximum > 0 }.map { matrix -> [String: Any] in
            let maximum = max(1, matrix.maximum)
            let key = matrix.region?.id ?? "all"
            return [
                "key": key,
                "title": matrix.region.map { "Region: \($0.name)" } ?? "Whole organization",
                "supportTypes": matrix.supportTypes.map { ["label": $0.name, "url": urlIfListed(.support, $0.id)] },
                "rows": matrix.areas.indices.map { area -> [String: Any] in
                    [
                        "label": matrix.areas[area].name, "url": urlIfListed(.area, matrix.areas[area].id),
                        "cells": matrix.supportTypes.indices.map { support -> [String: Any] in
                            let count = matrix.count(area, support)
                            let level = count == 0 ? 0 : 1 + min(3, (count - 1) * 4 / maximum)
                            let titles = matrix.products[area][support].compactMap { context.productsByID[$0]?.title }
                            return ["count": count, "level": level, "isGap": count == 0, "isThin": count == 1,
                                    "description": "\(matrix.areas[area].name), \(matrix.supportTypes[support].name): "
                                        + (count == 0 ? "no current product (gap)" : "\(count) current product\(count == 1 ? "" : "s"): " + titles.joined(separator: "; "))]
                        },
                    ]
                },
            ]
        }
        let empty = report.gaps.filter { $0.region == nil && $0.kind == "empty" }
        return [
            "currentCount": report.current.count,
            "matrices": matrices,
            "emptyCount": empty.count,
            "gaps": empty.map { ["area": $0.area.name, "supportType": $0.supportType.name] },
            "hasGaps": !empty.isEmpty,
            "unclassified": report.unclassified.map(productLink),
            "hasUnclassified": !report.unclassified.isEmpty,
        ]
    }

    private func urlIfListed(_ kind: TaxonomyKind, _ term: String) -> Any {
        listed[kind]?.contains(term) == true ? context.url(of: kind, term: term) as Any : Absent(like: "")
    }

    // MARK: Lessons (internal)

    func lessons() -> [String: Any] {
        let report = LessonsReport(products: context.products, configuration: context.configuration, now: context.now)
        let (labelWidth, barWidth, rowHeight) = (Self.labelWidth(report.units.map { context.label(.unit, $0.unit ?? "No owner") }), 360.0, 30.0)
        let rows = report.units.enumerated().map { index, counts -> [String: Any] in
            let rate = counts.appliedRate ?? 0
            let y = Double(index) * rowHeight
            return [
                "unit": unit(counts.unit), "total": counts.total, "implemented": counts.implemented, "open": counts.open,
                "inProgress": counts.inProgress, "notAccepted": counts.notAccepted, "overdue": counts.overdue,
                "rate": ReportText.percent(counts.appliedRate),
                "y": Self.number(y + 6), "textY": Self.number(y + 20), "width": Self.number(barWidth * rate),
                "rateX": Self.number(labelWidth + barWidth * rate + 6),
            ]
        }
        let overdue = report.recommendations.filter { $0.daysOverdue != nil }
        return [
            "totals": ["total": report.totals.total, "implemented": report.totals.implemented, "overdue": report.totals.overdue,
                       "rate": ReportText.percent(report.totals.appliedRate)] as [String: Any],
            "chart": ["width": Self.number(labelWidth + barWidth + 60), "height": Self.number(Double(max(1, rows.count)) * rowHeight + 6),
                      "labelX": Self.number(labelWidth - 8), "barX": Self.number(labelWidth), "barWidth": Self.number(barWidth),
                      "rows": rows] as [String: Any],
            "units": rows,
            "overdue": overdue.map { item -> [String: Any] in
                ["product": productLink(item.product), "id": item.id, "text": item.text, "owner": unit(item.owner),
                 "due": item.due?.description ?? "", "dueDisplay": item.due.map(DateText.display) ?? "", "days": item.daysOverdue ?? 0,
                 "status": item.status]
            },
            "hasOverdue": !overdue.isEmpty,
        ]
    }

    // MARK: Plans (internal)

    func plans() -> [String: Any] {
        let report = PlanReport(products: context.products, now: context.now)
        let labels: [PlanReport.State: String] = [.delivered: "Delivered", .deliveredLate: "Delivered late", .planned: "Planned",
                                                  .late: "Late", .unresolved: "Unknown product"]
        return [
            "units": report.units.map { row -> [String: Any] in
                ["unit": unit(row.unit), "year": row.year, "planned": row.planned, "delivered": row.delivered,
                 "deliveredLate": row.deliveredLate, "undelivered": row.undelivered, "late": row.late]
            },
            "items": report.items.map { item -> [String: Any] in
                [
                    "unit": unit(item.unit), "year": item.year, "quarter": item.quarter, "title": item.title,
                    "typeLabel": SiteContext.typeLabel(item.type), "state": item.state.rawValue, "stateLabel": labels[item.state] ?? "",
                    "plan": productLink(item.plan),
                    "delivered": item.deliveredAs.map { productLink($0) as Any } ?? Absent(like: productLink("")),
                    "suggestion": item.suggestion.map { productLink($0.id) as Any } ?? Absent(like: productLink("")),
                ]
            },
            "hasItems": !report.items.isEmpty,
        ]
    }

    // MARK: Experts (internal)

    func experts(_ histories: [String: FileHistory]) -> [String: Any] {
        let directory = ExpertDirectory(products: context.products, histories: histories)
        let people = directory.experts.map { expert -> [String: Any] in
            let products = (expert.authored + expert.contributed).map(productLink)
            return [
                "name": expert.name,
                "unit": expert.unit.map { unit($0) as Any } ?? Absent(like: unit("")),
                "profile": expert.profile.map { productLink($0) as Any } ?? Absent(like: productLink("")),
                "expertise": expert.expertise.isEmpty ? Absent(like: "") as Any : expert.expertise.map { context.taxonomies[.area]?[$0]?.name ?? $0 }.joined(separator: "; "),
                "areas": Self.marked(expert.areas.map { ["label": context.label(.area, $0), "url": urlIfListed(.area, $0)] }),
                "hasAreas": !expert.areas.isEmpty,
                "products": Self.marked(Array(products.prefix(8))),
                "hasProducts": !products.isEmpty,
                "moreProducts": products.count > 8 ? "and \(products.count - 8) more" as Any : Absent(),
                "lastActivity": expert.lastActivity?.description ?? "",
                "lastActivityDisplay": expert.lastActivity.map(DateText.display) ?? "",
                "contact": expert.contact ?? expert.emails.first ?? "",
                "hasContact": expert.contact != nil || !expert.emails.isEmpty,
                "sources": expert.sources.joined(separator: ", "),
            ]
        }
        return ["people": people, "count": people.count]
    }

    /// Each item with `last` set on the final one, for separators.
    static func marked(_ items: [[String: Any]]) -> [[String: Any]] {
        items.enumerated().map { index, item in item.merging(["last": index == items.count - 1]) { _, new in new } }
    }

    /// Room for the longest label at the charts' 13 px type (about 7 px a character), within bounds.
    static func labelWidth(_ labels: [String]) -> Double {
        min(380, max(120, Double(labels.map(\.count).max() ?? 0) * 7 + 16))
    }

    /// Coordinates without float noise, so output is stable.
    static func number(_ value: Double) -> String {
        String(format: "%.1f", value)
    }
}
