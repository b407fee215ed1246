import PlanDocument

/// Parses document bytes by file extension: JSON for `.json`, YAML otherwise.
public enum DocumentReading {
    public static func parse(_ bytes: [UInt8], path: String) throws(DocumentError) -> Node {
        path.hasSuffix(".json") ? try JSONReader().read(bytes) : try FastYAMLReader().read(bytes)
    }
}
