import FuzzHarnesses

/// libFuzzer's entry for `FrontMatterHarness` (see `FuzzDriver`).
@main
enum FuzzFrontMatter {
    static func main() {
        FuzzDriver.main(FrontMatterHarness.self) { FuzzDriver.feed(FrontMatterHarness.self, $0, $1) }
    }
}
