// Reading YAML into the document tree through Yams' node-level API, with
// YAML 1.2 core-schema scalars: a date such as 2026-01-31 stays a string,
// and `yes`/`no`/`on`/`off` are strings, not booleans.
import Yams

/// Reads YAML text into a ``Node`` tree, keeping key order and positions.
///
/// Aliases are expanded, but never past ``maximumNodeCount`` nodes, so a
/// "billion laughs" document is refused with a clear error instead of
/// filling memory.
public struct YAMLReader: Sendable {
    /// The most nodes one document may expand to.
    public var maximumNodeCount: Int
    /// The deepest nesting allowed.
    public var maximumDepth: Int

    public init(maximumNodeCount: Int = 2_000_000, maximumDepth: Int = 10_000) {
        self.maximumNodeCount = maximumNodeCount
        self.maximumDepth = maximumDepth
    }

    /// Reads one YAML document.
    /// - Throws: ``DocumentError`` naming the line and column of the problem.
    public func read(_ text: String) throws(DocumentError) -> Node {
        let composed: Yams.Node?
        do {
            composed = try Yams.compose(yaml: text, .basic)
        } catch let error as YamlError {
            throw Self.documentError(from: error)
        } catch {
            throw .syntax(message: "\(error)", position: .unknown)
        }
        guard let composed else { throw .empty }
        // Without aliases a document cannot hold more nodes than about half its
        // bytes, so a budget of a few nodes per byte only ever stops alias bombs.
        var budget = min(maximumNodeCount, 10_000 + 8 * text.utf8.count)
        let limit = budget
        do {
            return try convert(composed, depth: 0, budget: &budget)
        } catch .aliasExpansionLimit(_, let position) {
            throw .aliasExpansionLimit(limit: limit, position: position)
        }
    }

    /// Reads one YAML document from bytes, refusing invalid UTF-8.
    public func read(_ bytes: some Collection<UInt8>) throws(DocumentError) -> Node {
        try read(try Self.decodeUTF8(bytes))
    }

    static func decodeUTF8(_ bytes: some Collection<UInt8>) throws(DocumentError) -> String {
        var offset = 0
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        var scalars = String.UnicodeScalarView()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let s):
                scalars.append(s)
                offset += UTF8.width(s)
            case .emptyInput:
                return String(scalars)
            case .error:
                throw .invalidUTF8(offset: offset)
            }
        }
    }

    private func convert(_ node: Yams.Node, depth: Int, budget: inout Int) throws(DocumentError) -> Node {
        let position = Self.position(of: node.mark)
        budget -= 1
        guard budget >= 0 else { throw .aliasExpansionLimit(limit: maximumNodeCount, position: position) }
        guard depth <= maximumDepth else { throw .nestingTooDeep(limit: maximumDepth, position: position) }
        switch node {
        case .scalar(let scalar):
            return Node(try Self.resolve(scalar, at: position), at: position)
        case .sequence(let sequence):
            var items: [Node] = []
            items.reserveCapacity(sequence.count)
            for item in sequence {
                items.append(try convert(item, depth: depth + 1, budget: &budget))
            }
            return Node(.sequence(items), at: position)
        case .mapping(let mapping):
            var result = Node(.mapping([:]), at: position)
            var entries: [(String, Node)] = []
            entries.reserveCapacity(mapping.count)
            var seen = Set<String>()
            for (key, value) in mapping {
                guard case .scalar(let keyScalar) = key else {
                    throw .unsupported(
                        message: "mapping keys must be plain text; found a collection used as a key",
                        position: Self.position(of: key.mark))
                }
                let name = keyScalar.string
                guard seen.insert(name).inserted else {
                    throw .syntax(
                        message: "duplicate key \"\(name)\"; each key may appear once in a mapping",
                        position: Self.position(of: key.mark))
                }
                entries.append((name, try convert(value, depth: depth + 1, budget: &budget)))
            }
            result.content = .mapping(.init(uniqueKeysWithValues: entries))
            return result
        case .alias(let alias):
            throw .syntax(message: "unresolved alias *\(alias.anchor)", position: position)
        }
    }

    static func position(of mark: Yams.Mark?) -> SourcePosition {
        guard let mark else { return .unknown }
        return SourcePosition(line: mark.line, column: mark.column)
    }

    /// Resolves a scalar by the YAML 1.2 core schema; quoted and block
    /// scalars are always strings.
    static func resolve(_ scalar: Yams.Node.Scalar, at position: SourcePosition) throws(DocumentError) -> Node.Content {
        let tag = scalar.tag.rawValue
        return try CoreSchema.resolve(
            scalar.string, tag: tag.isEmpty ? nil : tag, isPlain: scalar.style == .plain || scalar.style == .any,
            at: position)
    }
}

/// The YAML 1.2 core schema's rules for plain scalars.
public enum CoreSchema {
    /// The value of a scalar given its explicit tag (`nil` or `?` when
    /// untagged) and whether it was written plain (quoted and block scalars
    /// are strings unless tagged).
    /// - Throws: ``DocumentError/unsupported(message:position:)`` for tags
    ///   outside JSON's data model or values that contradict their tag.
    public static func resolve(_ text: String, tag: String?, isPlain: Bool, at position: SourcePosition) throws(DocumentError) -> Node.Content {
        switch tag {
        case nil, "?":
            return isPlain ? resolvePlain(text) : .string(text)
        case "!", "tag:yaml.org,2002:str":
            return .string(text)
        case "tag:yaml.org,2002:int":
            guard case .integer(let i)? = number(text) else {
                throw .unsupported(message: "\"\(text)\" is tagged !!int but is not an integer", position: position)
            }
            return .integer(i)
        case "tag:yaml.org,2002:float":
            guard let n = number(text) else {
                throw .unsupported(message: "\"\(text)\" is tagged !!float but is not a number", position: position)
            }
            if case .integer(let i) = n { return .number(Double(i)) }
            return n
        case "tag:yaml.org,2002:bool":
            guard let b = bool(text) else {
                throw .unsupported(message: "\"\(text)\" is tagged !!bool but is not true or false", position: position)
            }
            return .bool(b)
        case "tag:yaml.org,2002:null":
            return .null
        case let other?:
            throw .unsupported(
                message: "tag \(other) is not supported; remove the tag (documents hold JSON data only)",
                position: position)
        }
    }

    public static func resolvePlain(_ text: String) -> Node.Content {
        if let first = text.utf8.first {
            // Cheap first-byte filter: most plain scalars are words.
            let c = first
            let mayBeSpecial = c == UInt8(ascii: "~") || c == UInt8(ascii: "n") || c == UInt8(ascii: "N")
                || c == UInt8(ascii: "t") || c == UInt8(ascii: "T") || c == UInt8(ascii: "f")
                || c == UInt8(ascii: "F") || c == UInt8(ascii: ".") || c == UInt8(ascii: "-")
                || c == UInt8(ascii: "+") || (c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9"))
            guard mayBeSpecial else { return .string(text) }
        } else {
            return .null
        }
        if isNull(text) { return .null }
        if let b = bool(text) { return .bool(b) }
        if let n = number(text) { return n }
        return .string(text)
    }

    public static func isNull(_ text: String) -> Bool {
        text.isEmpty || text == "~" || text == "null" || text == "Null" || text == "NULL"
    }

    public static func bool(_ text: String) -> Bool? {
        switch text {
        case "true", "True", "TRUE": true
        case "false", "False", "FALSE": false
        default: nil
        }
    }

    /// An integer (decimal, `0x`, `0o`) or a float (`1.5`, `1e3`, `.inf`, `.nan`).
    /// Integers too large for `Int` become numbers.
    public static func number(_ text: String) -> Node.Content? {
        switch text {
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return .number(.infinity)
        case "-.inf", "-.Inf", "-.INF": return .number(-.infinity)
        case ".nan", ".NaN", ".NAN": return .number(.nan)
        default: break
        }
        let bytes = Array(text.utf8)
        guard !bytes.isEmpty else { return nil }
        if bytes.count > 2, bytes[0] == UInt8(ascii: "0") {
            if bytes[1] == UInt8(ascii: "x"), let i = Int(text.dropFirst(2), radix: 16) { return .integer(i) }
            if bytes[1] == UInt8(ascii: "o"), let i = Int(text.dropFirst(2), radix: 8) { return .integer(i) }
        }
        // [-+]? digits
        var i = 0
        if bytes[0] == UInt8(ascii: "-") || bytes[0] == UInt8(ascii: "+") { i = 1 }
        let digitsStart = i
        while i < bytes.count, bytes[i] >= UInt8(ascii: "0"), bytes[i] <= UInt8(ascii: "9") { i += 1 }
        let intDigits = i - digitsStart
        if i == bytes.count {
            guard intDigits > 0 else { return nil }
            if let value = Int(text) { return .integer(value) }
            return Double(text).map { .number($0) }
        }
        // [-+]? ( . [0-9]+ | [0-9]+ ( . [0-9]* )? ) ( [eE] [-+]? [0-9]+ )?
        var fractionDigits = 0
        if bytes[i] == UInt8(ascii: ".") {
            i += 1
            while i < bytes.count, bytes[i] >= UInt8(ascii: "0"), bytes[i] <= UInt8(ascii: "9") {
                i += 1
                fractionDigits += 1
            }
        }
        guard intDigits + fractionDigits > 0 else { return nil }
        if i < bytes.count, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
            i += 1
            if i < bytes.count, bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "+") { i += 1 }
            let expStart = i
            while i < bytes.count, bytes[i] >= UInt8(ascii: "0"), bytes[i] <= UInt8(ascii: "9") { i += 1 }
            guard i > expStart else { return nil }
        }
        guard i == bytes.count, let value = Double(text) else { return nil }
        return .number(value)
    }
}

extension YAMLReader {
    static func documentError(from error: YamlError) -> DocumentError {
        switch error {
        case .scanner(let context, let problem, let mark, _),
            .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            let text = context.map { "\(problem) \($0.text)" } ?? problem
            return .syntax(message: text, position: SourcePosition(line: mark.line, column: mark.column))
        case .reader(let problem, let offset, _, _):
            return .syntax(message: "\(problem)\(offset.map { " at byte \($0)" } ?? "")", position: .unknown)
        case .duplicatedKeysInMapping(let duplicates, let context):
            return .syntax(
                message: "duplicate keys \(duplicates.joined(separator: ", ")) \(context.text); each key may appear once",
                position: SourcePosition(line: context.mark.line, column: context.mark.column))
        default:
            return .syntax(message: "\(error)", position: .unknown)
        }
    }
}
