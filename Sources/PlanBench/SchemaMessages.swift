// Schema errors in the words of the document a person wrote: the location
// as a path through the plan (`sections[early-warning].roles[0].responsibility`)
// rather than a JSON Pointer, a close spelling for an unknown field, and a
// pattern described by the schema's own description rather than a regex.
import PlanDocument

enum SchemaMessages {
    /// A readable path to the node at `pointer`: list items that have an
    /// `id` are named by it, others by their index; the root is `(document)`.
    static func path(of pointer: JSONPointer, in document: Node) -> String {
        var text = ""
        var current: Node? = document
        for token in pointer.tokens {
            switch current?.content {
            case .sequence(let items)?:
                let index = Int(token) ?? -1
                let item: Node? = items.indices.contains(index) ? items[index] : nil
                if let id = item?["id"]?.string, Identifier.isValid(id) {
                    text += "[\(id)]"
                } else {
                    text += "[\(token)]"
                }
                current = item
            default:
                text += text.isEmpty ? token : ".\(token)"
                current = current?[token]
            }
        }
        return text.isEmpty ? "(document)" : text
    }

    /// The schema problem's message, rewritten for a person.
    static func message(for problem: SchemaProblem, in document: Node, kind: DocumentKind) -> String {
        let prefix = "\(problem.pointer): "
        var message = problem.message.hasPrefix(prefix) ? String(problem.message.dropFirst(prefix.count)) : problem.message
        let schema = subschema(at: problem.pointer, kind: kind)
        if message.hasPrefix("property \""), message.hasSuffix("\" is not allowed here") {
            let name = String(message.dropFirst("property \"".count).dropLast("\" is not allowed here".count))
            let parentSchema = subschema(at: JSONPointer(tokens: Array(problem.pointer.tokens.dropLast())), kind: kind)
            let allowed = parentSchema.map(propertyNames(of:)) ?? []
            if let best = closest(to: name, in: allowed) {
                message = "unknown field \"\(name)\"; did you mean \"\(best)\"?"
            } else if !allowed.isEmpty {
                message = "unknown field \"\(name)\"; the fields allowed here are \(allowed.joined(separator: ", "))"
            }
        } else if message.hasPrefix("expected a string matching /"), let schema,
            let description = description(of: schema)
        {
            let found = message.range(of: ", found ").map { String(message[$0.lowerBound...]) } ?? ""
            message = "expected \(lowercasedFirst(description.trimmingCharacters(in: ["."])))\(found)"
        } else if message.hasPrefix("expected one of "), let options = schema?["enum"]?.sequence?.compactMap(\.string),
            let found = document.node(at: problem.pointer)?.string, let best = closest(to: found, in: options)
        {
            message += "; did you mean \"\(best)\"?"
        }
        return problem.pointer.isRoot ? message : "\(path(of: problem.pointer, in: document)): \(message)"
    }

    // MARK: Walking the embedded schemas

    private static let schemas = Locked<[DocumentKind: Node]>([:])

    private static func schema(for kind: DocumentKind) -> Node? {
        if let known = schemas.withLock({ $0[kind] }) { return known }
        guard let text = EmbeddedResources.schemas[kind.schemaFileName], let node = try? JSONReader().read(text) else { return nil }
        schemas.withLock { $0[kind] = node }
        return node
    }

    /// The subschema that governs the value at `pointer`, following
    /// `properties`, `items` and local `$ref`s; nil where it cannot tell.
    static func subschema(at pointer: JSONPointer, kind: DocumentKind) -> Node? {
        guard let root = schema(for: kind) else { return nil }
        var current: Node? = resolve(root, root: root)
        for token in pointer.tokens {
            guard let here = current else { return nil }
            if let next = here["properties"]?[token] {
                current = resolve(next, root: root)
            } else if Int(token) != nil, let items = here["items"] {
                current = resolve(items, root: root)
            } else {
                return nil
            }
        }
        return current
    }

    /// Follows a local `$ref` (`#/$defs/name`), keeping the referring
    /// schema's own description when it has one.
    private static func resolve(_ schema: Node, root: Node) -> Node {
        guard let reference = schema["$ref"]?.string, reference.hasPrefix("#/"),
            var target = root.node(at: JSONPointer(String(reference.dropFirst())))
        else { return schema }
        target = resolve(target, root: root)
        if schema["description"] != nil, target["description"] != nil {
            target["referenceDescription"] = target["description"]
            target["description"] = schema["description"]
        }
        return target
    }

    private static func description(of schema: Node) -> String? {
        schema["referenceDescription"]?.string ?? schema["description"]?.string
    }

    private static func propertyNames(of schema: Node) -> [String] {
        schema["properties"]?.mapping.map { Array($0.keys) } ?? []
    }

    /// The allowed name closest to `name` by edit distance, when close enough to be a slip.
    static func closest(to name: String, in candidates: [String]) -> String? {
        let scored = candidates.map { ($0, distance(name.lowercased(), $0.lowercased())) }
        guard let best = scored.min(by: { $0.1 < $1.1 }), best.1 <= max(2, name.count / 3) else { return nil }
        return best.0
    }

    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a.unicodeScalars), b = Array(b.unicodeScalars)
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var row = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                row[j] = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = row
        }
        return previous[b.count]
    }

    private static func lowercasedFirst(_ text: String) -> String {
        guard let first = text.first else { return text }
        return first.lowercased() + text.dropFirst()
    }
}
