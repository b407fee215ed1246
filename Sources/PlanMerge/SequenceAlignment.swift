// Longest-common-subsequence alignment of two sequences of interned symbols.
// PlanMerge keeps its own copy so it does not depend on PlanDiff's API; the
// lead may later unify the two.

/// Aligns two sequences of small integers (interned symbols) with Myers'
/// O(ND) algorithm.
///
/// The result maps each index of `a` to the index of `b` it is matched with,
/// or `nil` when the element of `a` was removed. Matches are strictly
/// increasing in both sequences, which is what diff3 needs.
///
/// - Complexity: O((N + M) · D) time and O(D²) memory, where D is the edit
///   distance. When D exceeds `maximumEdits`, the alignment degrades to the
///   common prefix and suffix only, so pathological inputs stay fast.
enum SequenceAlignment {
    static let maximumEdits = 2_000

    static func matches(_ a: [Int], _ b: [Int]) -> [Int?] {
        var result = [Int?](repeating: nil, count: a.count)
        var prefix = 0
        while prefix < a.count && prefix < b.count && a[prefix] == b[prefix] {
            result[prefix] = prefix
            prefix += 1
        }
        var suffix = 0
        while suffix < a.count - prefix && suffix < b.count - prefix
            && a[a.count - 1 - suffix] == b[b.count - 1 - suffix]
        {
            result[a.count - 1 - suffix] = b.count - 1 - suffix
            suffix += 1
        }
        let aMiddle = a[prefix..<(a.count - suffix)]
        let bMiddle = b[prefix..<(b.count - suffix)]
        if !aMiddle.isEmpty && !bMiddle.isEmpty {
            for (x, y) in myers(Array(aMiddle), Array(bMiddle)) {
                result[prefix + x] = prefix + y
            }
        }
        return result
    }

    /// Matches by a similarity predicate rather than equality, for the small
    /// chunks where diff3 found a conflict and similar elements should pair up.
    ///
    /// - Complexity: O(N · M) calls of `isSimilar`; callers keep chunks small.
    static func matches(count n: Int, _ m: Int, isSimilar: (Int, Int) -> Bool) -> [Int?] {
        var result = [Int?](repeating: nil, count: n)
        guard n > 0 && m > 0 else { return result }
        // lengths[i][j] = LCS length of a[i...] and b[j...]
        var lengths = [[Int]](repeating: [Int](repeating: 0, count: m + 1), count: n + 1)
        var similar = [[Bool]](repeating: [Bool](repeating: false, count: m), count: n)
        for i in stride(from: n - 1, through: 0, by: -1) {
            for j in stride(from: m - 1, through: 0, by: -1) {
                let s = isSimilar(i, j)
                similar[i][j] = s
                lengths[i][j] = s ? lengths[i + 1][j + 1] + 1 : max(lengths[i + 1][j], lengths[i][j + 1])
            }
        }
        var i = 0
        var j = 0
        while i < n && j < m {
            if similar[i][j] && lengths[i][j] == lengths[i + 1][j + 1] + 1 {
                result[i] = j
                i += 1
                j += 1
            } else if lengths[i + 1][j] >= lengths[i][j + 1] {
                i += 1
            } else {
                j += 1
            }
        }
        return result
    }

    /// Myers' greedy forward search with a trace kept per edit step, then a
    /// backtrack that collects the diagonal (matching) moves.
    private static func myers(_ a: [Int], _ b: [Int]) -> [(Int, Int)] {
        let n = a.count
        let m = b.count
        let limit = min(n + m, maximumEdits)
        let offset = limit + 1
        var v = [Int](repeating: 0, count: 2 * limit + 3)
        var trace: [[Int]] = []
        var found = false
        var distance = 0
        search: for d in 0...limit {
            for k in stride(from: -d, through: d, by: 2) {
                var x: Int
                if k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1]) {
                    x = v[offset + k + 1]
                } else {
                    x = v[offset + k - 1] + 1
                }
                var y = x - k
                while x < n && y < m && a[x] == b[y] {
                    x += 1
                    y += 1
                }
                v[offset + k] = x
                if x >= n && y >= m {
                    trace.append(Array(v[(offset - d)...(offset + d)]))
                    distance = d
                    found = true
                    break search
                }
            }
            trace.append(Array(v[(offset - d)...(offset + d)]))
        }
        guard found else { return [] }

        var pairs: [(Int, Int)] = []
        var x = n
        var y = m
        var d = distance
        while d > 0 {
            let previous = trace[d - 1]
            func previousX(_ k: Int) -> Int { previous[k + d - 1] }
            let k = x - y
            let previousK = (k == -d || (k != d && previousX(k - 1) < previousX(k + 1))) ? k + 1 : k - 1
            let px = previousX(previousK)
            let py = px - previousK
            let startX = previousK == k + 1 ? px : px + 1
            let startY = startX - k
            while x > startX && y > startY {
                x -= 1
                y -= 1
                pairs.append((x, y))
            }
            x = px
            y = py
            d -= 1
        }
        while x > 0 && y > 0 {
            x -= 1
            y -= 1
            pairs.append((x, y))
        }
        return pairs
    }
}

/// Maps values to small integers so alignment compares integers, not trees.
struct SymbolTable<Value: Hashable> {
    private var symbols: [Value: Int] = [:]

    mutating func symbol(for value: Value) -> Int {
        if let s = symbols[value] { return s }
        let s = symbols.count
        symbols[value] = s
        return s
    }

    mutating func symbols(for values: some Sequence<Value>) -> [Int] {
        values.map { symbol(for: $0) }
    }
}
