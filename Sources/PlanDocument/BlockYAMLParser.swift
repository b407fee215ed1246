// The fast path of FastYAMLReader: a parser for the plain block style that
// YAMLWriter writes and most people type (block mappings and sequences,
// plain, quoted and literal scalars, full-line comments). On anything else
// (flow collections, anchors, tags, folded or multi-line scalars, trailing
// comments, tabs, errors of any kind) it gives up and returns nil, and
// FastYAMLReader reads the text with libyaml instead, so errors and rare
// constructs keep libyaml's exact behaviour. Trees and positions are the
// same as libyaml's; the tests compare both on a corpus and random trees.
import OrderedCollections

struct BlockYAMLParser {
    private let bytes: UnsafeBufferPointer<UInt8>
    /// Byte offsets of line starts; one extra entry at the end.
    private var lineStarts: [Int] = []
    private var line = 0
    /// The column where the current line's content starts when a `- ` has
    /// been consumed on it (compact mapping in a sequence item).
    private var virtualIndent: (line: Int, indent: Int)?
    private var nodes = 0
    /// Entries of the open mappings and items of the open sequences, innermost last.
    private var keyStack: [String] = []
    private var valueStack: [Node] = []
    private let maximumNodeCount: Int
    /// Recursion guard; deeper documents go to the iterative libyaml path.
    private let maximumDepth: Int

    private struct GiveUp: Error {}

    init(_ bytes: UnsafeBufferPointer<UInt8>, maximumNodeCount: Int, maximumDepth: Int) {
        self.bytes = bytes
        self.maximumNodeCount = maximumNodeCount
        self.maximumDepth = min(maximumDepth, 200)
    }

    /// The document, or nil when the text is outside the subset.
    mutating func parse() -> Node? {
        do {
            try splitLines()
            skipBlankLines()
            if line < lineCount, lineEquals(line, "---") {
                line += 1
                skipBlankLines()
            }
            guard line < lineCount else { return nil }  // empty documents: libyaml decides
            let indent = indentation(of: line)
            guard indent == 0 else { return nil }
            let root = try block(indent: 0, depth: 0)
            skipBlankLines()
            guard line == lineCount else { return nil }
            return root
        } catch {
            return nil
        }
    }

    // MARK: Lines

    private var lineCount: Int { lineStarts.count - 1 }

    private mutating func splitLines() throws(GiveUp) {
        lineStarts.reserveCapacity(bytes.count / 24)
        lineStarts.append(0)
        var i = 0
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            if b >= 0x20 && b < 0x7F {
                i += 1  // printable ASCII, nearly every byte: one test
                continue
            }
            if b == UInt8(ascii: "\n") {
                lineStarts.append(i + 1)
            } else if b < 0x20 || b == 0x7F {
                throw GiveUp()  // tabs, carriage returns, control characters
            } else if b == 0xC2, i + 1 < n, bytes[i + 1] == 0x85 {
                throw GiveUp()  // NEL, a line break to libyaml
            } else if b == 0xE2, i + 2 < n, bytes[i + 1] == 0x80, bytes[i + 2] == 0xA8 || bytes[i + 2] == 0xA9 {
                throw GiveUp()  // line and paragraph separators
            } else if b == 0xEF, i + 2 < n, bytes[i + 1] == 0xBB, bytes[i + 2] == 0xBF {
                throw GiveUp()  // byte order mark
            }
            i += 1
        }
        if lineStarts.last != n { lineStarts.append(n + 1) }  // last line without newline
    }

    /// End of the line's content (before its newline).
    private func lineEnd(_ l: Int) -> Int { min(lineStarts[l + 1] - 1, bytes.count) }

    private func indentation(of l: Int) -> Int {
        if let v = virtualIndent, v.line == l { return v.indent }
        var i = lineStarts[l]
        let end = lineEnd(l)
        while i < end, bytes[i] == UInt8(ascii: " ") { i += 1 }
        return i - lineStarts[l]
    }

    private func isBlankOrComment(_ l: Int) -> Bool {
        var i = lineStarts[l]
        let end = lineEnd(l)
        while i < end, bytes[i] == UInt8(ascii: " ") { i += 1 }
        return i == end || bytes[i] == UInt8(ascii: "#")
    }

    private func lineEquals(_ l: Int, _ text: StaticString) -> Bool {
        let start = lineStarts[l]
        guard lineEnd(l) - start == text.utf8CodeUnitCount else { return false }
        return (0..<text.utf8CodeUnitCount).allSatisfy { bytes[start + $0] == text.utf8Start[$0] }
    }

    private mutating func skipBlankLines() {
        while line < lineCount, isBlankOrComment(line), virtualIndent?.line != line { line += 1 }
    }

    /// 1-based column of a byte offset: characters (Unicode scalars) before it, plus one.
    private func position(line l: Int, offset: Int) -> SourcePosition {
        var column = 1
        var i = lineStarts[l]
        while i < offset {
            if bytes[i] & 0xC0 != 0x80 { column += 1 }
            i += 1
        }
        return SourcePosition(line: l + 1, column: column)
    }

    private mutating func count() throws(GiveUp) {
        nodes += 1
        if nodes > maximumNodeCount { throw GiveUp() }
    }

    // MARK: Blocks

    /// A block node whose first line is the current line, at `indent`.
    private mutating func block(indent: Int, depth: Int) throws(GiveUp) -> Node {
        guard depth <= maximumDepth else { throw GiveUp() }
        let start = lineStarts[line] + indent
        let end = lineEnd(line)
        if bytes[start] == UInt8(ascii: "-"), start + 1 == end || bytes[start + 1] == UInt8(ascii: " ") {
            return try sequence(indent: indent, depth: depth)
        }
        if try keyEnd(from: start, to: end) != nil {
            return try mapping(indent: indent, depth: depth)
        }
        throw GiveUp()  // a scalar document, or a multi-line scalar
    }

    private mutating func mapping(indent: Int, depth: Int) throws(GiveUp) -> Node {
        try count()
        let position = self.position(line: line, offset: lineStarts[line] + indent)
        // Keys and values gather on the parser's shared stacks and the mapping
        // is built once at its exact size: growing an OrderedDictionary entry
        // by entry reallocates several times and leaves spare capacity.
        let keyBase = keyStack.count, valueBase = valueStack.count
        defer {
            keyStack.removeSubrange(keyBase...)
            valueStack.removeSubrange(valueBase...)
        }
        while true {
            skipBlankLines()
            guard line < lineCount else { break }
            let lineIndent = indentation(of: line)
            if lineIndent < indent { break }
            guard lineIndent == indent else { throw GiveUp() }
            let start = lineStarts[line] + indent
            let end = lineEnd(line)
            if virtualIndent?.line != line, bytes[start] == UInt8(ascii: "-"),
                start + 1 == end || bytes[start + 1] == UInt8(ascii: " ")
            {
                break  // a sequence at the parent's indentation ends this mapping
            }
            guard let (key, colon) = try keyEnd(from: start, to: end) else { throw GiveUp() }
            var valueStart = colon + 1
            while valueStart < end, bytes[valueStart] == UInt8(ascii: " ") { valueStart += 1 }
            let value: Node
            if valueStart == end {
                let keyLine = line
                line += 1
                skipBlankLines()
                if line < lineCount, indentation(of: line) > indent {
                    value = try block(indent: indentation(of: line), depth: depth + 1)
                } else if line < lineCount, indentation(of: line) == indent, startsSequence(line, indent: indent) {
                    value = try sequence(indent: indent, depth: depth + 1)
                } else {
                    try count()
                    value = Node(.null, at: self.position(line: keyLine, offset: colon + 1))
                }
            } else {
                value = try inlineValue(from: valueStart, to: end, parentIndent: indent)
            }
            keyStack.append(key)
            valueStack.append(value)
        }
        let keys = Array(keyStack[keyBase...])
        guard Self.areUnique(keys) else { throw GiveUp() }  // duplicate keys: libyaml reports them
        return Node(
            .mapping(OrderedDictionary(uncheckedUniqueKeys: keys, values: Array(valueStack[valueBase...]))), at: position)
    }

    /// Pairwise for the few keys of a typical mapping, hashed beyond that.
    private static func areUnique(_ keys: [String]) -> Bool {
        if keys.count <= 12 {
            for i in keys.indices {
                for j in keys.index(after: i)..<keys.endIndex where keys[i] == keys[j] { return false }
            }
            return true
        }
        return Set(keys).count == keys.count
    }

    private func startsSequence(_ l: Int, indent: Int) -> Bool {
        let start = lineStarts[l] + indent
        let end = lineEnd(l)
        return start < end && bytes[start] == UInt8(ascii: "-") && (start + 1 == end || bytes[start + 1] == UInt8(ascii: " "))
    }

    private mutating func sequence(indent: Int, depth: Int) throws(GiveUp) -> Node {
        try count()
        let position = self.position(line: line, offset: lineStarts[line] + indent)
        let base = valueStack.count
        defer { valueStack.removeSubrange(base...) }
        while true {
            skipBlankLines()
            guard line < lineCount else { break }
            let lineIndent = indentation(of: line)
            if lineIndent < indent { break }
            guard lineIndent == indent else { throw GiveUp() }
            guard startsSequence(line, indent: indent) else {
                // A key at this indentation ends a sequence that is a mapping's value.
                break
            }
            let dash = lineStarts[line] + indent
            let end = lineEnd(line)
            var contentStart = dash + 1
            while contentStart < end, bytes[contentStart] == UInt8(ascii: " ") { contentStart += 1 }
            if contentStart == end {
                line += 1
                skipBlankLines()
                guard line < lineCount, indentation(of: line) > indent else { throw GiveUp() }
                valueStack.append(try block(indent: indentation(of: line), depth: depth + 1))
                continue
            }
            // `- - x` (a compact nested sequence) and `- # comment` are left to libyaml.
            if startsSequence(line, indent: contentStart - lineStarts[line]) || bytes[contentStart] == UInt8(ascii: "#") {
                throw GiveUp()
            }
            if try keyEnd(from: contentStart, to: end) != nil {
                // `- key: value`: a mapping whose keys align with `key`.
                let column = contentStart - lineStarts[line]
                virtualIndent = (line, column)
                let item = try mapping(indent: column, depth: depth + 1)
                virtualIndent = nil
                valueStack.append(item)
            } else {
                valueStack.append(try inlineValue(from: contentStart, to: end, parentIndent: indent))
            }
        }
        return Node(.sequence(Array(valueStack[base...])), at: position)
    }

    // MARK: Keys and scalars

    /// The key on a line starting at `start`, and the offset of its colon,
    /// or nil when the line is not `key:` / `key: value`.
    private func keyEnd(from start: Int, to end: Int) throws(GiveUp) -> (String, Int)? {
        let first = bytes[start]
        if first == UInt8(ascii: "\"") || first == UInt8(ascii: "'") {
            let (text, after) = try quoted(from: start, to: end)
            guard after < end, bytes[after] == UInt8(ascii: ":") else { return nil }
            guard after + 1 == end || bytes[after + 1] == UInt8(ascii: " ") else { throw GiveUp() }
            return (text, after)
        }
        guard !isIndicator(first) || first == UInt8(ascii: "-") && start + 1 < end && bytes[start + 1] != UInt8(ascii: " ")
        else { return nil }
        var i = start
        while i < end {
            let b = bytes[i]
            if b == UInt8(ascii: ":") && (i + 1 == end || bytes[i + 1] == UInt8(ascii: " ")) {
                var keyEnd = i
                while keyEnd > start, bytes[keyEnd - 1] == UInt8(ascii: " ") { keyEnd -= 1 }
                guard keyEnd > start else { throw GiveUp() }
                return (String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<keyEnd]), as: UTF8.self), i)
            }
            if b == UInt8(ascii: "#") && bytes[i - 1] == UInt8(ascii: " ") { throw GiveUp() }
            i += 1
        }
        return nil
    }

    private func isIndicator(_ b: UInt8) -> Bool {
        switch b {
        case UInt8(ascii: "-"), UInt8(ascii: "?"), UInt8(ascii: ":"), UInt8(ascii: ","), UInt8(ascii: "["),
            UInt8(ascii: "]"), UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "#"), UInt8(ascii: "&"),
            UInt8(ascii: "*"), UInt8(ascii: "!"), UInt8(ascii: "|"), UInt8(ascii: ">"), UInt8(ascii: "'"),
            UInt8(ascii: "\""), UInt8(ascii: "%"), UInt8(ascii: "@"), UInt8(ascii: "`"):
            return true
        default:
            return false
        }
    }

    /// A value written after `key: ` or `- `; consumes its line (and, for a
    /// literal block, the block's lines).
    private mutating func inlineValue(from start: Int, to end: Int, parentIndent: Int) throws(GiveUp) -> Node {
        try count()
        let position = self.position(line: line, offset: start)
        let first = bytes[start]
        let content: Node.Content
        if first == UInt8(ascii: "\"") || first == UInt8(ascii: "'") {
            let (text, after) = try quoted(from: start, to: end)
            guard restIsBlank(from: after, to: end) else { throw GiveUp() }
            content = .string(text)
            line += 1
        } else if first == UInt8(ascii: "|") {
            return Node(.string(try literalBlock(header: start, end: end, parentIndent: parentIndent)), at: position)
        } else if first == UInt8(ascii: "[") || first == UInt8(ascii: "{") {
            guard start + 1 < end, bytes[start + 1] == (first == UInt8(ascii: "[") ? UInt8(ascii: "]") : UInt8(ascii: "}")),
                restIsBlank(from: start + 2, to: end)
            else { throw GiveUp() }
            content = first == UInt8(ascii: "[") ? .sequence([]) : .mapping([:])
            line += 1
        } else {
            if isIndicator(first), !(first == UInt8(ascii: "-") && start + 1 < end && bytes[start + 1] != UInt8(ascii: " ")) {
                throw GiveUp()
            }
            var last = end
            while last > start, bytes[last - 1] == UInt8(ascii: " ") { last -= 1 }
            var i = start
            while i < last {
                let b = bytes[i]
                if b == UInt8(ascii: ":") && (i + 1 == last || bytes[i + 1] == UInt8(ascii: " ")) { throw GiveUp() }
                if b == UInt8(ascii: "#") && i > start && bytes[i - 1] == UInt8(ascii: " ") { throw GiveUp() }
                i += 1
            }
            let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<last]), as: UTF8.self)
            if lineStarts[line] == start, text == "---" || text == "..." { throw GiveUp() }
            content = CoreSchema.resolvePlain(text)
            line += 1
        }
        // A more indented line after a one-line value would continue it (or be an error).
        skipBlankLines()
        if line < lineCount, indentation(of: line) > parentIndent, virtualIndent?.line != line {
            throw GiveUp()
        }
        return Node(content, at: position)
    }

    private func restIsBlank(from start: Int, to end: Int) -> Bool {
        (start..<end).allSatisfy { bytes[$0] == UInt8(ascii: " ") }
    }

    /// A quoted scalar that closes on its line: the text and the offset after the closing quote.
    private func quoted(from start: Int, to end: Int) throws(GiveUp) -> (String, Int) {
        let quote = bytes[start]
        var out: [UInt8] = []
        var i = start + 1
        while i < end {
            let b = bytes[i]
            if quote == UInt8(ascii: "'") {
                if b == UInt8(ascii: "'") {
                    if i + 1 < end, bytes[i + 1] == UInt8(ascii: "'") {
                        out.append(b)
                        i += 2
                        continue
                    }
                    return (String(decoding: out, as: UTF8.self), i + 1)
                }
                out.append(b)
                i += 1
                continue
            }
            if b == UInt8(ascii: "\"") { return (String(decoding: out, as: UTF8.self), i + 1) }
            guard b == UInt8(ascii: "\\") else {
                out.append(b)
                i += 1
                continue
            }
            guard i + 1 < end else { throw GiveUp() }
            let e = bytes[i + 1]
            i += 2
            var scalar: UInt32
            switch e {
            case UInt8(ascii: "0"): scalar = 0
            case UInt8(ascii: "a"): scalar = 7
            case UInt8(ascii: "b"): scalar = 8
            case UInt8(ascii: "t"): scalar = 9
            case UInt8(ascii: "n"): scalar = 10
            case UInt8(ascii: "v"): scalar = 11
            case UInt8(ascii: "f"): scalar = 12
            case UInt8(ascii: "r"): scalar = 13
            case UInt8(ascii: "e"): scalar = 27
            case UInt8(ascii: " "): scalar = 32
            case UInt8(ascii: "\""): scalar = 34
            case UInt8(ascii: "/"): scalar = 47
            case UInt8(ascii: "\\"): scalar = 92
            case UInt8(ascii: "N"): scalar = 0x85
            case UInt8(ascii: "_"): scalar = 0xA0
            case UInt8(ascii: "L"): scalar = 0x2028
            case UInt8(ascii: "P"): scalar = 0x2029
            case UInt8(ascii: "x"), UInt8(ascii: "u"), UInt8(ascii: "U"):
                let digits = e == UInt8(ascii: "x") ? 2 : e == UInt8(ascii: "u") ? 4 : 8
                guard i + digits <= end else { throw GiveUp() }
                scalar = 0
                for k in 0..<digits {
                    guard let d = hexValue(bytes[i + k]) else { throw GiveUp() }
                    scalar = scalar * 16 + d
                }
                i += digits
            default:
                throw GiveUp()
            }
            guard let s = Unicode.Scalar(scalar) else { throw GiveUp() }
            out.append(contentsOf: String(s).utf8)
        }
        throw GiveUp()  // the quote continues on the next line
    }

    private func hexValue(_ b: UInt8) -> UInt32? {
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(b - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(b - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(b - UInt8(ascii: "A") + 10)
        default: nil
        }
    }

    /// A literal block scalar (`|`, `|-`, `|+`, with an optional indentation
    /// digit); the header is on the current line.
    private mutating func literalBlock(header start: Int, end: Int, parentIndent: Int) throws(GiveUp) -> String {
        var i = start + 1
        var chomp: UInt8 = 0
        var explicit = 0
        while i < end, bytes[i] != UInt8(ascii: " ") {
            let b = bytes[i]
            if (b == UInt8(ascii: "-") || b == UInt8(ascii: "+")) && chomp == 0 {
                chomp = b
            } else if b >= UInt8(ascii: "1") && b <= UInt8(ascii: "9") && explicit == 0 {
                explicit = Int(b - UInt8(ascii: "0"))
            } else {
                throw GiveUp()
            }
            i += 1
        }
        guard restIsBlank(from: i, to: end) else { throw GiveUp() }
        line += 1
        var blockIndent = explicit > 0 ? parentIndent + explicit : 0
        var out: [UInt8] = []
        var pendingBreaks = 0  // empty lines since the last content line
        var sawContent = false
        var lastContentHasBreak = false
        while line < lineCount {
            let s = lineStarts[line], e = lineEnd(line)
            var k = s
            while k < e, bytes[k] == UInt8(ascii: " ") { k += 1 }
            let spaces = k - s
            if k == e {
                // An empty line; lines of spaces only are left to libyaml.
                guard spaces == 0 else { throw GiveUp() }
                pendingBreaks += 1
                line += 1
                continue
            }
            if blockIndent == 0 {
                guard spaces > parentIndent else { throw GiveUp() }
                blockIndent = spaces
            }
            if spaces < blockIndent { break }
            if sawContent { out.append(UInt8(ascii: "\n")) }
            out.append(contentsOf: repeatElement(UInt8(ascii: "\n"), count: pendingBreaks))
            pendingBreaks = 0
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[(s + blockIndent)..<e]))
            sawContent = true
            lastContentHasBreak = e < bytes.count
            line += 1
        }
        guard sawContent else { throw GiveUp() }
        switch chomp {
        case UInt8(ascii: "-"):
            break  // strip
        case UInt8(ascii: "+"):
            // keep: the final line break and every trailing empty line
            if lastContentHasBreak { out.append(UInt8(ascii: "\n")) }
            out.append(contentsOf: repeatElement(UInt8(ascii: "\n"), count: pendingBreaks))
        default:
            // clip: the final line break only
            if lastContentHasBreak { out.append(UInt8(ascii: "\n")) }
        }
        return String(decoding: out, as: UTF8.self)
    }

}
