// Writing a changed document back into the text it was read from, so that
// every node that did not change keeps its bytes: comments, blank lines,
// flow or block style, folded prose. Only changed nodes are written, in the
// canonical style of `YAMLWriter`, at the indentation of what they replace.

/// Edits YAML text to hold a new version of the document it was read from.
///
/// The text is treated as block-style YAML, line by line, with the source
/// positions of the tree read from it: a block mapping's position is its
/// first key, a block sequence's is its first `-`. A changed entry or item
/// is replaced by canonical YAML; a changed block collection is edited
/// entry by entry; unchanged entries, and comment and blank lines between
/// them, are copied. Where the layout is one this editor does not follow
/// (keys out of order, a first key of a list item removed), it returns
/// `nil`, and the caller writes the document canonically instead.
///
/// The result is not checked here: callers read it back and compare it with
/// the new tree (``PlanDocument`` has the readers; the workspace does this
/// in one place), falling back to ``YAMLWriter`` when it differs.
///
/// ```swift
/// let text = "id: x  # the id\nstatus: draft\n"
/// var new = old; new["status"] = "approved"
/// YAMLTextEditor.edit(text, old: old, new: new)  // "id: x  # the id\nstatus: approved\n"
/// ```
///
/// - Parameter renamedIDs: Items whose `id` changed, new id to old id: such
///   an item continues the old one (its comments and layout are kept) when
///   the old id is gone from its list and the new one was not there before.
/// - Complexity: O(lines × depth) for the parts that changed.
public enum YAMLTextEditor {
    public static func edit(_ text: String, old: Node, new: Node, renamedIDs: [String: String] = [:]) -> String? {
        guard old != new else { return text }
        guard case .mapping = old.content, case .mapping = new.content, old.position.isKnown else { return nil }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let start = old.position.line - 1
        guard lines.indices.contains(start), old.position.column == 1 else { return nil }
        var editor = Editor(lines: lines, renamedIDs: renamedIDs)
        guard let body = editor.mapping(old: old, new: new, region: start..<lines.count) else { return nil }
        return (Array(lines[..<start]) + body).joined(separator: "\n")
    }

    /// One edit: the source lines and the helpers that find spans in them.
    struct Editor {
        let lines: [String]
        var renamedIDs: [String: String] = [:]

        static func indentation(_ line: String) -> Int { line.prefix { $0 == " " }.count }

        static func isBlankOrComment(_ line: String) -> Bool {
            let rest = line.drop { $0 == " " }
            return rest.isEmpty || rest.first == "#" || rest == "\r"
        }

        static func startsItem(_ line: String, at indent: Int) -> Bool {
            let rest = line.dropFirst(indent)
            return rest.first == "-" && (rest.count == 1 || rest.dropFirst().first == " ")
        }

        /// The end of a block collection starting at `start` whose entries sit
        /// at `indent`: the first line after it that is indented less (or, for
        /// a mapping, a sequence dash at the same indentation that is not its own).
        func end(from start: Int, limit: Int, indent: Int, isSequence: Bool) -> Int {
            var j = start + 1
            while j < limit {
                let line = lines[j]
                if !Self.isBlankOrComment(line) {
                    let i = Self.indentation(line)
                    if i < indent { return j }
                    if i == indent && isSequence && !Self.startsItem(line, at: indent) { return j }
                }
                j += 1
            }
            return limit
        }

        /// Entry or item spans: each has leading lines (comments and blanks
        /// that precede it) and a body; `tail` holds what follows the last one.
        struct Spans {
            var leading: [Range<Int>] = []
            var bodies: [Range<Int>] = []
            var tail: Range<Int> = 0..<0
        }

        /// Splits `start..<end` at lines that begin an entry (`isStart`),
        /// keeping trailing comments and blank lines at or left of `indent`
        /// out of the body before them.
        func spans(start: Int, end: Int, indent: Int, isStart: (String) -> Bool) -> Spans {
            var starts = [start]
            var j = start + 1
            while j < end {
                if !Self.isBlankOrComment(lines[j]), Self.indentation(lines[j]) == indent, isStart(lines[j]) { starts.append(j) }
                j += 1
            }
            var result = Spans()
            var previousEnd = start
            for (n, s) in starts.enumerated() {
                let limit = n + 1 < starts.count ? starts[n + 1] : end
                var bodyEnd = limit
                while bodyEnd > s + 1, Self.isBlankOrComment(lines[bodyEnd - 1]), Self.indentation(lines[bodyEnd - 1]) <= indent || lines[bodyEnd - 1].allSatisfy({ $0 == " " }) {
                    bodyEnd -= 1
                }
                result.leading.append(previousEnd..<s)
                result.bodies.append(s..<bodyEnd)
                previousEnd = bodyEnd
            }
            result.tail = previousEnd..<end
            return result
        }

        /// The canonical lines of `key: value` (or, with `key` nil, of the list
        /// item `value`) at `indent`, the first line's indentation replaced by
        /// `prefix` when given (a list item's `- `).
        static func canonical(key: String?, value: Node, indent: Int, prefix: String?) -> [String] {
            let node = key.map { Node(.mapping([$0: value])) } ?? Node(.sequence([value]))
            var out = YAMLWriter.write(node).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            if out.last == "" { out.removeLast() }
            let pad = String(repeating: " ", count: indent)
            out = out.map { $0.isEmpty ? $0 : pad + $0 }
            if let prefix, !out.isEmpty { out[0] = prefix + out[0].dropFirst(indent) }
            return out
        }

        /// The new lines for a block mapping occupying `region` from its
        /// first key, or nil when the layout is not one this editor follows.
        func mapping(old: Node, new: Node, region: Range<Int>) -> [String]? {
            guard let oldMap = old.mapping, let newMap = new.mapping, !oldMap.isEmpty, old.position.isKnown else { return nil }
            let start = old.position.line - 1
            guard start == region.lowerBound, lines.indices.contains(start) else { return nil }
            let indent = old.position.column - 1
            // The first key's line may begin with a list item's `- `.
            let firstLine = lines[start]
            let prefix = String(firstLine.prefix(indent))
            let isItem = prefix.contains("-")
            guard isItem || prefix.allSatisfy({ $0 == " " }) else { return nil }
            let end = end(from: start, limit: region.upperBound, indent: indent, isSequence: false)
            let spans = spans(start: start, end: end, indent: indent) { line in
                let rest = line.dropFirst(indent)
                return rest.first != "-" && rest.first != "#"
            }
            guard spans.bodies.count == oldMap.count else { return nil }
            let oldKeys = Array(oldMap.keys)
            var out: [String] = []
            let newKeys = Array(newMap.keys)
            // A list item's first key carries the `- `: it must stay first.
            if isItem, newKeys.first != oldKeys.first { return nil }
            // Keys kept must keep their order (moving them would move comments).
            let kept = newKeys.filter { oldMap[$0] != nil }
            guard kept == oldKeys.filter({ newMap[$0] != nil }) else { return nil }
            for (position, key) in newKeys.enumerated() {
                let value = newMap[key]!
                let linePrefix = isItem && position == 0 ? prefix : nil
                guard let n = oldKeys.firstIndex(of: key) else {
                    out += Self.canonical(key: key, value: value, indent: indent, prefix: linePrefix)
                    continue
                }
                // Comments and blank lines that lead up to a removed entry go with it.
                out += spans.leading[n].map { lines[$0] }
                let body = spans.bodies[n]
                let oldValue = oldMap[key]!
                if oldValue == value {
                    out += body.map { lines[$0] }
                } else if let edited = collection(old: oldValue, new: value, entry: body) {
                    out += edited
                } else {
                    out += Self.canonical(key: key, value: value, indent: indent, prefix: linePrefix)
                }
            }
            out += spans.tail.map { lines[$0] }
            return out
        }

        /// An entry whose value is a non-empty block collection on the lines
        /// below its key, edited in place; nil otherwise.
        func collection(old: Node, new: Node, entry: Range<Int>) -> [String]? {
            guard old.position.isKnown else { return nil }
            let valueStart = old.position.line - 1
            guard valueStart > entry.lowerBound, valueStart < entry.upperBound else { return nil }
            let head = (entry.lowerBound..<valueStart).map { lines[$0] }
            switch (old.content, new.content) {
            case (.mapping, .mapping(let m)) where !m.isEmpty:
                return mapping(old: old, new: new, region: valueStart..<entry.upperBound).map { head + $0 }
            case (.sequence, .sequence(let s)) where !s.isEmpty:
                return sequence(old: old, new: new, region: valueStart..<entry.upperBound).map { head + $0 }
            default:
                return nil
            }
        }

        /// The new lines for a block sequence occupying `region` from its first `-`.
        func sequence(old: Node, new: Node, region: Range<Int>) -> [String]? {
            guard let oldItems = old.sequence, let newItems = new.sequence, !oldItems.isEmpty else { return nil }
            let start = old.position.line - 1
            let indent = old.position.column - 1
            guard start == region.lowerBound, Self.startsItem(lines[start], at: indent) else { return nil }
            let end = end(from: start, limit: region.upperBound, indent: indent, isSequence: true)
            let spans = spans(start: start, end: end, indent: indent) { Self.startsItem($0, at: indent) }
            guard spans.bodies.count == oldItems.count else { return nil }
            let matches = Self.match(old: oldItems, new: newItems, renamedIDs: renamedIDs)
            var out: [String] = []
            for (n, item) in newItems.enumerated() {
                guard let o = matches[n] else {
                    out += Self.canonical(key: nil, value: item, indent: indent, prefix: nil)
                    continue
                }
                out += spans.leading[o].map { lines[$0] }
                let body = spans.bodies[o]
                if oldItems[o] == item {
                    out += body.map { lines[$0] }
                } else if case .mapping = oldItems[o].content, case .mapping(let m) = item.content, !m.isEmpty,
                    oldItems[o].position.line - 1 == body.lowerBound,
                    let edited = mapping(old: oldItems[o], new: item, region: body)
                {
                    out += edited
                } else {
                    out += Self.canonical(key: nil, value: item, indent: indent, prefix: nil)
                }
            }
            out += spans.tail.map { lines[$0] }
            return out
        }

        /// For each new item, the old item it continues: by `id` when every
        /// item on both sides is a mapping with a unique id; otherwise equal
        /// items at the common start and end, and items at the same index
        /// when the lengths agree.
        static func match(old: [Node], new: [Node], renamedIDs: [String: String] = [:]) -> [Int?] {
            func ids(_ items: [Node]) -> [String]? {
                let found = items.compactMap { $0["id"]?.string }
                return found.count == items.count && Set(found).count == found.count ? found : nil
            }
            if let oldIDs = ids(old), let newIDs = ids(new) {
                let index = Dictionary(uniqueKeysWithValues: oldIDs.enumerated().map { ($1, $0) })
                let newSet = Set(newIDs)
                return newIDs.map { id in
                    if let found = index[id] { return found }
                    // A renamed item: its old id must be gone, so no item continues twice.
                    guard let previous = renamedIDs[id], !newSet.contains(previous) else { return nil }
                    return index[previous]
                }
            }
            if old.count == new.count { return Array(0..<old.count).map { Optional($0) } }
            var result = [Int?](repeating: nil, count: new.count)
            var prefix = 0
            while prefix < min(old.count, new.count), old[prefix] == new[prefix] {
                result[prefix] = prefix
                prefix += 1
            }
            var suffix = 0
            while suffix < min(old.count, new.count) - prefix, old[old.count - 1 - suffix] == new[new.count - 1 - suffix] {
                result[new.count - 1 - suffix] = old.count - 1 - suffix
                suffix += 1
            }
            return result
        }
    }
}
