// swift-tools-version:6.0
// Atrium: a compiler for git-backed knowledge repositories.
// The target list is the pipeline: load → parse → validate → history → render → emit.
import PackageDescription

let package = Package(
    name: "Atrium",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "atrium", targets: ["atrium"]),
        .library(name: "JSONSchema", targets: ["JSONSchema"]),
    ],
    dependencies: [
        // YAML with line/column marks for every node: front matter and atrium.yml.
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        // The command line: subcommands, help, completion scripts.
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        // Logic-less templates with partials and inheritance, so an organization restyles the portal
        // by editing site-template/ alone; it renders from plain dictionaries without reflection.
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        // The local preview server of `atrium serve`: a small HTTP server on Swift concurrency and
        // plain BSD sockets, without SwiftNIO's build time.
        .package(url: "https://github.com/swhitty/FlyingFox", from: "0.27.1"),
    ],
    targets: [
        // System libraries, each wrapped by exactly one Swift target.
        .systemLibrary(
            name: "CGit2", path: "Sources/CGit2", pkgConfig: "libgit2",
            providers: [.apt(["libgit2-dev"])]),
        // zlib, for reading pack files directly (`ObjectStore`); libgit2 links it too.
        .systemLibrary(name: "CZlib", path: "Sources/CZlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(
            name: "CCmarkGFM", path: "Sources/CCmarkGFM",
            providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]),

        // A draft 2020-12 validator with no dependency on the rest of Atrium.
        .target(name: "JSONSchema", exclude: ["README.md"]),
        // Prints compile and validation figures for a realistic schema: `swift run -c release jsonschema-bench`.
        .executableTarget(name: "jsonschema-bench", dependencies: ["JSONSchema"], path: "Benchmarks/jsonschema-bench"),

        // Diagnostics, source spans, configuration and product model: what every stage shares.
        .target(name: "AtriumCore"),
        // The only importer of libgit2 (and of zlib, for pack files).
        .target(name: "AtriumGit", dependencies: ["AtriumCore", "CGit2", "CZlib"]),
        // Loading the repository: files, front matter (the only importer of Yams), Markdown (the only importer of cmark-gfm).
        .target(name: "AtriumContent", dependencies: ["AtriumCore", "CCmarkGFM", .product(name: "Yams", package: "Yams")]),
        // Pure freshness: (dates, policy, now) → state.
        .target(name: "AtriumFreshness", dependencies: ["AtriumCore"]),
        // Pure answers from products and their histories: lessons applied, knowledge gaps, plans, experts.
        .target(name: "AtriumInsights", dependencies: ["AtriumCore", "AtriumFreshness"]),
        // Schemas per type and repository rules.
        .target(name: "AtriumValidation", dependencies: ["AtriumCore", "AtriumContent", "JSONSchema"]),
        // The pipeline: named, timed stages.
        .target(name: "AtriumSite", dependencies: [
            "AtriumCore", "AtriumContent", "AtriumValidation", "AtriumGit", "AtriumFreshness", "AtriumInsights",
            .product(name: "Mustache", package: "swift-mustache"),
        ]),
        // Writing products and repositories: `atrium new`, `atrium init`, `atrium schema export`.
        .target(name: "AtriumAuthoring", dependencies: ["AtriumCore", "AtriumContent", "AtriumValidation", "AtriumGit", "JSONSchema"]),
        // `atrium serve`: rebuild on change, serve on loopback, reload the browser (the only importer of FlyingFox).
        .target(name: "AtriumPreview", dependencies: [
            "AtriumCore", "AtriumSite", .product(name: "FlyingFox", package: "FlyingFox"),
        ]),
        // One file per subcommand.
        .target(name: "AtriumCLI", dependencies: [
            "AtriumCore", "AtriumContent", "AtriumSite", "AtriumAuthoring", "AtriumPreview", "AtriumInsights", "AtriumFreshness",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        // jemalloc replaces glibc's malloc in the command (linked first, its malloc wins): a build
        // makes and frees millions of small strings and dictionaries on two threads, and glibc's
        // arena bookkeeping was about 8 % of a 10,000-product build's CPU (docs/performance.md).
        .executableTarget(name: "atrium", dependencies: ["AtriumCLI"],
                          linkerSettings: [.linkedLibrary("jemalloc", .when(platforms: [.linux]))]),

        // Fuzzing: what each libFuzzer executable feeds its input to, shared with the corpus replay test.
        .target(name: "FuzzHarnesses", dependencies: ["AtriumCore", "AtriumContent", "AtriumValidation", "JSONSchema"], path: "Fuzz/Harnesses"),
        // One executable per harness. `Fuzz/run.sh` builds them with `-sanitize=fuzzer`; a plain build replays files.
        .executableTarget(name: "fuzz-front-matter", dependencies: ["FuzzHarnesses"], path: "Fuzz/Targets/fuzz-front-matter"),
        .executableTarget(name: "fuzz-schema-compile", dependencies: ["FuzzHarnesses"], path: "Fuzz/Targets/fuzz-schema-compile"),
        .executableTarget(name: "fuzz-schema-validate", dependencies: ["FuzzHarnesses"], path: "Fuzz/Targets/fuzz-schema-validate"),
        .executableTarget(name: "fuzz-markdown", dependencies: ["FuzzHarnesses"], path: "Fuzz/Targets/fuzz-markdown"),

        .target(name: "TestSupport", dependencies: ["AtriumCore"], path: "Tests/TestSupport"),
        .testTarget(name: "JSONSchemaTests", dependencies: ["JSONSchema"]),
        .testTarget(name: "AtriumCoreTests", dependencies: ["AtriumCore", "TestSupport"]),
        .testTarget(name: "AtriumContentTests", dependencies: ["AtriumContent", "TestSupport"]),
        .testTarget(name: "AtriumValidationTests", dependencies: ["AtriumValidation", "AtriumContent", "TestSupport"]),
        .testTarget(name: "AtriumFreshnessTests", dependencies: ["AtriumFreshness"]),
        .testTarget(name: "AtriumInsightsTests", dependencies: ["AtriumInsights", "AtriumContent", "TestSupport"]),
        .testTarget(name: "AtriumGitTests", dependencies: ["AtriumGit", "TestSupport"]),
        .testTarget(name: "AtriumSiteTests", dependencies: ["AtriumSite", "AtriumContent", "TestSupport"]),
        .testTarget(name: "AtriumAuthoringTests", dependencies: ["AtriumAuthoring", "AtriumCore", "TestSupport"]),
        .testTarget(name: "AtriumCLITests", dependencies: ["TestSupport"]),
        .testTarget(name: "FuzzHarnessesTests", dependencies: ["FuzzHarnesses"]),
    ]
)
