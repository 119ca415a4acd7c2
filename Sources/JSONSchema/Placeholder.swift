/// Placeholder until the validator lands.
public enum JSONSchemaPlaceholder {}
