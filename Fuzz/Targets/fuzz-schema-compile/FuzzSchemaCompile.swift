import FuzzHarnesses

/// libFuzzer's entry for `SchemaCompileHarness` (see `FuzzDriver`).
@main
enum FuzzSchemaCompile {
    static func main() {
        FuzzDriver.main(SchemaCompileHarness.self) { FuzzDriver.feed(SchemaCompileHarness.self, $0, $1) }
    }
}
