// The edit model: what changed between two document trees, where, and how
// to say it to a reviewer.
import PlanDocument

/// One step of a structural diff.
///
/// A diff is an ordered list of edits that turns the old document into the
/// new one when applied in order, exactly like an RFC 6902 JSON Patch: each
/// ``pointer`` (and ``from`` for moves) is valid at the moment its edit
/// applies. In practice that means:
///
/// - edits inside an item (``Kind/replace``, ``Kind/text``, and anything
///   nested) carry the item's address in the *new* document;
/// - ``Kind/remove``, ``Kind/add`` and ``Kind/move`` of sequence items carry
///   indices of the sequence as it stands after the edits before them.
///
/// ``path`` names the same place by identity instead (`sections[isr]`), which
/// is what people read and what grouping by Guideline section relies on.
public struct Edit: Sendable, Equatable {
    /// What an edit does.
    public enum Kind: String, Sendable, Equatable, CaseIterable {
        /// A value appears: a mapping key or a sequence item.
        case add
        /// A value disappears.
        case remove
        /// A value is replaced by another one (different kind, or a short scalar).
        case replace
        /// A sequence item moves to another position, keeping its identity (or
    /// a mapping key changes place among its siblings).
        case move
        /// A string changes; ``Edit/segments`` hold the word-level hunks.
        case text
    }

    public var kind: Kind
    /// Where the edit applies (see the type's discussion for the coordinates).
    public var pointer: JSONPointer
    /// Where a moved item is taken from, at the moment the move applies.
    public var from: JSONPointer?
    /// The place by identity: keys, and sequence items by their `id`,
    /// `actor` or `name` (else by index).
    public var path: [PathComponent]
    /// The value before (remove, replace, text, move).
    public var oldValue: Node?
    /// The value after (add, replace, text, move).
    public var newValue: Node?
    /// For ``Kind/text``: the whole old and new text as equal, deleted and
    /// inserted runs of tokens.
    public var segments: [TextSegment]
    /// For ``Kind/move``: the item's index in the old and in the new
    /// sequence (or mapping, for a key that changes place).
    public var positions: Positions?
    /// For an add or move of a mapping key: the index the key takes among
    /// its mapping's keys when the edit applies, so the result keeps the new
    /// document's key order. `nil` appends, as JSON Patch does.
    public var keyIndex: Int?

    public init(
        kind: Kind, pointer: JSONPointer, from: JSONPointer? = nil, path: [PathComponent],
        oldValue: Node? = nil, newValue: Node? = nil, segments: [TextSegment] = [],
        positions: Positions? = nil, keyIndex: Int? = nil
    ) {
        self.kind = kind
        self.pointer = pointer
        self.from = from
        self.path = path
        self.oldValue = oldValue
        self.newValue = newValue
        self.segments = segments
        self.positions = positions
        self.keyIndex = keyIndex
    }

    /// Whether this is a mapping key changing place: it has no JSON Patch
    /// counterpart, since JSON objects have no order.
    public var isKeyReorder: Bool { kind == .move && from == pointer && keyIndex != nil }

    /// The place as people read it: `sections[isr].roles[sdf].responsibility`.
    public var readablePath: String { PathComponent.readable(path) }

    /// Where a moved item stood in the old sequence and stands in the new one.
    public struct Positions: Sendable, Equatable {
        public var old: Int
        public var new: Int
        public init(old: Int, new: Int) { self.old = old; self.new = new }
    }
}

/// One step of a readable path.
public enum PathComponent: Sendable, Hashable {
    /// A mapping key.
    case key(String)
    /// A sequence item named by its identity value (`isr` for `{id: isr}`).
    case item(String)
    /// A sequence item without identity, by index.
    case index(Int)

    /// Joins components into `sections[isr].roles[sdf].responsibility`;
    /// keys that are not plain words are quoted (`["a.b"]`), so the path
    /// stays unambiguous.
    public static func readable(_ path: [PathComponent]) -> String {
        var out = ""
        for component in path {
            switch component {
            case .key(let key):
                if isPlainKey(key) {
                    if !out.isEmpty { out += "." }
                    out += key
                } else {
                    out += "[" + quoted(key) + "]"
                }
            case .item(let identity):
                out += "[" + (isPlainKey(identity) ? identity : quoted(identity)) + "]"
            case .index(let index):
                out += "[\(index)]"
            }
        }
        return out.isEmpty ? "(document)" : out
    }

    private static func isPlainKey(_ key: String) -> Bool {
        guard let first = key.unicodeScalars.first, !("0"..."9").contains(first) else { return false }
        return key.unicodeScalars.allSatisfy { c in
            ("a"..."z").contains(c) || ("A"..."Z").contains(c) || ("0"..."9").contains(c)
                || c == "_" || c == "-"
        }
    }

    private static func quoted(_ text: String) -> String {
        var out = ""
        JSONWriter.writeString(text, into: &out)
        return out
    }
}

extension Edit: CustomStringConvertible {
    /// A one-line summary, for logs and test failures.
    public var description: String {
        switch kind {
        case .move:
            return "move \(readablePath) \(from.map(\.description) ?? "?") -> \(pointer)"
        default:
            return "\(kind.rawValue) \(readablePath) at \(pointer)"
        }
    }
}
