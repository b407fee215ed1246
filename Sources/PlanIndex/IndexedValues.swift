// The plain values the workspace hands the index: commits, changes and parsed
// documents, read out of git by the caller (the index knows nothing of git).
import PlanDocument

/// One commit, as the index stores it.
public struct IndexedCommit: Sendable {
    public var id: String
    public var parents: [String]
    public var author: String
    public var email: String
    /// Author time, seconds since 1970 UTC.
    public var time: Int64
    /// The author's UTC offset, in minutes.
    public var utcOffset: Int
    public var message: String
    /// What the commit changed against each parent (one list per parent, one list
    /// against the empty tree for a root commit); documents only.
    public var changes: [[IndexedChange]]
    /// Documents the commit moved (new path -> old path), as the workspace
    /// recorded it when it made the commit (`planbench rename`): the document
    /// at the new path continues the one at the old path.
    public var renames: [String: String]

    public init(
        id: String, parents: [String], author: String, email: String, time: Int64, utcOffset: Int, message: String,
        changes: [[IndexedChange]], renames: [String: String] = [:]
    ) {
        self.renames = renames
        self.id = id
        self.parents = parents
        self.author = author
        self.email = email
        self.time = time
        self.utcOffset = utcOffset
        self.message = message
        self.changes = changes
    }
}

/// A document path changed between two trees: blob ids on each side (nil: absent).
public struct IndexedChange: Sendable, Hashable {
    public var path: String
    public var kind: String
    public var oldBlob: String?
    public var newBlob: String?

    public init(path: String, kind: String, oldBlob: String?, newBlob: String?) {
        self.path = path
        self.kind = kind
        self.oldBlob = oldBlob
        self.newBlob = newBlob
    }
}

/// A parsed document blob.
public struct IndexedDocument: Sendable {
    public var blob: String
    public var path: String
    /// `plan`, `review`, `guideline-edition`, `crosswalk` or `workspace`.
    public var kind: String
    /// The tree; nil when the blob does not parse (`error` says why).
    public var node: Node?
    public var error: String?
    /// For an edition: each section's citation fingerprint (computed by the
    /// workspace, which owns the hashing), so suspect citations can be found.
    public var sectionFingerprints: [String: String]
    /// For a plan: its facts as the workspace encodes them (`plan_facts`).
    public var planFacts: [UInt8]?

    public init(blob: String, path: String, kind: String, node: Node?, error: String? = nil, sectionFingerprints: [String: String] = [:]) {
        self.blob = blob
        self.path = path
        self.kind = kind
        self.node = node
        self.error = error
        self.sectionFingerprints = sectionFingerprints
    }
}
