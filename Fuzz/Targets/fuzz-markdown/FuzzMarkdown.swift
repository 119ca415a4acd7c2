import FuzzHarnesses

/// libFuzzer's entry for `MarkdownHarness` (see `FuzzDriver`).
@main
enum FuzzMarkdown {
    static func main() {
        FuzzDriver.main(MarkdownHarness.self) { FuzzDriver.feed(MarkdownHarness.self, $0, $1) }
    }
}
