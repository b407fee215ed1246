import PlanDocument

/// The validator for the schemas embedded in planbench (`Schemas/`).
public enum EmbeddedSchemaValidator {
    /// `nil` until the JSON Schema validator is wired in; documents are then
    /// checked for syntax and workspace rules only.
    public static let shared: (any SchemaValidating)? = nil
}
