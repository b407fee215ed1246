// One line of `git status`, as a Swift value.

/// How one path in the work tree differs from HEAD, split as git does into the
/// staged part (index vs HEAD) and the unstaged part (work tree vs index).
public struct StatusEntry: Hashable, Sendable, CustomStringConvertible {
    /// The kind of difference on one side.
    public enum Change: Hashable, Sendable {
        case added, modified, deleted, renamed, typeChanged
    }

    /// Path relative to the work-tree root, `/`-separated.
    public var path: String
    /// Index compared with HEAD; nil when they agree.
    public var staged: Change?
    /// Work tree compared with the index; nil when they agree.
    public var unstaged: Change?
    /// The file exists only in the work tree (not ignored, not in the index).
    public var isUntracked: Bool
    /// The index holds an unresolved merge conflict for this path.
    public var isConflicted: Bool

    public init(path: String, staged: Change? = nil, unstaged: Change? = nil, isUntracked: Bool = false, isConflicted: Bool = false) {
        self.path = path
        self.staged = staged
        self.unstaged = unstaged
        self.isUntracked = isUntracked
        self.isConflicted = isConflicted
    }

    /// Two letters as in `git status --short` (`" M"`, `"A "`, `"??"`, `"UU"`), then the path.
    public var description: String {
        if isUntracked { return "?? \(path)" }
        if isConflicted { return "UU \(path)" }
        return "\(Self.letter(staged))\(Self.letter(unstaged)) \(path)"
    }

    private static func letter(_ change: Change?) -> String {
        switch change {
        case nil: return " "
        case .added: return "A"
        case .modified: return "M"
        case .deleted: return "D"
        case .renamed: return "R"
        case .typeChanged: return "T"
        }
    }
}
