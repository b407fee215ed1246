// The terminal view of a diff: one entry per edit, moves as moves, prose
// with the changed words highlighted.
import PlanDocument

/// Renders edits as text for a terminal or a pager.
///
/// With colour, deleted words are red on a dark red background and inserted
/// words green on a dark green one; without it (`NO_COLOR`, a pipe), the
/// same hunks read `[-old-]{+new+}` like `git diff --word-diff=plain`.
///
/// ```
/// ~ sections[concept].prose
///     The SDF and U.S. forces [-surrounding-]{+around+} Japan.
/// > sections[amd] moved from #3 to #1
/// + sections[ms]
///     id: ms
///     title: Maritime security
/// ```
public struct TextRenderer: Sendable {
    /// Whether to emit ANSI colour sequences.
    public var useColor: Bool
    /// Characters of unchanged text kept on each side of a change in long
    /// prose; the rest is elided with `…`.
    public var context: Int

    public init(useColor: Bool, context: Int = 60) {
        self.useColor = useColor
        self.context = context
    }

    /// The whole diff; `"no changes\n"` when there are none.
    public func render(_ edits: [Edit]) -> String {
        guard !edits.isEmpty else { return "no changes\n" }
        var out = ""
        for edit in edits { render(edit, into: &out) }
        return out
    }

    /// The diff grouped by Guideline section, one heading per section.
    public func render(groups: [GuidelineGroup]) -> String {
        guard !groups.isEmpty else { return "no changes\n" }
        var out = ""
        for group in groups {
            out += paint(group.section.map { "Guideline \($0)" } ?? "(no guideline section)", Style.heading)
            out += " (\(group.edits.count) change\(group.edits.count == 1 ? "" : "s"))\n"
            for edit in group.edits {
                var entry = ""
                render(edit, into: &entry)
                out += entry.split(separator: "\n", omittingEmptySubsequences: false)
                    .map { $0.isEmpty ? "" : "  " + $0 }.joined(separator: "\n")
            }
            out += "\n"
        }
        return out
    }

    func render(_ edit: Edit, into out: inout String) {
        let path = edit.readablePath
        switch edit.kind {
        case .add:
            out += paint("+ " + path, Style.added) + "\n"
            out += indentedValue(edit.newValue, style: Style.added)
        case .remove:
            out += paint("- " + path, Style.removed) + "\n"
            out += indentedValue(edit.oldValue, style: Style.removed)
        case .move:
            let what = edit.isKeyReorder ? " key" : ""
            let where_ = edit.positions.map { "\(what) moved from #\($0.old + 1) to #\($0.new + 1)" } ?? " moved"
            out += paint("> " + path + where_, Style.moved) + "\n"
        case .replace:
            let old = edit.oldValue.map(Self.inline), new = edit.newValue.map(Self.inline)
            if let old, let new, !old.contains("\n"), !new.contains("\n") {
                out += paint("~ " + path, Style.changed) + ": "
                out += useColor
                    ? highlight(old, Style.removedWords) + " -> " + highlight(new, Style.addedWords) + "\n"
                    : old + " -> " + new + "\n"
            } else {
                out += paint("~ " + path, Style.changed) + "\n"
                out += indentedValue(edit.oldValue, style: Style.removed, marker: "- ")
                out += indentedValue(edit.newValue, style: Style.added, marker: "+ ")
            }
        case .text:
            if TextSegment.changesOnlyWhiteSpace(edit.segments) {
                // A re-flowed paragraph: nothing for a reviewer to read.
                out += paint("~ " + path, Style.changed) + " (re-flowed: line breaks and spacing only)\n"
            } else {
                out += paint("~ " + path, Style.changed) + "\n"
                out += indent(words(edit.segments))
            }
        }
    }

    /// The word-level hunks, unchanged text trimmed to ``context``.
    /// Changes of white space alone (a line break become a space) are shown
    /// as the new text, unmarked: re-flowing is not a change of wording.
    func words(_ segments: [TextSegment]) -> String {
        var out = ""
        var index = 0
        while index < segments.count {
            let segment = segments[index]
            switch segment.kind {
            case .equal:
                out += trimmed(segment.text, keepStart: index > 0, keepEnd: index < segments.count - 1)
            case .delete, .insert:
                var deleted = "", inserted = ""
                while index < segments.count, segments[index].kind != .equal {
                    if segments[index].kind == .delete { deleted += segments[index].text } else { inserted += segments[index].text }
                    index += 1
                }
                index -= 1
                if deleted.allSatisfy(\.isWhitespace) && inserted.allSatisfy(\.isWhitespace) {
                    out += inserted
                } else {
                    if !deleted.isEmpty { out += highlight(deleted, Style.removedWords) }
                    if !inserted.isEmpty { out += highlight(inserted, Style.addedWords) }
                }
            }
            index += 1
        }
        return out.hasSuffix("\n") ? out : out + "\n"
    }

    /// Unchanged text cut to about ``context`` characters on each side kept,
    /// at word boundaries: a context never starts or ends inside a word.
    private func trimmed(_ text: String, keepStart: Bool, keepEnd: Bool) -> String {
        let limit = (keepStart ? context : 0) + (keepEnd ? context : 0) + 8
        guard text.count > limit else { return text }
        var result = ""
        if keepStart {
            var head = text.prefix(context)
            if let last = head.lastIndex(where: \.isWhitespace), head.endIndex < text.endIndex, !text[head.endIndex].isWhitespace {
                head = head[..<last]
            }
            result += head
        }
        result += "…"
        if keepEnd {
            var tail = text.suffix(context)
            if let first = tail.firstIndex(where: \.isWhitespace), tail.startIndex > text.startIndex,
                !text[text.index(before: tail.startIndex)].isWhitespace
            {
                tail = tail[tail.index(after: first)...]
            }
            result += tail
        }
        return result
    }

    private func highlight(_ text: String, _ style: (open: String, plain: (String, String))) -> String {
        if useColor {
            // Colour each line separately so a pager never carries colour across lines.
            return text.split(separator: "\n", omittingEmptySubsequences: false)
                .map { $0.isEmpty ? "" : style.open + $0 + Style.reset }.joined(separator: "\n")
        }
        return style.plain.0 + text + style.plain.1
    }

    private func paint(_ text: String, _ code: String) -> String {
        useColor ? code + text + Style.reset : text
    }

    private func indentedValue(_ value: Node?, style: String, marker: String = "") -> String {
        guard let value else { return "" }
        let text = Self.block(value)
        return text.split(separator: "\n", omittingEmptySubsequences: true)
            .map { "    " + paint(marker + $0, style) + "\n" }.joined()
    }

    private func indent(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            .map { $0.offset == 0 || !$0.element.isEmpty ? "    " + $0.element : "" }
            .joined(separator: "\n")
    }

    /// A scalar as JSON (so `"1"` and `1` stay apart); containers as YAML.
    static func inline(_ value: Node) -> String {
        switch value.content {
        case .mapping(let m) where !m.isEmpty: YAMLWriter.write(value)
        case .sequence(let s) where !s.isEmpty: YAMLWriter.write(value)
        default: JSONWriter.write(value)
        }
    }

    static func block(_ value: Node) -> String {
        switch value.content {
        case .string(let s) where s.contains("\n"): s
        default: inline(value)
        }
    }

    enum Style {
        static let reset = "\u{1B}[0m"
        static let heading = "\u{1B}[1;4m"
        static let added = "\u{1B}[32m"
        static let removed = "\u{1B}[31m"
        static let moved = "\u{1B}[36m"
        static let changed = "\u{1B}[33m"
        static let removedWords = (open: "\u{1B}[1;31;48;5;52m", plain: ("[-", "-]"))
        static let addedWords = (open: "\u{1B}[1;32;48;5;22m", plain: ("{+", "+}"))
    }
}
