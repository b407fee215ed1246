import PlanDocument

/// Writes fingerprints into citations that have none, the first time a plan
/// is saved with them.
///
/// The fingerprint line is inserted into the text right after the citation's
/// `section:` line, so the author's comments and layout survive. Citations
/// written in flow style (`{edition: …, section: …}`) fall back to rewriting
/// the document in canonical style.
///
/// A citation reused by a YAML alias is one piece of text: the tree holds a
/// copy at each use, all with the anchored text's positions, and that text
/// gets one fingerprint line, which every use then reads.
public enum CitationPinner {
    /// The plan's text with every resolvable unpinned citation pinned, or
    /// `nil` when nothing needed pinning.
    public static func pin(text: String, plan: Node, context: CheckContext) -> String? {
        var insertions: [(afterLine: Int, line: String)] = []
        var pinnedTexts = Set<SourcePosition>()
        var rewritten = plan
        var needsRewrite = false
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let planEdition = plan["edition"]?.string
        for (s, section) in (plan["sections"]?.sequence ?? []).enumerated() {
            for (c, citation) in (section["citations"]?.sequence ?? []).enumerated() {
                guard citation["fingerprint"] == nil, let sectionNode = citation["section"],
                    let sectionID = sectionNode.string,
                    let fingerprint = context.edition(citation["edition"]?.string ?? planEdition ?? "")?
                        .fingerprint(of: sectionID)
                else { continue }
                var pinned = citation
                pinned["fingerprint"] = Node(.string(fingerprint))
                var sections = rewritten["sections"]!.sequence!
                var citations = sections[s]["citations"]!.sequence!
                citations[c] = pinned
                sections[s]["citations"] = Node(.sequence(citations))
                rewritten["sections"] = Node(.sequence(sections))

                let keyColumn = citation.position.column
                let lineIndex = sectionNode.position.line - 1
                let isBlockStyle = citation.position.isKnown && lines.indices.contains(lineIndex)
                    && Self.character(in: lines, at: citation.position) != "{"
                    && Self.isSingleLineScalar(lines[lineIndex], column: sectionNode.position.column)
                if isBlockStyle {
                    guard pinnedTexts.insert(sectionNode.position).inserted else { continue }
                    insertions.append((sectionNode.position.line, String(repeating: " ", count: keyColumn - 1) + "fingerprint: \(fingerprint)"))
                } else {
                    needsRewrite = true
                }
            }
        }
        if needsRewrite { return YAMLWriter.write(rewritten) }
        guard !insertions.isEmpty else { return nil }
        var output = lines.map(String.init)
        for insertion in insertions.sorted(by: { $0.afterLine > $1.afterLine }) {
            output.insert(insertion.line, at: insertion.afterLine)
        }
        return output.joined(separator: "\n")
    }

    private static func character(in lines: [Substring], at position: SourcePosition) -> Character? {
        let line = lines[position.line - 1]
        let scalars = Array(line.unicodeScalars)
        guard position.column - 1 < scalars.count else { return nil }
        return Character(scalars[position.column - 1])
    }

    /// Whether the value starting at `column` ends on its line (not a block
    /// scalar or a multi-line flow value).
    private static func isSingleLineScalar(_ line: Substring, column: Int) -> Bool {
        let rest = String(line.unicodeScalars.dropFirst(column - 1))
        return !(rest.hasPrefix("|") || rest.hasPrefix(">") || rest.hasPrefix("[") || rest.hasPrefix("{"))
    }
}
