// Word-level diff of prose: a re-flowed or lightly edited paragraph shows
// as the few words that changed, not as whole replaced lines.

/// A run of text that is the same on both sides, only in the old text, or
/// only in the new text.
public struct TextSegment: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        case equal, delete, insert
    }

    public var kind: Kind
    public var text: String

    public init(_ kind: Kind, _ text: String) {
        self.kind = kind
        self.text = text
    }

    /// The old text the segments describe (equal and deleted runs).
    public static func oldText(of segments: [TextSegment]) -> String {
        segments.reduce(into: "") { if $1.kind != .insert { $0 += $1.text } }
    }

    /// Whether every deleted and inserted run is white space: the words are
    /// the same and only line breaks or spacing changed (a re-flow).
    public static func changesOnlyWhiteSpace(_ segments: [TextSegment]) -> Bool {
        segments.allSatisfy { $0.kind == .equal || $0.text.allSatisfy(\.isWhitespace) }
            && segments.contains { $0.kind != .equal }
    }

    /// The new text the segments describe (equal and inserted runs).
    public static func newText(of segments: [TextSegment]) -> String {
        segments.reduce(into: "") { if $1.kind != .delete { $0 += $1.text } }
    }
}

/// Diffs two texts word by word.
///
/// Texts are first aligned line by line (the fast path: unchanged lines of a
/// long text are never tokenised); only the lines between matched lines are
/// split into tokens (runs of letters and digits, runs of white space, single
/// punctuation characters) and aligned token by token.
///
/// ```swift
/// TextDiff.diff("The SDF leads.", "The SDF and US forces lead.")
/// // [= "The SDF ", - "leads", + "and US forces lead", = "."]
/// ```
public enum TextDiff {
    /// The segments that turn `old` into `new`: concatenating the equal and
    /// deleted runs gives `old`, the equal and inserted runs give `new`.
    /// Equal texts give one equal segment (none when both are empty).
    public static func diff(_ old: String, _ new: String) -> [TextSegment] {
        if old == new { return old.isEmpty ? [] : [TextSegment(.equal, old)] }
        var builder = SegmentBuilder()
        if old.contains("\n") || new.contains("\n") {
            let oldLines = lines(of: old), newLines = lines(of: new)
            let pairs = SequenceAlignment.align(oldLines, newLines)
            var i = 0, j = 0
            for pair in pairs + [AlignedPair(old: oldLines.count, new: newLines.count)] {
                if i < pair.old || j < pair.new {
                    wordDiff(
                        oldLines[i..<pair.old].joined(), newLines[j..<pair.new].joined(), into: &builder)
                }
                if pair.old < oldLines.count { builder.append(.equal, oldLines[pair.old]) }
                i = pair.old + 1
                j = pair.new + 1
            }
        } else {
            wordDiff(old, new, into: &builder)
        }
        return builder.finish()
    }

    /// Lines including their terminating newline, so joining them gives the text back.
    static func lines(of text: String) -> [Substring] {
        var result: [Substring] = []
        let bytes = text.utf8
        var start = bytes.startIndex
        var i = bytes.startIndex
        while i < bytes.endIndex {
            let next = bytes.index(after: i)
            if bytes[i] == UInt8(ascii: "\n") {
                result.append(text[start..<next])
                start = next
            }
            i = next
        }
        if start < bytes.endIndex { result.append(text[start...]) }
        return result
    }

    /// Splits text into words (runs of letters, digits and underscores),
    /// runs of white space other than line breaks, line breaks, and single
    /// other characters (punctuation).
    public static func tokens(_ text: Substring) -> [Substring] {
        var result: [Substring] = []
        var i = text.startIndex
        while i < text.endIndex {
            let c = text[i]
            var j = text.index(after: i)
            if isWordCharacter(c) {
                while j < text.endIndex, isWordCharacter(text[j]) { j = text.index(after: j) }
            } else if c.isWhitespace && !c.isNewline {
                while j < text.endIndex, text[j].isWhitespace, !text[j].isNewline { j = text.index(after: j) }
            }
            result.append(text[i..<j])
            i = j
        }
        return result
    }

    private static func isWordCharacter(_ c: Character) -> Bool {
        c.isLetter || c.isNumber || c == "_"
    }

    /// Aligns the words first and only then the white space between them,
    /// so that a shared line break or space never wins over a shared word.
    private static func wordDiff(_ old: String, _ new: String, into builder: inout SegmentBuilder) {
        let a = tokens(old[...]), b = tokens(new[...])
        let wordsA = a.indices.filter { !isSpace(a[$0]) }
        let wordsB = b.indices.filter { !isSpace(b[$0]) }
        let wordPairs = SequenceAlignment.align(wordsA.map { a[$0] }, wordsB.map { b[$0] })
        var i = 0, j = 0
        for pair in wordPairs.map({ AlignedPair(old: wordsA[$0.old], new: wordsB[$0.new]) })
            + [AlignedPair(old: a.count, new: b.count)]
        {
            let gapA = a[i..<pair.old], gapB = b[j..<pair.new]
            var x = i, y = j
            for inner in SequenceAlignment.align(Array(gapA), Array(gapB))
                .map({ AlignedPair(old: $0.old + i, new: $0.new + j) }) + [AlignedPair(old: pair.old, new: pair.new)]
            {
                if x < inner.old { builder.append(.delete, a[x..<inner.old].joined()) }
                if y < inner.new { builder.append(.insert, b[y..<inner.new].joined()) }
                if inner.old < pair.old { builder.append(.equal, a[inner.old]) }
                x = inner.old + 1
                y = inner.new + 1
            }
            if pair.old < a.count { builder.append(.equal, a[pair.old]) }
            i = pair.old + 1
            j = pair.new + 1
        }
    }

    private static func isSpace(_ token: Substring) -> Bool {
        token.first?.isWhitespace ?? false
    }
}

/// Collects segments, merging neighbours of a kind and folding a bare run of
/// spaces between two changes into them, so `old red` -> `new blue` reads as
/// one change rather than two changes around a shared space.
struct SegmentBuilder {
    /// Alternating equal runs and change groups (deleted, inserted).
    private enum Run {
        case equal(String)
        case change(deleted: String, inserted: String)

        var isChange: Bool { if case .change = self { true } else { false } }
    }

    private var runs: [Run] = []

    mutating func append<S: StringProtocol>(_ kind: TextSegment.Kind, _ text: S) {
        guard !text.isEmpty else { return }
        switch (kind, runs.last) {
        case (.equal, .equal(let previous)?):
            runs[runs.count - 1] = .equal(previous + text)
        case (.equal, _):
            runs.append(.equal(String(text)))
        case (_, .change(let d, let i)?):
            runs[runs.count - 1] = kind == .delete ? .change(deleted: d + text, inserted: i) : .change(deleted: d, inserted: i + text)
        case (_, .equal(let space)?) where isFoldable(space) && runs.count >= 2 && runs[runs.count - 2].isChange:
            // change, short white space, change: make it one change.
            guard case .change(let d, let i) = runs[runs.count - 2] else { return }
            runs.removeLast()
            let folded: Run = kind == .delete
                ? .change(deleted: d + space + text, inserted: i + space)
                : .change(deleted: d + space, inserted: i + space + text)
            runs[runs.count - 1] = folded
        default:
            runs.append(kind == .delete ? .change(deleted: String(text), inserted: "") : .change(deleted: "", inserted: String(text)))
        }
    }

    private func isFoldable(_ text: String) -> Bool {
        text.count <= 2 && text.allSatisfy { $0 == " " || $0 == "\t" }
    }

    func finish() -> [TextSegment] {
        var result: [TextSegment] = []
        for run in runs {
            switch run {
            case .equal(let text):
                result.append(TextSegment(.equal, text))
            case .change(let deleted, let inserted):
                if !deleted.isEmpty { result.append(TextSegment(.delete, deleted)) }
                if !inserted.isEmpty { result.append(TextSegment(.insert, inserted)) }
            }
        }
        return result
    }
}
