import Foundation

/// One fuzzed entry point of Atrium: what a fuzzer executable feeds its input to, and what the
/// corpus replay test runs every kept input through.
///
/// `check` returns the ways the outcome is not sensible (empty when it is). The fuzzer turns a
/// non-empty answer into a crash so libFuzzer keeps the input; the replay test reports it as a
/// failure. A trap inside Atrium (force unwrap, index out of range, overflow, deep recursion)
/// crashes either way.
public protocol FuzzHarness: SendableMetatype {
    /// The fuzzer's name without `fuzz-`, also the name of its folders under `Fuzz/corpus` and `Fuzz/crashes`.
    static var name: String { get }
    /// Feeds one input through the entry point and lists what is wrong with the outcome.
    static func check(_ input: [UInt8]) -> [String]
    /// Inputs made from the repository's real files (and the JSON Schema test suite, when found),
    /// to start a fuzzer from something that already reaches deep into the entry point.
    static func seeds(_ sources: SeedSources) -> [Seed]
    /// Builds what every input shares (compiled schemas) before the first input, so libFuzzer's
    /// leak check does not take a once-per-process allocation for a leak of that input.
    static func prepare()
}

extension FuzzHarness {
    public static func prepare() {}
}

/// A named seed input.
public struct Seed: Sendable {
    public var name: String
    public var bytes: [UInt8]

    public init(name: String, bytes: [UInt8]) {
        self.name = name
        self.bytes = bytes
    }

    public init(name: String, text: String) {
        self.init(name: name, bytes: Array(text.utf8))
    }
}

/// The harnesses, in the order `Fuzz/run.sh` runs them.
public enum FuzzHarnesses {
    public static let all: [any FuzzHarness.Type] = [
        FrontMatterHarness.self, SchemaCompileHarness.self, SchemaValidateHarness.self, MarkdownHarness.self,
    ]
}
