import PlanDocument

/// The kinds of document a workspace holds, and where each lives.
///
/// The kind follows from the path (`plans/x.yaml` is a plan), except under
/// `guidelines/`, where the document's `kind:` field tells an edition from a
/// crosswalk.
public enum DocumentKind: String, Sendable, CaseIterable, Codable {
    case workspace
    case guidelineEdition = "guideline-edition"
    case crosswalk
    case plan
    case review

    /// The file name of this kind's schema under `Schemas/`.
    public var schemaFileName: String { "\(rawValue).schema.json" }

    /// The kind of the document at a workspace-relative path, from the path
    /// alone; `nil` for files planbench does not manage. Guideline documents
    /// are reported as editions until their content says otherwise.
    public static func forPath(_ path: String) -> DocumentKind? {
        if path == WorkspaceLayout.configFile { return .workspace }
        guard path.hasSuffix(".yaml") || path.hasSuffix(".yml") else { return nil }
        let parts = path.split(separator: "/")
        guard parts.count == 2 else { return nil }
        switch parts[0] {
        case "plans": return .plan
        case "reviews": return .review
        case "guidelines": return .guidelineEdition
        default: return nil
        }
    }

    /// The kind of a parsed document at `path`, reading `kind:` under `guidelines/`.
    public static func of(_ document: Node, at path: String) -> DocumentKind? {
        guard let byPath = forPath(path) else { return nil }
        if byPath == .guidelineEdition, document["kind"]?.string == DocumentKind.crosswalk.rawValue {
            return .crosswalk
        }
        return byPath
    }
}

/// Names of the files and folders that make a workspace.
public enum WorkspaceLayout {
    public static let configFile = "planbench.yaml"
    public static let guidelinesFolder = "guidelines"
    public static let plansFolder = "plans"
    public static let reviewsFolder = "reviews"
    /// Local state that is never committed (merge in progress, caches).
    public static let stateFolder = ".planbench"
    public static let folders = [guidelinesFolder, plansFolder, reviewsFolder]

    /// The path of the plan with this id.
    public static func planPath(id: String) -> String { "\(plansFolder)/\(id).yaml" }

    /// The id a document's file name gives it (`plans/isr.yaml` -> `isr`).
    public static func idFromPath(_ path: String) -> String {
        var name = Substring(path.split(separator: "/").last ?? Substring(path))
        for ext in [".yaml", ".yml"] where name.hasSuffix(ext) {
            name = name.dropLast(ext.count)
        }
        return String(name)
    }
}

/// Identifiers of plans, tasks and sections: letters, digits, `.`, `_`, `-`.
public enum Identifier {
    /// Whether `text` is a valid id; it also never forms a path like `..`.
    public static func isValid(_ text: String) -> Bool {
        guard !text.isEmpty, text.utf8.count <= 128, text != ".", text != ".." else { return false }
        return text.utf8.allSatisfy { c in
            (c >= UInt8(ascii: "a") && c <= UInt8(ascii: "z")) || (c >= UInt8(ascii: "A") && c <= UInt8(ascii: "Z"))
                || (c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9")) || c == UInt8(ascii: ".")
                || c == UInt8(ascii: "_") || c == UInt8(ascii: "-")
        }
    }
}
