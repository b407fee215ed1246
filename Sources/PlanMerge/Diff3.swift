// diff3: splitting three versions into stable runs and changed chunks, the
// step every merge in this module builds on (lines, words, list elements).

/// One region of a three-way alignment.
///
/// Ranges index the base, ours and theirs sequences given to ``Diff3/chunks(base:ours:theirs:)``.
struct Diff3Chunk: Equatable {
    enum Kind: Equatable {
        /// All three agree.
        case stable
        /// Only ours differs from the base.
        case oursChanged
        /// Only theirs differs from the base.
        case theirsChanged
        /// Both changed the region the same way.
        case bothSame
        /// Both changed the region differently.
        case conflict
    }

    var kind: Kind
    var base: Range<Int>
    var ours: Range<Int>
    var theirs: Range<Int>
}

enum Diff3 {
    /// Splits the versions into chunks using equality alignments of base
    /// against each side.
    static func chunks(base: [Int], ours: [Int], theirs: [Int]) -> [Diff3Chunk] {
        let toOurs = SequenceAlignment.matches(base, ours)
        let toTheirs = SequenceAlignment.matches(base, theirs)
        return chunks(
            baseCount: base.count, oursCount: ours.count, theirsCount: theirs.count,
            toOurs: toOurs, toTheirs: toTheirs
        ) { kindOf($0, base: base, ours: ours, theirs: theirs) }
    }

    static func kindOf(_ chunk: Diff3Chunk, base: [Int], ours: [Int], theirs: [Int]) -> Diff3Chunk.Kind {
        let b = base[chunk.base]
        let o = ours[chunk.ours]
        let t = theirs[chunk.theirs]
        let oursSame = o.elementsEqual(b)
        let theirsSame = t.elementsEqual(b)
        if oursSame && theirsSame { return .stable }
        if oursSame { return .theirsChanged }
        if theirsSame { return .oursChanged }
        return o.elementsEqual(t) ? .bothSame : .conflict
    }

    /// The diff3 walk over given alignments (base index → side index): stable
    /// runs where both alignments advance together, and in between the
    /// unstable chunks up to the next base element matched on both sides.
    ///
    /// `classify` names the kind of each unstable chunk; stable runs are
    /// always `.stable`.
    static func chunks(
        baseCount: Int, oursCount: Int, theirsCount: Int,
        toOurs: [Int?], toTheirs: [Int?],
        classify: (Diff3Chunk) -> Diff3Chunk.Kind
    ) -> [Diff3Chunk] {
        var result: [Diff3Chunk] = []
        var b = 0
        var o = 0
        var t = 0
        while true {
            var k = 0
            while b + k < baseCount && toOurs[b + k] == o + k && toTheirs[b + k] == t + k { k += 1 }
            if k > 0 {
                result.append(Diff3Chunk(kind: .stable, base: b..<(b + k), ours: o..<(o + k), theirs: t..<(t + k)))
                b += k
                o += k
                t += k
            }
            if b == baseCount && o == oursCount && t == theirsCount { break }
            var j = b
            while j < baseCount && (toOurs[j] == nil || toTheirs[j] == nil) { j += 1 }
            let oEnd = j < baseCount ? toOurs[j]! : oursCount
            let tEnd = j < baseCount ? toTheirs[j]! : theirsCount
            var chunk = Diff3Chunk(kind: .conflict, base: b..<j, ours: o..<oEnd, theirs: t..<tEnd)
            chunk.kind = classify(chunk)
            result.append(chunk)
            b = j
            o = oEnd
            t = tEnd
            if j == baseCount { break }
        }
        return result
    }
}
