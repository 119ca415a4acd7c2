import FuzzHarnesses

/// libFuzzer's entry for `SchemaValidateHarness` (see `FuzzDriver`).
@main
enum FuzzSchemaValidate {
    static func main() {
        FuzzDriver.main(SchemaValidateHarness.self) { FuzzDriver.feed(SchemaValidateHarness.self, $0, $1) }
    }
}
