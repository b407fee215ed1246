// Showing conflicts to people and tools: git-style marked YAML for
// `merge-file`, and a JSON description for `planbench conflicts --format json`.
import OrderedCollections
import PlanDocument

extension MergeResult {
    /// The merged document as YAML, with each conflict written out in git's
    /// diff3 style between markers:
    ///
    /// ```
    /// <<<<<<< ours
    ///     state: done
    /// ||||||| base
    ///     state: open
    /// =======
    ///     state: blocked
    /// >>>>>>> theirs
    /// ```
    ///
    /// Everything outside the markers is the merged document. With no
    /// conflicts this is exactly `YAMLWriter.write(merged)`.
    ///
    /// - Parameter labels: the names written after the markers (git writes
    ///   the file names given with `-L`).
    public func markedYAML(labels: (ours: String, base: String, theirs: String) = ("ours", "base", "theirs")) -> String {
        let oursText = YAMLWriter.write(merged)
        guard !conflicts.isEmpty else { return oursText }
        // The three resolutions differ only where conflicts are, so a line
        // diff3 of their texts finds exactly the conflicting lines.
        let baseText = YAMLWriter.write(document(fallback: .base))
        let theirsText = YAMLWriter.write(document(fallback: .theirs))
        let o = TextTokens.lines(oursText)
        let b = TextTokens.lines(baseText)
        let t = TextTokens.lines(theirsText)
        var table = SymbolTable<Substring>()
        let chunks = Diff3.chunks(base: table.symbols(for: b), ours: table.symbols(for: o), theirs: table.symbols(for: t))
        var out = ""
        for chunk in chunks {
            switch chunk.kind {
            case .stable: out += b[chunk.base].joined()
            case .bothSame: out += o[chunk.ours].joined()
            case .oursChanged, .theirsChanged, .conflict:
                out += "<<<<<<< \(labels.ours)\n" + o[chunk.ours].joined()
                out += "||||||| \(labels.base)\n" + b[chunk.base].joined()
                out += "=======\n" + t[chunk.theirs].joined()
                out += ">>>>>>> \(labels.theirs)\n"
            }
        }
        return out
    }

    /// The conflicts as a JSON document:
    /// `{"conflicts": [{"kind", "path", "pointer", "theirsPointer", "message", "base", "ours", "theirs"}]}`,
    /// where a version without a value there has no `base`/`ours`/`theirs` key.
    public func conflictsJSON(pretty: Bool = true) -> String {
        JSONWriter.write(Self.describe(conflicts), pretty: pretty)
    }

    /// The conflicts as a document tree, for callers that embed them (the
    /// workspace's merge sidecar).
    public static func describe(_ conflicts: [MergeConflict]) -> Node {
        let items = conflicts.map { conflict -> Node in
            var m: OrderedDictionary<String, Node> = [
                "kind": Node(.string(conflict.kind.rawValue)),
                "path": Node(.string(conflict.path)),
                "pointer": Node(.string(conflict.pointer.description)),
                "theirsPointer": Node(.string(conflict.theirsPointer.description)),
                "message": Node(.string(conflict.kind.summary)),
            ]
            for side in MergeSide.allCases {
                if let value = conflict.value(side) { m[side.rawValue] = value }
            }
            return Node(.mapping(m))
        }
        return ["conflicts": Node(.sequence(items))]
    }
}
