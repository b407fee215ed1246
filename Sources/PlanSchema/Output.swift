// Renders a ValidationResult for people and programs: the 2020-12 `flag`
// and `basic` output units as JSON, and `text` lines that point into the file.
import PlanDocument

/// How validation results are printed.
public enum OutputFormat: String, Sendable, CaseIterable {
    /// `{"valid": true}` only.
    case flag
    /// The 2020-12 "basic" output unit: `valid`, and a flat list of `errors`.
    case basic
    /// One `file:line:column: location: message` line per error.
    case text
}

extension ValidationResult {
    /// The 2020-12 `flag` output unit.
    public var flagOutput: Node {
        ["valid": Node(.bool(isValid))]
    }

    /// The 2020-12 `basic` output unit: each error with `keywordLocation`,
    /// `absoluteKeywordLocation`, `instanceLocation` and `error` (and
    /// `"valid": false`, which the official output schema requires of every unit).
    public var basicOutput: Node {
        guard !isValid else { return ["valid": true] }
        let units: [Node] = errors.map { error in
            [
                "valid": false,
                "keywordLocation": Node(.string(error.keywordLocation.description)),
                "absoluteKeywordLocation": Node(.string(error.absoluteKeywordLocation)),
                "instanceLocation": Node(.string(error.instanceLocation.description)),
                "error": Node(.string(error.message)),
            ]
        }
        return ["valid": false, "errors": Node(.sequence(units))]
    }

    /// Lines such as `plan.yaml:12:5: /sections/0/status: expected one of
    /// "draft", "final"; found string "dratf"`.
    ///
    /// For a failed `anyOf` or `oneOf` the line for the keyword is followed
    /// by the errors of the closest alternative only, indented.
    /// - Parameter fileName: the name to print; positions come from the nodes.
    public func text(fileName: String) -> String {
        guard !isValid else { return "\(fileName): valid\n" }
        var out = ""
        var branchDepth: [Int] = []
        for error in errors {
            let keywordTokens = error.keywordLocation.tokens.count
            while let last = branchDepth.last, keywordTokens <= last { branchDepth.removeLast() }
            let indent = String(repeating: "  ", count: branchDepth.count)
            let place = error.position.isKnown ? "\(fileName):\(error.position.line):\(error.position.column)" : fileName
            let at = error.instanceLocation.isRoot ? "(root)" : error.instanceLocation.description
            out += "\(place): \(indent)\(at): \(error.message)"
            if error.keyword == "anyOf" || error.keyword == "oneOf", error.message.contains("none matched") {
                out += "; closest alternative:"
                branchDepth.append(keywordTokens)
            }
            out += "\n"
        }
        return out
    }

    /// The result in `format`, as text ready to print (JSON for `flag` and
    /// `basic`).
    public func rendered(_ format: OutputFormat, fileName: String, pretty: Bool = true) -> String {
        switch format {
        case .flag: JSONWriter.write(flagOutput, pretty: pretty)
        case .basic: JSONWriter.write(basicOutput, pretty: pretty)
        case .text: text(fileName: fileName)
        }
    }
}
