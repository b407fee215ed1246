// The document tree every other module works on: JSON's data model with
// YAML's positions, mappings in the order the author wrote them.
import OrderedCollections

/// A 1-based line and column in a source text.
public struct SourcePosition: Sendable, Hashable, CustomStringConvertible {
    // Stored in 32 bits each: every node carries a position, and 8 bytes
    // less per node is a sixth of a large document's tree. Values beyond
    // 32 bits (no text planbench reads has 2^31 lines) are clamped.
    private var storedLine: Int32
    private var storedColumn: Int32

    public var line: Int {
        get { Int(storedLine) }
        set { storedLine = Int32(clamping: newValue) }
    }

    public var column: Int {
        get { Int(storedColumn) }
        set { storedColumn = Int32(clamping: newValue) }
    }

    public init(line: Int, column: Int) {
        storedLine = Int32(clamping: line)
        storedColumn = Int32(clamping: column)
    }

    /// The position of nodes that were built in memory rather than read.
    public static let unknown = SourcePosition(line: 0, column: 0)

    public var isKnown: Bool { line > 0 }

    public var description: String { "\(line):\(column)" }
}

/// One node of a document: a value and where it was read from.
///
/// Equality and hashing look at the value only, never at positions, so a
/// document re-read after reformatting compares equal to the original.
///
/// ```swift
/// let plan = try YAMLReader().read("id: isr\ntitle: ISR\n")
/// plan["title"]?.string   // "ISR"
/// plan["title"]?.position // 2:8
/// ```
public struct Node: Sendable {
    /// The content of a node. Integers and numbers are distinct kinds (YAML and
    /// JSON keep them apart in the source) but compare equal across kinds when
    /// they denote the same number; see ``Node/isJSONEqual(to:)``.
    public enum Content: Sendable {
        case null
        case bool(Bool)
        case integer(Int)
        case number(Double)
        case string(String)
        case sequence([Node])
        case mapping(OrderedDictionary<String, Node>)
    }

    /// The kind of a value, without its payload.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case null, bool, integer, number, string, sequence, mapping
    }

    public var content: Content
    public var position: SourcePosition

    public init(_ content: Content, at position: SourcePosition = .unknown) {
        self.content = content
        self.position = position
    }

    public var kind: Kind {
        switch content {
        case .null: .null
        case .bool: .bool
        case .integer: .integer
        case .number: .number
        case .string: .string
        case .sequence: .sequence
        case .mapping: .mapping
        }
    }
}

// MARK: - Typed access

extension Node {
    public static let null = Node(.null)

    public var isNull: Bool { if case .null = content { true } else { false } }

    public var bool: Bool? { if case .bool(let b) = content { b } else { nil } }

    public var string: String? { if case .string(let s) = content { s } else { nil } }

    /// The integer value, also for a number with no fractional part.
    public var integer: Int? {
        switch content {
        case .integer(let i): return i
        case .number(let d) where d.rounded() == d && abs(d) < 9.0e18: return Int(d)
        default: return nil
        }
    }

    /// The numeric value of an integer or a number.
    public var number: Double? {
        switch content {
        case .integer(let i): Double(i)
        case .number(let d): d
        default: nil
        }
    }

    public var sequence: [Node]? { if case .sequence(let s) = content { s } else { nil } }

    public var mapping: OrderedDictionary<String, Node>? {
        if case .mapping(let m) = content { m } else { nil }
    }

    /// The value at `key` of a mapping; `nil` for a missing key or a non-mapping.
    public subscript(key: String) -> Node? {
        get { mapping?[key] }
        set {
            guard case .mapping(var m) = content else { return }
            // Release the payload before mutating so the dictionary stays uniquely referenced.
            content = .null
            m[key] = newValue
            content = .mapping(m)
        }
    }

    /// The element at `index` of a sequence; `nil` when out of range or not a sequence.
    public subscript(index: Int) -> Node? {
        guard let s = sequence, s.indices.contains(index) else { return nil }
        return s[index]
    }

    /// The node at a JSON Pointer (RFC 6901) such as `/sections/0/title`.
    public func node(at pointer: JSONPointer) -> Node? {
        var current = self
        for token in pointer.tokens {
            switch current.content {
            case .mapping(let m):
                guard let next = m[token] else { return nil }
                current = next
            case .sequence(let s):
                guard let i = Int(token), s.indices.contains(i) else { return nil }
                current = s[i]
            default:
                return nil
            }
        }
        return current
    }

    /// The number of nodes in this tree, this one included.
    public var nodeCount: Int {
        switch content {
        case .sequence(let s): 1 + s.reduce(0) { $0 + $1.nodeCount }
        case .mapping(let m): 1 + m.values.reduce(0) { $0 + $1.nodeCount }
        default: 1
        }
    }
}

// MARK: - Equality (values only, positions ignored)

extension Node: Equatable {
    public static func == (lhs: Node, rhs: Node) -> Bool { lhs.content == rhs.content }
}

extension Node: Hashable {
    public func hash(into hasher: inout Hasher) { hasher.combine(content) }
}

extension Node.Content: Equatable {
    /// Structural equality that keeps integers and numbers apart (`1` and
    /// `1.0` differ), so a save that turns one into the other is a change.
    public static func == (lhs: Node.Content, rhs: Node.Content) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): true
        case (.bool(let a), .bool(let b)): a == b
        case (.integer(let a), .integer(let b)): a == b
        case (.number(let a), .number(let b)): a == b || (a.isNaN && b.isNaN)
        case (.string(let a), .string(let b)): a == b
        case (.sequence(let a), .sequence(let b)): a == b
        case (.mapping(let a), .mapping(let b)): a == b
        default: false
        }
    }
}

extension Node.Content: Hashable {
    public func hash(into hasher: inout Hasher) {
        switch self {
        case .null: hasher.combine(0)
        case .bool(let b): hasher.combine(1); hasher.combine(b)
        case .integer(let i): hasher.combine(2); hasher.combine(i)
        case .number(let d): hasher.combine(3); hasher.combine(d)
        case .string(let s): hasher.combine(4); hasher.combine(s)
        case .sequence(let s): hasher.combine(5); hasher.combine(s)
        case .mapping(let m): hasher.combine(6); hasher.combine(m)
        }
    }
}

extension Node {
    /// JSON Schema equality: `1 == 1.0`, mappings equal regardless of key
    /// order, sequences element by element.
    public func isJSONEqual(to other: Node) -> Bool {
        switch (content, other.content) {
        case (.integer, .integer), (.integer, .number), (.number, .integer), (.number, .number):
            if case .integer(let a) = content, case .integer(let b) = other.content { return a == b }
            return number == other.number
        case (.sequence(let a), .sequence(let b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.isJSONEqual(to: $1) }
        case (.mapping(let a), .mapping(let b)):
            guard a.count == b.count else { return false }
            for (key, av) in a {
                guard let bv = b[key], av.isJSONEqual(to: bv) else { return false }
            }
            return true
        case (.string(let a), .string(let b)):
            // JSON compares code points; Swift's == would equate "é" and "e" + U+0301.
            return a.unicodeScalars.elementsEqual(b.unicodeScalars)
        default:
            return content == other.content
        }
    }
}

// MARK: - Literals, for tests and for building documents in code

extension Node: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByStringLiteral, ExpressibleByArrayLiteral,
    ExpressibleByDictionaryLiteral
{
    public init(nilLiteral: ()) { self.init(.null) }
    public init(booleanLiteral value: Bool) { self.init(.bool(value)) }
    public init(integerLiteral value: Int) { self.init(.integer(value)) }
    public init(floatLiteral value: Double) { self.init(.number(value)) }
    public init(stringLiteral value: String) { self.init(.string(value)) }
    public init(arrayLiteral elements: Node...) { self.init(.sequence(elements)) }
    public init(dictionaryLiteral elements: (String, Node)...) {
        self.init(.mapping(OrderedDictionary(uniqueKeysWithValues: elements)))
    }
}
