// Longest-common-subsequence alignment by hashing, anchored the patience
// way: elements unique on both sides pin the alignment, and regions without
// unique elements fall back to the rarest shared element (histogram diff).
// Neither needs the quadratic table of a textbook LCS, and both keep
// alignments readable: they prefer to match distinctive lines or items
// rather than the blank lines or common words between them.

/// A pair of positions that hold equal elements in two sequences.
public struct AlignedPair: Sendable, Hashable {
    /// Index in the old sequence.
    public var old: Int
    /// Index in the new sequence.
    public var new: Int

    public init(old: Int, new: Int) {
        self.old = old
        self.new = new
    }
}

/// Aligns two sequences of hashable elements.
///
/// ```swift
/// let pairs = SequenceAlignment.align(["a", "b", "c"], ["b", "c", "d"])
/// // [(old: 1, new: 0), (old: 2, new: 1)]
/// ```
public enum SequenceAlignment {
    /// The matched positions of a common subsequence of `old` and `new`,
    /// increasing in both coordinates.
    ///
    /// Each element is hashed once (interned to a small integer), so
    /// comparing large elements such as document subtrees costs one hash each.
    ///
    /// - Complexity: about O((n + m) log(n + m)) on typical input; degrades
    ///   towards O(n·m) only on sequences made of a few repeated elements.
    public static func align<Element: Hashable>(_ old: [Element], _ new: [Element]) -> [AlignedPair] {
        var symbols: [Element: Int] = [:]
        symbols.reserveCapacity(old.count + new.count)
        func intern(_ element: Element) -> Int {
            if let s = symbols[element] { return s }
            let s = symbols.count
            symbols[element] = s
            return s
        }
        let a = old.map(intern)
        let b = new.map(intern)
        return align(symbols: a, b)
    }

    /// ``align(_:_:)`` on sequences already interned to integer symbols.
    public static func align(symbols a: [Int], _ b: [Int]) -> [AlignedPair] {
        var matches: [AlignedPair] = []
        // Regions still to align, as half-open ranges; a work list instead of
        // recursion so that long inputs cannot exhaust a test thread's stack.
        var regions: [(Range<Int>, Range<Int>)] = [(0..<a.count, 0..<b.count)]
        while let (ra, rb) = regions.popLast() {
            var aLo = ra.lowerBound, aHi = ra.upperBound
            var bLo = rb.lowerBound, bHi = rb.upperBound
            while aLo < aHi, bLo < bHi, a[aLo] == b[bLo] {
                matches.append(AlignedPair(old: aLo, new: bLo))
                aLo += 1
                bLo += 1
            }
            while aLo < aHi, bLo < bHi, a[aHi - 1] == b[bHi - 1] {
                aHi -= 1
                bHi -= 1
                matches.append(AlignedPair(old: aHi, new: bHi))
            }
            guard aLo < aHi, bLo < bHi else { continue }
            if (aHi - aLo) * (bHi - bLo) <= exactLimit {
                matches += exactLCS(a, aLo..<aHi, b, bLo..<bHi)
                continue
            }

            let anchors = uniqueAnchors(a, aLo..<aHi, b, bLo..<bHi)
            if !anchors.isEmpty {
                var prevA = aLo, prevB = bLo
                for anchor in anchors {
                    matches.append(anchor)
                    regions.append((prevA..<anchor.old, prevB..<anchor.new))
                    prevA = anchor.old + 1
                    prevB = anchor.new + 1
                }
                regions.append((prevA..<aHi, prevB..<bHi))
                continue
            }
            guard let run = rarestRun(a, aLo..<aHi, b, bLo..<bHi) else { continue }
            for k in 0..<run.length {
                matches.append(AlignedPair(old: run.old + k, new: run.new + k))
            }
            regions.append((aLo..<run.old, bLo..<run.new))
            regions.append(((run.old + run.length)..<aHi, (run.new + run.length)..<bHi))
        }
        matches.sort { $0.old < $1.old }
        return matches
    }

    /// Regions with at most this many cells (old count × new count) get an
    /// exact LCS table: cheap at that size, and it finds the optimum where
    /// anchoring may not (`7 7 7 1` against `1 7 7 7`).
    static let exactLimit = 4096

    /// The textbook dynamic-programming LCS over one small region,
    /// preferring the earliest matches when several are equally long.
    private static func exactLCS(
        _ a: [Int], _ ra: Range<Int>, _ b: [Int], _ rb: Range<Int>
    ) -> [AlignedPair] {
        let n = ra.count, m = rb.count
        let width = m + 1
        var table = [Int32](repeating: 0, count: (n + 1) * width)
        for i in stride(from: n - 1, through: 0, by: -1) {
            for j in stride(from: m - 1, through: 0, by: -1) {
                table[i * width + j] = a[ra.lowerBound + i] == b[rb.lowerBound + j]
                    ? table[(i + 1) * width + j + 1] + 1
                    : max(table[(i + 1) * width + j], table[i * width + j + 1])
            }
        }
        var result: [AlignedPair] = []
        var i = 0, j = 0
        while i < n, j < m {
            if a[ra.lowerBound + i] == b[rb.lowerBound + j] {
                result.append(AlignedPair(old: ra.lowerBound + i, new: rb.lowerBound + j))
                i += 1
                j += 1
            } else if table[(i + 1) * width + j] >= table[i * width + j + 1] {
                i += 1
            } else {
                j += 1
            }
        }
        return result
    }

    /// Patience anchors: elements that occur exactly once in each region,
    /// reduced to the longest run that is increasing on both sides.
    private static func uniqueAnchors(
        _ a: [Int], _ ra: Range<Int>, _ b: [Int], _ rb: Range<Int>
    ) -> [AlignedPair] {
        // count in a, position in a, count in b, position in b
        var table: [Int: (ca: Int, pa: Int, cb: Int, pb: Int)] = [:]
        table.reserveCapacity(ra.count)
        for i in ra {
            table[a[i], default: (0, i, 0, -1)].ca += 1
        }
        for j in rb {
            guard var entry = table[b[j]] else { continue }
            entry.cb += 1
            entry.pb = j
            table[b[j]] = entry
        }
        var candidates: [AlignedPair] = []
        for i in ra {
            if let e = table[a[i]], e.ca == 1, e.cb == 1 {
                candidates.append(AlignedPair(old: i, new: e.pb))
            }
        }
        return longestIncreasing(candidates)
    }

    /// The longest subsequence of `pairs` (sorted by `old`) whose `new`
    /// values increase, by patience sorting.
    static func longestIncreasing(_ pairs: [AlignedPair]) -> [AlignedPair] {
        guard !pairs.isEmpty else { return [] }
        var pileTops: [Int] = []  // index into pairs of each pile's top
        var predecessor = [Int](repeating: -1, count: pairs.count)
        for (k, pair) in pairs.enumerated() {
            var lo = 0, hi = pileTops.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if pairs[pileTops[mid]].new < pair.new { lo = mid + 1 } else { hi = mid }
            }
            if lo > 0 { predecessor[k] = pileTops[lo - 1] }
            if lo == pileTops.count { pileTops.append(k) } else { pileTops[lo] = k }
        }
        var result: [AlignedPair] = []
        var k = pileTops.last!
        while k >= 0 {
            result.append(pairs[k])
            k = predecessor[k]
        }
        return result.reversed()
    }

    /// The histogram step: the shared element with the fewest occurrences,
    /// at the pair of occurrences that starts the longest common run.
    private static func rarestRun(
        _ a: [Int], _ ra: Range<Int>, _ b: [Int], _ rb: Range<Int>
    ) -> (old: Int, new: Int, length: Int)? {
        var countsA: [Int: Int] = [:]
        for i in ra { countsA[a[i], default: 0] += 1 }
        var countsB: [Int: Int] = [:]
        for j in rb where countsA[b[j]] != nil { countsB[b[j], default: 0] += 1 }
        guard let rarest = countsB.min(by: { x, y in
            let cx = x.value + countsA[x.key]!, cy = y.value + countsA[y.key]!
            return cx != cy ? cx < cy : x.key < y.key
        })?.key else { return nil }
        let positionsA = ra.filter { a[$0] == rarest }.prefix(32)
        let positionsB = rb.filter { b[$0] == rarest }.prefix(32)
        var best: (old: Int, new: Int, length: Int)? = nil
        for i in positionsA {
            for j in positionsB {
                var start = 0
                while i - start - 1 >= ra.lowerBound, j - start - 1 >= rb.lowerBound,
                    a[i - start - 1] == b[j - start - 1]
                {
                    start += 1
                }
                var length = start + 1
                while i - start + length < ra.upperBound, j - start + length < rb.upperBound,
                    a[i - start + length] == b[j - start + length]
                {
                    length += 1
                }
                if best == nil || length > best!.length {
                    best = (i - start, j - start, length)
                }
            }
        }
        return best
    }
}
