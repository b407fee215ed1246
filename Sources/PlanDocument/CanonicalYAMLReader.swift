// A fast reader for the one YAML style YAMLWriter emits, so that commands
// handling large documents (merge-file) do not spend their time in the
// general YAML parser. Anything outside that style is declined, and the
// caller reads the text with YAMLReader instead.
import OrderedCollections

extension YAMLReader {
    /// Reads `text` when it is in the canonical style ``YAMLWriter`` writes
    /// (block mappings and sequences indented by two, plain or double-quoted
    /// scalars, literal blocks, no comments, anchors, tags or flow
    /// collections other than `[]` and `{}`); returns `nil` for any other
    /// text, including invalid YAML, so that ``read(_:)-(String)`` can read it
    /// and report errors.
    ///
    /// For text it accepts, the result equals `read(text)`, positions
    /// included.
    ///
    /// - Complexity: O(n) in the length of the text.
    public func readCanonical(_ text: String) -> Node? {
        var text = text
        return text.withUTF8 { buffer in
            var parser = CanonicalParser(bytes: buffer)
            guard parser.splitLines(), let node = parser.document(), parser.nodeCount <= maximumNodeCount else {
                return nil
            }
            return node
        }
    }
}

private struct CanonicalParser {
    struct Line {
        var start: Int
        var end: Int
        var indent: Int
        var isEmpty: Bool { start == end }
    }

    let bytes: UnsafeBufferPointer<UInt8>
    var lines: [Line] = []
    var i = 0
    var nodeCount = 0
    /// Nesting depth; deep documents are left to the general reader and its limits.
    var depth = 0
    static let maximumDepth = 256

    init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    static let space = UInt8(ascii: " ")
    static let colon = UInt8(ascii: ":")
    static let dash = UInt8(ascii: "-")
    static let quote = UInt8(ascii: "\"")
    static let backslash = UInt8(ascii: "\\")

    /// Splits into lines; declines tabs, carriage returns and other control bytes.
    mutating func splitLines() -> Bool {
        var start = 0
        var indent = 0
        var counting = true
        lines.reserveCapacity(bytes.count / 24)
        for (k, b) in bytes.enumerated() {
            if b == 0x0A {
                lines.append(Line(start: start, end: k, indent: indent))
                start = k + 1
                indent = 0
                counting = true
            } else if b < 0x20 || b == 0x7F {
                return false
            } else if b == 0xEF && k + 2 < bytes.count && bytes[k + 1] == 0xBB && bytes[k + 2] == 0xBF {
                // A byte order mark inside the text: the general parser has its own rules for it.
                return false
            } else if (b == 0xC2 && k + 1 < bytes.count && bytes[k + 1] == 0x85)
                || (b == 0xE2 && k + 2 < bytes.count && bytes[k + 1] == 0x80 && (bytes[k + 2] == 0xA8 || bytes[k + 2] == 0xA9))
            {
                // NEL, LS and PS are line breaks to a YAML 1.1 parser; leave them to it.
                return false
            } else if counting && b == Self.space {
                indent += 1
            } else {
                counting = false
            }
        }
        if start < bytes.count { lines.append(Line(start: start, end: bytes.count, indent: indent)) }
        // A line of only spaces has no place in the canonical style.
        return !lines.contains { !$0.isEmpty && $0.indent == $0.end - $0.start }
    }

    func position(_ line: Int, _ offset: Int) -> SourcePosition {
        var column = 1
        var k = lines[line].start
        while k < offset {
            // Columns count characters (Unicode scalars), as the YAML parser does.
            if bytes[k] & 0xC0 != 0x80 { column += 1 }
            k += 1
        }
        // Subtract continuation bytes at `offset` itself: offset is always at a scalar start.
        return SourcePosition(line: line + 1, column: column)
    }

    func string(_ from: Int, _ to: Int) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[from..<to]), as: UTF8.self)
    }

    mutating func document() -> Node? {
        guard let first = lines.firstIndex(where: { !$0.isEmpty }), lines[first].indent == 0 else { return nil }
        // Leading blank lines are rare in written documents; decline them.
        guard first == 0 else { return nil }
        let node: Node?
        let line = lines[0]
        if bytes[line.start] == Self.dash && (line.end == line.start + 1 || bytes[line.start + 1] == Self.space) {
            node = sequence(indent: 0)
        } else if keyEnd(line: 0, from: line.start) != nil {
            node = mapping(indent: 0, firstOffset: nil)
        } else {
            // A lone scalar document.
            node = inlineScalar(line: 0, from: line.start, blockIndent: 0, inSequence: false)
            if node != nil { i = 1 }
        }
        guard let node else { return nil }
        while i < lines.count && lines[i].isEmpty { i += 1 }
        return i == lines.count ? node : nil
    }

    // MARK: Collections

    /// A block mapping whose keys sit at `indent`; the first key may start
    /// at `firstOffset` on the current line (after a sequence dash).
    mutating func mapping(indent: Int, firstOffset: Int?) -> Node? {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maximumDepth else { return nil }
        var entries = OrderedDictionary<String, Node>()
        var positionOfMapping: SourcePosition?
        var offset = firstOffset
        while i < lines.count {
            let line = lines[i]
            let start: Int
            if let o = offset {
                start = o
                offset = nil
            } else {
                if line.isEmpty { return nil }
                if line.indent < indent { break }
                guard line.indent == indent else { return nil }
                start = line.start + indent
            }
            guard let (key, colon) = key(line: i, from: start) else { return nil }
            if positionOfMapping == nil { positionOfMapping = position(i, start) }
            guard let value = value(line: i, after: colon + 1, childIndent: indent + 2, inSequence: false) else { return nil }
            guard entries.updateValue(value, forKey: key) == nil else { return nil }
        }
        nodeCount += 1
        return Node(.mapping(entries), at: positionOfMapping ?? .unknown)
    }

    /// A block sequence whose dashes sit at `indent`.
    mutating func sequence(indent: Int) -> Node? {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maximumDepth else { return nil }
        var items: [Node] = []
        let startPosition = position(i, lines[i].start + indent)
        while i < lines.count {
            let line = lines[i]
            if line.isEmpty { return nil }
            if line.indent < indent { break }
            guard line.indent == indent, bytes[line.start + indent] == Self.dash else { return nil }
            let after = line.start + indent + 1
            if after == line.end {
                // "-" alone: a nested block on the next lines.
                guard let item = value(line: i, after: after, childIndent: indent + 2, inSequence: true) else { return nil }
                items.append(item)
                continue
            }
            guard bytes[after] == Self.space, after + 1 < line.end else { return nil }
            if keyEnd(line: i, from: after + 1) != nil {
                guard let item = mapping(indent: indent + 2, firstOffset: after + 1) else { return nil }
                items.append(item)
            } else {
                guard let item = inlineScalar(line: i, from: after + 1, blockIndent: indent + 2, inSequence: true) else {
                    return nil
                }
                items.append(item)
            }
        }
        nodeCount += 1
        return Node(.sequence(items), at: startPosition)
    }

    /// What follows `key:` or `-` at `offset`: a scalar on the same line, or
    /// a block on the next lines at `childIndent`. Advances past it.
    mutating func value(line: Int, after offset: Int, childIndent: Int, inSequence: Bool) -> Node? {
        let l = lines[line]
        if offset == l.end {
            i = line + 1
            guard i < lines.count, !lines[i].isEmpty, lines[i].indent == childIndent else { return nil }
            let next = lines[i]
            let first = next.start + childIndent
            if bytes[first] == Self.dash && (first + 1 == next.end || bytes[first + 1] == Self.space) {
                return sequence(indent: childIndent)
            }
            return mapping(indent: childIndent, firstOffset: nil)
        }
        guard bytes[offset] == Self.space, offset + 1 < l.end else { return nil }
        return inlineScalar(line: line, from: offset + 1, blockIndent: childIndent, inSequence: inSequence)
    }

    // MARK: Keys

    /// Where the key starting at `from` ends (the colon), if the line holds a key there.
    func keyEnd(line: Int, from: Int) -> Int? {
        let l = lines[line]
        if bytes[from] == Self.quote {
            guard let close = closingQuote(from: from, end: l.end), close + 1 < l.end, bytes[close + 1] == Self.colon,
                close + 2 == l.end || bytes[close + 2] == Self.space
            else { return nil }
            return close + 1
        }
        var k = from
        while k < l.end {
            if bytes[k] == Self.colon && (k + 1 == l.end || bytes[k + 1] == Self.space) { return k }
            k += 1
        }
        return nil
    }

    mutating func key(line: Int, from: Int) -> (String, Int)? {
        guard let colon = keyEnd(line: line, from: from) else { return nil }
        if bytes[from] == Self.quote {
            guard let text = doubleQuoted(from: from, to: colon - 1) else { return nil }
            return (text, colon)
        }
        guard colon > from, plainIsSafe(from, colon, isKey: true) else { return nil }
        return (string(from, colon), colon)
    }

    // MARK: Scalars

    mutating func inlineScalar(line: Int, from: Int, blockIndent: Int, inSequence: Bool) -> Node? {
        let l = lines[line]
        let at = position(line, from)
        let first = bytes[from]
        nodeCount += 1
        if first == Self.quote {
            guard let close = closingQuote(from: from, end: l.end), close + 1 == l.end,
                let text = doubleQuoted(from: from, to: close)
            else { return nil }
            i = line + 1
            return Node(.string(text), at: at)
        }
        if first == UInt8(ascii: "|") {
            guard let text = literalBlock(line: line, header: from, indent: blockIndent, inSequence: inSequence) else { return nil }
            return Node(.string(text), at: at)
        }
        if first == UInt8(ascii: "[") || first == UInt8(ascii: "{") {
            guard from + 2 == l.end else { return nil }
            i = line + 1
            if first == UInt8(ascii: "["), bytes[from + 1] == UInt8(ascii: "]") { return Node(.sequence([]), at: at) }
            if first == UInt8(ascii: "{"), bytes[from + 1] == UInt8(ascii: "}") { return Node(.mapping([:]), at: at) }
            return nil
        }
        guard plainIsSafe(from, l.end, isKey: false) else { return nil }
        i = line + 1
        return Node(CoreSchema.resolvePlain(string(from, l.end)), at: at)
    }

    /// Whether bytes `from..<to` are a plain scalar the YAML parser reads as
    /// exactly these characters: no indicator at the start, no `: ` or ` #`
    /// inside, no trailing space or colon.
    func plainIsSafe(_ from: Int, _ to: Int, isKey: Bool) -> Bool {
        guard from < to else { return false }
        let first = bytes[from]
        if first == Self.space {
            // More than one space after the indicator: the parser would drop them.
            return false
        }
        if first == Self.dash {
            // "-5", "-.inf": negative numbers are written plain; a dash before anything else is declined.
            guard !isKey, from + 1 < to, bytes[from + 1] != Self.space else { return false }
            if case .string = CoreSchema.resolvePlain(string(from, to)) { return false }
        } else if Self.isIndicator(first) {
            return false
        }
        if bytes[to - 1] == Self.space || bytes[to - 1] == Self.colon { return false }
        var previous = Self.space
        for k in from..<to {
            let b = bytes[k]
            if b == UInt8(ascii: "#") && previous == Self.space { return false }
            if previous == Self.colon && b == Self.space { return false }
            previous = b
        }
        return true
    }

    /// Characters that make a plain scalar start something else.
    static func isIndicator(_ b: UInt8) -> Bool {
        switch b {
        case UInt8(ascii: "?"), UInt8(ascii: ":"), UInt8(ascii: ","), UInt8(ascii: "["), UInt8(ascii: "]"),
            UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "#"), UInt8(ascii: "&"), UInt8(ascii: "*"),
            UInt8(ascii: "!"), UInt8(ascii: "|"), UInt8(ascii: ">"), UInt8(ascii: "'"), UInt8(ascii: "\""),
            UInt8(ascii: "%"), UInt8(ascii: "@"), UInt8(ascii: "`"):
            true
        default:
            false
        }
    }

    func closingQuote(from: Int, end: Int) -> Int? {
        var k = from + 1
        while k < end {
            if bytes[k] == Self.backslash {
                k += 2
                continue
            }
            if bytes[k] == Self.quote { return k }
            k += 1
        }
        return nil
    }

    /// The text of a double-quoted scalar between `from` (opening quote) and
    /// `to` (closing quote), with the escapes YAMLWriter writes.
    func doubleQuoted(from: Int, to: Int) -> String? {
        var scalars = String.UnicodeScalarView()
        var k = from + 1
        var runStart = k
        var out = ""
        func flush(_ end: Int) { if end > runStart { out += string(runStart, end) } }
        while k < to {
            guard bytes[k] == Self.backslash else {
                k += 1
                continue
            }
            flush(k)
            guard k + 1 < to else { return nil }
            let e = bytes[k + 1]
            var advance = 2
            switch e {
            case UInt8(ascii: "\""): out += "\""
            case UInt8(ascii: "\\"): out += "\\"
            case UInt8(ascii: "n"): out += "\n"
            case UInt8(ascii: "t"): out += "\t"
            case UInt8(ascii: "r"): out += "\r"
            case UInt8(ascii: "x"), UInt8(ascii: "u"):
                let digits = e == UInt8(ascii: "x") ? 2 : 4
                guard k + 2 + digits <= to, let value = UInt32(string(k + 2, k + 2 + digits), radix: 16),
                    let scalar = Unicode.Scalar(value), value != 0xFEFF
                else { return nil }
                scalars.removeAll()
                scalars.append(scalar)
                out += String(scalars)
                advance = 2 + digits
            default:
                return nil
            }
            k += advance
            runStart = k
        }
        flush(to)
        return out
    }

    /// A literal block scalar (`|`, `|-`, `|2`, `|2-`) whose content lines are
    /// indented by `indent`. Advances past it.
    mutating func literalBlock(line: Int, header: Int, indent: Int, inSequence: Bool) -> String? {
        let l = lines[line]
        var k = header + 1
        var hasIndicator = false
        if k < l.end && bytes[k] == UInt8(ascii: "2") {
            // The indentation indicator is relative to the parent's indentation, which
            // differs for sequence entries; leave those to the general parser.
            guard !inSequence else { return nil }
            hasIndicator = true
            k += 1
        }
        var strip = false
        if k < l.end && bytes[k] == Self.dash {
            strip = true
            k += 1
        }
        guard k == l.end else { return nil }
        var n = line + 1
        var parts: [String] = []
        var sawContent = false
        while n < lines.count {
            let c = lines[n]
            if c.isEmpty {
                parts.append("")
                n += 1
                continue
            }
            if c.indent < indent { break }
            if !sawContent && !hasIndicator && c.indent != indent { return nil }
            sawContent = true
            parts.append(string(c.start + indent, c.end))
            n += 1
        }
        // Trailing blank lines belong to chomping rules the writer never needs.
        guard sawContent, parts.last?.isEmpty == false else { return nil }
        i = n
        let body = parts.joined(separator: "\n")
        return strip ? body : body + "\n"
    }
}
