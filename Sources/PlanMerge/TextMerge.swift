// Three-way merge of prose: lines first (most edits touch few lines), then
// words inside the lines both sides changed.

/// The outcome of merging one string: merged text with zero or more
/// conflicting spans.
struct TextMergeOutcome: Equatable {
    enum Piece: Equatable {
        case text(String)
        case conflict(base: String, ours: String, theirs: String)
    }

    var pieces: [Piece] = []

    var hasConflicts: Bool {
        pieces.contains { if case .conflict = $0 { true } else { false } }
    }

    /// The text with every conflicting span taken from one side.
    func text(taking side: MergeSide) -> String {
        var out = ""
        for piece in pieces {
            switch piece {
            case .text(let s): out += s
            case .conflict(let b, let o, let t):
                switch side {
                case .ours: out += o
                case .base: out += b
                case .theirs: out += t
                }
            }
        }
        return out
    }

    /// Adds a conflicting span, joined with the previous one when only
    /// spaces or punctuation lie between them: "one hour" against "two
    /// hours" is one disagreement, not two.
    mutating func appendConflict(base: String, ours: String, theirs: String) {
        let count = pieces.count
        if count >= 2, case .text(let gap) = pieces[count - 1],
            case .conflict(let b, let o, let t) = pieces[count - 2],
            !gap.unicodeScalars.contains(where: { $0.properties.isAlphabetic || $0.properties.numericType != nil })
        {
            pieces.removeLast(2)
            pieces.append(.conflict(base: b + gap + base, ours: o + gap + ours, theirs: t + gap + theirs))
        } else if count >= 1, case .conflict(let b, let o, let t) = pieces[count - 1] {
            pieces[count - 1] = .conflict(base: b + base, ours: o + ours, theirs: t + theirs)
        } else {
            pieces.append(.conflict(base: base, ours: ours, theirs: theirs))
        }
    }

    mutating func append(_ s: some StringProtocol) {
        guard !s.isEmpty else { return }
        if case .text(let last)? = pieces.last {
            pieces[pieces.count - 1] = .text(last + s)
        } else {
            pieces.append(.text(String(s)))
        }
    }
}

enum TextMerge {
    static func merge(base: String, ours: String, theirs: String) -> TextMergeOutcome {
        var outcome = TextMergeOutcome()
        walk(TextTokens.lines(base), TextTokens.lines(ours), TextTokens.lines(theirs), into: &outcome) {
            b, o, t, _, outcome in
            mergeWords(base: b.joined()[...], ours: o.joined()[...], theirs: t.joined()[...], into: &outcome)
        }
        return outcome
    }

    /// The diff3 walk both levels share: stable and one-sided chunks are
    /// taken as they are; a conflicting chunk goes to `onConflict` with its
    /// three token runs and their symbols.
    private static func walk(
        _ b: [Substring], _ o: [Substring], _ t: [Substring], into outcome: inout TextMergeOutcome,
        onConflict: (ArraySlice<Substring>, ArraySlice<Substring>, ArraySlice<Substring>,
                     (chunk: Diff3Chunk, base: [Int], ours: [Int], theirs: [Int]), inout TextMergeOutcome) -> Void
    ) {
        var table = SymbolTable<Substring>()
        let bs = table.symbols(for: b)
        let os = table.symbols(for: o)
        let ts = table.symbols(for: t)
        for chunk in Diff3.chunks(base: bs, ours: os, theirs: ts) {
            switch chunk.kind {
            case .stable: outcome.append(b[chunk.base].joined())
            case .oursChanged, .bothSame: outcome.append(o[chunk.ours].joined())
            case .theirsChanged: outcome.append(t[chunk.theirs].joined())
            case .conflict:
                onConflict(b[chunk.base], o[chunk.ours], t[chunk.theirs], (chunk, bs, os, ts), &outcome)
            }
        }
    }

    /// Word-level diff3 of one conflicting line chunk; each conflict is
    /// trimmed of what both sides inserted alike at its start and end.
    private static func mergeWords(base: Substring, ours: Substring, theirs: Substring, into outcome: inout TextMergeOutcome) {
        let b = TextTokens.words(base)
        let o = TextTokens.words(ours)
        let t = TextTokens.words(theirs)
        walk(b, o, t, into: &outcome) { _, _, _, context, outcome in
            let (chunk, bs, os, ts) = context
            var oRange = chunk.ours
            var tRange = chunk.theirs
            var bRange = chunk.base
            var prefix: [Substring] = []
            while !oRange.isEmpty && !tRange.isEmpty && os[oRange.lowerBound] == ts[tRange.lowerBound] {
                // Keep the base aligned when it shares the trimmed token too.
                if !bRange.isEmpty && bs[bRange.lowerBound] == os[oRange.lowerBound] {
                    bRange = (bRange.lowerBound + 1)..<bRange.upperBound
                }
                prefix.append(o[oRange.lowerBound])
                oRange = (oRange.lowerBound + 1)..<oRange.upperBound
                tRange = (tRange.lowerBound + 1)..<tRange.upperBound
            }
            var suffix: [Substring] = []
            while !oRange.isEmpty && !tRange.isEmpty && os[oRange.upperBound - 1] == ts[tRange.upperBound - 1] {
                if !bRange.isEmpty && bs[bRange.upperBound - 1] == os[oRange.upperBound - 1] {
                    bRange = bRange.lowerBound..<(bRange.upperBound - 1)
                }
                suffix.insert(o[oRange.upperBound - 1], at: 0)
                oRange = oRange.lowerBound..<(oRange.upperBound - 1)
                tRange = tRange.lowerBound..<(tRange.upperBound - 1)
            }
            outcome.append(prefix.joined())
            let baseText = b[bRange].joined()
            let oursText = o[oRange].joined()
            let theirsText = t[tRange].joined()
            // Trimming can leave one side equal to the base: then only the other changed it.
            if oursText == baseText {
                outcome.append(theirsText)
            } else if theirsText == baseText {
                outcome.append(oursText)
            } else {
                outcome.appendConflict(base: baseText, ours: oursText, theirs: theirsText)
            }
            outcome.append(suffix.joined())
        }
    }
}
