// The paths the evaluator walks (instance tokens, keyword tokens), and the
// locations of the errors it records along them.
import PlanDocument

/// A path of tokens walked depth first, whose snapshots cost a constant
/// amount of work per level ever pushed, not the length of the path.
///
/// An error records where it happened: copying the whole path into each error
/// costs its length, and a recursive `anyOf` on a value *n* levels deep
/// records errors at every level (most dropped a level up): *n*² work. A
/// snapshot is instead an entry in a table of (token, parent entry) pairs
/// that every snapshot shares; the levels of the path that already have an
/// entry reuse it, so each level pushed gets at most one entry however many
/// errors are recorded below it.
///
/// The rule the reuse relies on: `levels[i]` is the entry for `tokens[0...i]`
/// as the path is now. Only the last level ever changes (push, pop, replace),
/// and popping or replacing it drops its entry.
struct SharedPath: Sendable {
    /// Where an error happened: an entry of the table (-1 for the root) and
    /// the number of tokens it stands for.
    struct Location: Sendable {
        var entry: Int
        var count: Int
        static let root = Location(entry: -1, count: 0)
    }

    private(set) var tokens: [String] = []
    private var entries: [(token: String, parent: Int)] = []
    private var levels: [Int] = []

    var count: Int { tokens.count }
    var isEmpty: Bool { tokens.isEmpty }
    var last: String? { tokens.last }
    /// Entries made so far: the work snapshots have cost.
    var entryCount: Int { entries.count }

    mutating func append(_ token: String) { tokens.append(token) }

    mutating func removeLast() {
        tokens.removeLast()
        if levels.count > tokens.count { levels.removeLast() }
    }

    mutating func replaceLast(with token: String) {
        tokens[tokens.count - 1] = token
        if levels.count == tokens.count { levels.removeLast() }
    }

    /// The path as it is now.
    /// - Complexity: amortized O(1): one entry for each level that has none.
    mutating func snapshot() -> Location {
        while levels.count < tokens.count {
            entries.append((tokens[levels.count], levels.last ?? -1))
            levels.append(entries.count - 1)
        }
        return Location(entry: levels.last ?? -1, count: tokens.count)
    }

    /// The path with its last token (if any) replaced by `token`, or with
    /// `token` appended when the path is empty.
    mutating func snapshot(endingWith token: String) -> Location {
        if tokens.last == token { return snapshot() }
        guard !tokens.isEmpty else {
            entries.append((token, -1))
            return Location(entry: entries.count - 1, count: 1)
        }
        let whole = snapshot()
        let parent = entries[whole.entry].parent
        entries.append((token, parent))
        return Location(entry: entries.count - 1, count: whole.count)
    }

    /// The tokens of a location, root first.
    /// - Complexity: O(`location.count`).
    func tokens(of location: Location) -> [String] {
        var result = [String](repeating: "", count: location.count)
        var entry = location.entry
        var i = location.count
        while entry >= 0 {
            i -= 1
            result[i] = entries[entry].token
            entry = entries[entry].parent
        }
        return result
    }
}

/// An error as the evaluator records it: a ``ValidationError`` whose
/// locations are snapshots of the evaluator's paths, spelled out only for the
/// errors that are kept (``Evaluator/validationErrors()``).
struct Failure: Sendable {
    var instanceLocation: SharedPath.Location
    var keywordLocation: SharedPath.Location
    var absoluteKeywordLocation: String
    var keyword: String
    var message: String
    var position: SourcePosition

    /// How deep into the instance the error is.
    var depth: Int { instanceLocation.count }
}
