import PlanDocument

/// Writes a changed document back over the text it was read from, keeping
/// the bytes of everything that did not change (comments, layout, styles).
///
/// Every edit goes through here: ``YAMLTextEditor`` proposes the edited
/// text, which is read back and must equal the new tree; otherwise (or when
/// the editor cannot follow the layout) the document is written in
/// canonical style. So the result always holds exactly `new`.
public enum DocumentEditing {
    /// The bytes of `new`, as close to `text` (which holds `old`) as it can be.
    ///
    /// - Parameter renamedIDs: List items whose `id` changed (new id to old
    ///   id), so their text is edited in place rather than rewritten.
    public static func bytes(
        of new: Node, replacing old: Node, in text: [UInt8], path: String, renamedIDs: [String: String] = [:]
    ) -> [UInt8] {
        let source = String(decoding: text, as: UTF8.self)
        if let edited = YAMLTextEditor.edit(source, old: old, new: new, renamedIDs: renamedIDs) {
            let bytes = Array(edited.utf8)
            if let reread = try? DocumentReading.parse(bytes, path: path), reread == new, reread.nodeCount == new.nodeCount {
                return bytes
            }
        }
        return YAMLWriter.bytes(of: new)
    }

    /// `document` with `key` set to `value`: in place when present, else
    /// inserted after the first of `after` that is present (else at the end).
    public static func setting(_ key: String, to value: Node, in document: Node, after: [String]) -> Node {
        guard var mapping = document.mapping else { return document }
        if mapping[key] != nil {
            mapping[key] = value
        } else if let anchor = after.first(where: { mapping[$0] != nil }), let index = mapping.index(forKey: anchor) {
            mapping.updateValue(value, forKey: key, insertingAt: index + 1)
        } else {
            mapping[key] = value
        }
        var result = document
        result.content = .mapping(mapping)
        return result
    }
}
