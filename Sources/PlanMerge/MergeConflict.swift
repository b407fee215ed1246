// What a three-way merge could not decide on its own.
import PlanDocument

/// Which version a value comes from.
public enum MergeSide: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case ours, base, theirs

    /// Ours and theirs exchanged; the base stays.
    public var swapped: MergeSide {
        switch self {
        case .ours: .theirs
        case .base: .base
        case .theirs: .ours
        }
    }

    public var description: String { rawValue }
}

/// A place where both sides changed the same thing differently.
///
/// The merged document holds OURS' value at ``pointer`` so it stays a valid
/// document; ``base``, ``ours`` and ``theirs`` say what each version had
/// (`nil` where a version has no value there: not yet added, or deleted).
///
/// In a list without item ids a conflict covers a region of the list: its
/// path ends in the base index where the region starts (`citations[1]`), its
/// pointer is the region's first element, and each value is the region's one
/// element or, when the region has several, a sequence of them. A `moveMove`
/// of several items carries each side's order of their ids.
public struct MergeConflict: Sendable, Hashable, CustomStringConvertible {
    /// How the two sides disagree.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// Both changed one value to different values.
        case modifyModify = "modify-modify"
        /// One side deleted what the other changed.
        case deleteModify = "delete-modify"
        /// Both added the same key or item id with different content.
        case addAdd = "add-add"
        /// Both moved the same items to different places.
        case moveMove = "move-move"
        /// One side moved an item the other deleted.
        case moveDelete = "move-delete"
        /// Both changed the same words of a text; the rest of the text merged.
        case text
    }

    public var kind: Kind
    /// Where the conflict is in the merged document (OURS' resolution). For a
    /// value OURS deleted, where it would be.
    public var pointer: JSONPointer
    /// Where the conflict is in the document resolved with THEIRS' values.
    public var theirsPointer: JSONPointer
    /// A readable path through item ids, such as `sections[concept].tasks[t1].title`
    /// (the syntax `diff` prints),
    /// the same on both sides.
    public var path: String
    public var base: Node?
    public var ours: Node?
    public var theirs: Node?

    public init(
        kind: Kind, pointer: JSONPointer, theirsPointer: JSONPointer, path: String,
        base: Node?, ours: Node?, theirs: Node?
    ) {
        self.kind = kind
        self.pointer = pointer
        self.theirsPointer = theirsPointer
        self.path = path
        self.base = base
        self.ours = ours
        self.theirs = theirs
    }

    /// The same conflict seen from the other side.
    public func swapped() -> MergeConflict {
        MergeConflict(
            kind: kind, pointer: theirsPointer, theirsPointer: pointer, path: path,
            base: base, ours: theirs, theirs: ours)
    }

    /// The value one version has here.
    public func value(_ side: MergeSide) -> Node? {
        switch side {
        case .ours: ours
        case .base: base
        case .theirs: theirs
        }
    }

    public var description: String {
        "\(path.isEmpty ? "(document)" : path): \(kind.summary)"
    }
}

extension MergeConflict.Kind {
    /// The kind in plain words, for people.
    public var words: String {
        switch self {
        case .modifyModify: "changed differently on both sides"
        case .deleteModify: "deleted on one side, changed on the other"
        case .addAdd: "added on both sides with different content"
        case .moveMove: "moved to different places on both sides"
        case .moveDelete: "moved on one side, deleted on the other"
        case .text: "the same words changed on both sides"
        }
    }

    /// One line a user can act on.
    public var summary: String {
        switch self {
        case .modifyModify: "both sides changed this value differently; keep one with `resolve --take ours|theirs` or edit it"
        case .deleteModify: "one side deleted what the other changed; take the deletion or the change"
        case .addAdd: "both sides added this with different content; keep one or combine them by editing"
        case .moveMove: "both sides moved these items to different places; pick one order"
        case .moveDelete: "one side moved an item the other deleted; keep it (moved) or delete it"
        case .text: "both sides changed the same words of this text; the rest merged, pick a wording"
        }
    }
}
