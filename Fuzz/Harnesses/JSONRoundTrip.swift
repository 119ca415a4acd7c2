import JSONSchema

/// Writing a JSON value and reading it back must give the same value: schemas, front matter as
/// JSON and `atrium schema export` all go through `jsonText`.
enum JSONRoundTrip {
    static func problems(_ value: JSONValue) -> [String] {
        do {
            return try JSONValue(parsing: value.jsonText) == value
                ? [] : ["JSON changed when written and read back: \(value.jsonText.prefix(200))"]
        } catch {
            return ["written JSON does not read back (\(error)): \(value.jsonText.prefix(200))"]
        }
    }
}
