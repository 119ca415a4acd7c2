import AtriumCore
import AtriumFreshness
import Foundation

/// Where knowledge is missing: strategic areas by types of support, counting current products.
///
/// A product is *current* when it is published, not overdue for review, and not superseded.
/// Knowledge-product plans and expert profiles are not knowledge on a topic and are not counted.
/// A product counts in every cell its `strategic_areas` × `support_types` name; one that names
/// neither is listed as unclassified rather than dropped. Per region, a product counts in the
/// regions it names and the regions of the countries it names.
///
/// JSON shape (stable): `{"now","thin_threshold","current","unclassified":[ids],"matrices":[{"region",
/// "region_name","strategic_areas":[{"id","name"}],"support_types":[{"id","name"}],"cells":[{"strategic_area",
/// "support_type","count","products":[ids]}]}],"gaps":[{"region","strategic_area","support_type","count","kind"}]}`
/// where `region` is null for the whole organization and `kind` is `empty` or `thin`.
public struct GapReport: Sendable {
    public struct Matrix: Sendable, Hashable {
        /// nil for the whole organization.
        public var region: TaxonomyTerm?
        public var areas: [TaxonomyTerm]
        public var supportTypes: [TaxonomyTerm]
        /// `products[area][support]`: ids of the current products in that cell, sorted.
        public var products: [[[String]]]

        public func count(_ area: Int, _ support: Int) -> Int { products[area][support].count }
        public var maximum: Int { products.flatMap { $0.map(\.count) }.max() ?? 0 }
    }

    public struct Gap: Sendable, Hashable {
        public var region: String?
        public var area: TaxonomyTerm
        public var supportType: TaxonomyTerm
        public var count: Int
        /// `empty` (no current product) or `thin` (at most the threshold).
        public var kind: String
    }

    public var now: CalendarDate
    /// Cells with at least one and at most this many products are thin.
    public var thinThreshold: Int
    public var matrices: [Matrix]
    public var gaps: [Gap]
    /// Ids of the current products counted.
    public var current: [String]
    /// Current products that name no strategic area or no support type.
    public var unclassified: [String]

    /// Types that are not knowledge on a topic.
    public static let uncountedTypes: Set<String> = ["knowledge-product-plan", "expert-profile"]

    public static func isCurrent(_ product: Product, freshness: ProductFreshness?) -> Bool {
        guard product.status == "published", product.frontMatter["superseded_by"] == nil,
              !uncountedTypes.contains(product.type ?? "") else { return false }
        return freshness?.assessment.state != .overdue
    }

    public init(products: [Product], freshness: [ProductFreshness], configuration: Configuration, now: CalendarDate,
                thinThreshold: Int = 1, byRegion: Bool = false, owner: String? = nil) {
        self.now = now
        self.thinThreshold = thinThreshold
        let freshnessByPath = Dictionary(freshness.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
        let counted = products.filter { product in
            (owner == nil || product.owner == owner) && Self.isCurrent(product, freshness: freshnessByPath[product.path])
        }.sorted { $0.id < $1.id }
        current = counted.map(\.id)
        let taxonomies = configuration.taxonomies
        let regionOfCountry = Dictionary(taxonomies.countries.compactMap { term in term.region.map { (term.id, $0) } },
                                         uniquingKeysWith: { first, _ in first })
        func terms(_ field: String, of product: Product) -> Set<String> {
            Set((product.frontMatter[field]?.elements ?? []).compactMap(\.text))
        }
        // Each product's terms are read once; the matrices are then filled product by product.
        let classified = counted.map { product in
            (id: product.id, areas: terms("strategic_areas", of: product), supports: terms("support_types", of: product),
             regions: terms("regions", of: product).union(terms("countries", of: product).compactMap { regionOfCountry[$0] }))
        }
        unclassified = classified.filter { $0.areas.isEmpty || $0.supports.isEmpty }.map(\.id)
        let rows = Dictionary(grouping: taxonomies.strategicAreas.indices, by: { taxonomies.strategicAreas[$0].id })
        let columns = Dictionary(grouping: taxonomies.supportTypes.indices, by: { taxonomies.supportTypes[$0].id })
        func matrix(region: TaxonomyTerm?) -> Matrix {
            var products = Array(repeating: Array(repeating: [String](), count: taxonomies.supportTypes.count),
                                 count: taxonomies.strategicAreas.count)
            // Products come sorted by id, so every cell's list is too.
            for item in classified where region.map({ item.regions.contains($0.id) }) ?? true {
                for row in item.areas.flatMap({ rows[$0] ?? [] }) {
                    for column in item.supports.flatMap({ columns[$0] ?? [] }) { products[row][column].append(item.id) }
                }
            }
            return Matrix(region: region, areas: taxonomies.strategicAreas, supportTypes: taxonomies.supportTypes, products: products)
        }
        matrices = [matrix(region: nil)] + (byRegion ? taxonomies.regions.map { matrix(region: $0) } : [])
        gaps = matrices.flatMap { matrix in
            matrix.areas.indices.flatMap { area in
                matrix.supportTypes.indices.compactMap { support -> Gap? in
                    let count = matrix.count(area, support)
                    guard count <= thinThreshold else { return nil }
                    return Gap(region: matrix.region?.id, area: matrix.areas[area], supportType: matrix.supportTypes[support],
                               count: count, kind: count == 0 ? "empty" : "thin")
                }
            }
        }
    }

    public func json() -> String {
        ReportText.json([
            "now": now.description,
            "thin_threshold": thinThreshold,
            "current": current,
            "unclassified": unclassified,
            "matrices": matrices.map { matrix -> [String: Any] in
                [
                    "region": matrix.region?.id ?? NSNull(), "region_name": matrix.region?.name ?? NSNull(),
                    "strategic_areas": matrix.areas.map { ["id": $0.id, "name": $0.name] },
                    "support_types": matrix.supportTypes.map { ["id": $0.id, "name": $0.name] },
                    "cells": matrix.areas.indices.flatMap { area in
                        matrix.supportTypes.indices.map { support -> [String: Any] in
                            ["strategic_area": matrix.areas[area].id, "support_type": matrix.supportTypes[support].id,
                             "count": matrix.count(area, support), "products": matrix.products[area][support]]
                        }
                    },
                ]
            },
            "gaps": gaps.map { gap -> [String: Any] in
                ["region": gap.region ?? NSNull(), "strategic_area": gap.area.id, "support_type": gap.supportType.id,
                 "count": gap.count, "kind": gap.kind]
            },
        ])
    }

    /// The matrix as a table: one row per strategic area, one column per support type.
    public func table(_ matrix: Matrix) -> ReportTable {
        ReportTable(columns: ["strategic area"] + matrix.supportTypes.map(\.id),
                    rows: matrix.areas.indices.map { area in
                        [matrix.areas[area].id] + matrix.supportTypes.indices.map { String(matrix.count(area, $0)) }
                    })
    }

    public var gapTable: ReportTable {
        ReportTable(columns: ["region", "strategic area", "support type", "current products", "gap"],
                    rows: gaps.map { [$0.region ?? "all", $0.area.id, $0.supportType.id, String($0.count), $0.kind] })
    }

    /// Every cell of every matrix, one row each: the CSV form.
    public var cellTable: ReportTable {
        ReportTable(columns: ["region", "strategic_area", "support_type", "count", "gap", "products"],
                    rows: matrices.flatMap { matrix in
                        matrix.areas.indices.flatMap { area in
                            matrix.supportTypes.indices.map { support in
                                let count = matrix.count(area, support)
                                return [matrix.region?.id ?? "", matrix.areas[area].id, matrix.supportTypes[support].id, String(count),
                                        count == 0 ? "empty" : count <= thinThreshold ? "thin" : "",
                                        matrix.products[area][support].joined(separator: " ")]
                            }
                        }
                    })
    }

    public func text(markdown: Bool) -> String {
        let empty = gaps.count { $0.kind == "empty" }, thin = gaps.count { $0.kind == "thin" }
        let headline = "\(current.count) current products; \(empty) empty and \(thin) thin cells (at most \(thinThreshold))"
        var out = markdown ? "# Knowledge gaps (\(now))\n\n\(headline).\n" : "Knowledge gaps on \(now): \(headline)\n"
        for matrix in matrices {
            let title = matrix.region.map { "Region: \($0.name)" } ?? "Whole organization"
            out += markdown ? "\n## \(title)\n\n" + table(matrix).markdown() : "\n\(title)\n" + table(matrix).aligned()
        }
        if !unclassified.isEmpty {
            out += "\nUnclassified (no strategic area or support type): \(unclassified.joined(separator: ", "))\n"
        }
        out += markdown ? "\n## Gaps\n\n" + gapTable.markdown() : "\nGaps\n" + gapTable.aligned()
        return out
    }
}
