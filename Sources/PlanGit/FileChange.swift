// One file's difference between two commits, as a Swift value.

/// A file added, modified or deleted between two commits, with the blob ids on each
/// side so the caller can read both versions (`readBlob`) without another tree lookup.
public struct FileChange: Hashable, Sendable, CustomStringConvertible {
    public enum Kind: Hashable, Sendable {
        case added, modified, deleted
    }

    public var path: String
    public var kind: Kind
    /// The blob before the change; nil when added.
    public var oldID: ObjectID?
    /// The blob after the change; nil when deleted.
    public var newID: ObjectID?

    public init(path: String, kind: Kind, oldID: ObjectID?, newID: ObjectID?) {
        self.path = path
        self.kind = kind
        self.oldID = oldID
        self.newID = newID
    }

    /// `A path`, `M path` or `D path`, as `git diff --name-status` prints.
    public var description: String {
        switch kind {
        case .added: return "A \(path)"
        case .modified: return "M \(path)"
        case .deleted: return "D \(path)"
        }
    }
}
