// Writing the document tree as YAML in one canonical style, so that saving
// an unchanged document yields the same bytes and diffs stay small.

/// Writes a ``Node`` tree as YAML.
///
/// The style is fixed: block mappings and sequences, two-space indentation,
/// key order as stored, plain scalars where YAML reads them back unchanged,
/// double quotes otherwise, and literal block scalars (`|`) for multi-line
/// text. `read(write(x)) == x` for every tree.
public enum YAMLWriter {
    /// The YAML text of `node`, ending in a newline.
    public static func write(_ node: Node) -> String {
        // Bytes, not String appends: writing is on the path of every merge.
        var out: [UInt8] = []
        out.reserveCapacity(4096)
        switch node.content {
        case .mapping(let m) where !m.isEmpty:
            writeMapping(m, indent: 0, into: &out)
        case .sequence(let s) where !s.isEmpty:
            writeSequence(s, indent: 0, into: &out)
        default:
            writeScalarOrEmpty(node, indent: 0, into: &out)
            out.append(0x0A)
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func spaces(_ n: Int) -> String { String(repeating: " ", count: n) }

    @inline(__always)
    private static func pad(_ n: Int, into out: inout [UInt8]) {
        out.append(contentsOf: repeatElement(0x20, count: n))
    }

    @inline(__always)
    private static func append(_ text: String, into out: inout [UInt8]) {
        var text = text
        text.withUTF8 { out.append(contentsOf: $0) }
    }

    private static func writeKey(_ key: String, into out: inout [UInt8]) {
        append(scalarText(key, isKey: true), into: &out)
        out.append(UInt8(ascii: ":"))
    }

    private static func writeMapping(_ m: OrderedDictionaryOfNodes, indent: Int, into out: inout [UInt8]) {
        for (key, value) in m {
            pad(indent, into: &out)
            writeKey(key, into: &out)
            writeValue(value, indent: indent, into: &out)
        }
    }

    private static func writeSequence(_ s: [Node], indent: Int, into out: inout [UInt8]) {
        for item in s {
            pad(indent, into: &out)
            out.append(UInt8(ascii: "-"))
            switch item.content {
            case .mapping(let m) where !m.isEmpty:
                // First key on the dash line, the rest aligned under it.
                out.append(0x20)
                var first = true
                for (key, value) in m {
                    if !first { pad(indent + 2, into: &out) }
                    first = false
                    writeKey(key, into: &out)
                    writeValue(value, indent: indent + 2, into: &out)
                }
            case .sequence(let inner) where !inner.isEmpty:
                out.append(0x0A)
                writeSequence(inner, indent: indent + 2, into: &out)
            default:
                writeValue(item, indent: indent, into: &out)
            }
        }
    }

    /// Writes what follows `key:` or `-`: a nested block on the next lines,
    /// or a scalar on the same line.
    private static func writeValue(_ value: Node, indent: Int, into out: inout [UInt8]) {
        switch value.content {
        case .mapping(let m) where !m.isEmpty:
            out.append(0x0A)
            writeMapping(m, indent: indent + 2, into: &out)
        case .sequence(let s) where !s.isEmpty:
            out.append(0x0A)
            // Sequences under a key are indented like mappings, for readability.
            writeSequence(s, indent: indent + 2, into: &out)
        default:
            out.append(0x20)
            writeScalarOrEmpty(value, indent: indent + 2, into: &out)
            out.append(0x0A)
        }
    }

    private static func writeScalarOrEmpty(_ node: Node, indent: Int, into out: inout [UInt8]) {
        switch node.content {
        case .null: append("null", into: &out)
        case .bool(let b): append(b ? "true" : "false", into: &out)
        case .integer(let i): append(String(i), into: &out)
        case .number(let d): append(numberText(d), into: &out)
        case .string(let s):
            if s.utf8.contains(0x0A), let block = literalBlock(s, indent: indent) {
                append(block, into: &out)
            } else {
                append(scalarText(s, isKey: false), into: &out)
            }
        case .sequence: append("[]", into: &out)
        case .mapping: append("{}", into: &out)
        }
    }

    static func numberText(_ d: Double) -> String {
        if d.isNaN { return ".nan" }
        if d.isInfinite { return d > 0 ? ".inf" : "-.inf" }
        var text = "\(d)"
        // Swift prints 1e+20 as "1e+20"; make sure a number never reads back as an integer.
        if !text.contains(".") && !text.contains("e") && !text.contains("E") { text += ".0" }
        return text
    }

    /// A literal block scalar for multi-line text, or `nil` when the text
    /// cannot be written as one (trailing spaces on a line, leading blank
    /// line with spaces, or characters that need escapes).
    static func literalBlock(_ s: String, indent: Int) -> String? {
        for scalar in s.unicodeScalars where scalar.value < 0x20 && scalar != "\n" {
            return nil
        }
        var body = Substring(s)
        var chomp = "-"
        // Line breaks are found by byte: a line feed is always a character of its own,
        // and byte tests avoid Foundation's string search, which dominated write time.
        if body.utf8.last == 0x0A {
            body = body.dropLast()
            chomp = ""
            if body.utf8.last == 0x0A || body.isEmpty { return nil }  // keep-chomping is rare: quote it
        }
        var lines: [Substring] = []
        var lineStart = body.startIndex
        var cursor = body.utf8.startIndex
        while cursor != body.utf8.endIndex {
            if body.utf8[cursor] == 0x0A {
                lines.append(body[lineStart..<cursor])
                lineStart = body.utf8.index(after: cursor)
            }
            cursor = body.utf8.index(after: cursor)
        }
        lines.append(body[lineStart...])
        // A line of only spaces, or trailing spaces, does not survive a block scalar's folding rules reliably.
        for line in lines where line.utf8.last == 0x20 { return nil }
        guard let first = lines.first else { return nil }
        let indicator = first.utf8.first == 0x20 ? "2" : ""
        if first.isEmpty && lines.count > 1 && indicator.isEmpty {
            // A leading empty line is fine for a literal block; nothing to do.
        }
        let pad = spaces(indent)
        var out = "|\(indicator)\(chomp)\n"
        for (i, line) in lines.enumerated() {
            if !line.isEmpty {
                out += pad
                out += line
            }
            if i < lines.count - 1 { out += "\n" }
        }
        return out
    }

    /// The text of a scalar string: plain when YAML reads it back as the
    /// same string, double-quoted otherwise.
    static func scalarText(_ s: String, isKey: Bool) -> String {
        isPlainSafe(s) ? s : doubleQuoted(s)
    }

    static func isPlainSafe(_ s: String) -> Bool {
        guard let first = s.unicodeScalars.first, let last = s.unicodeScalars.last else { return false }
        if case .string = CoreSchema.resolvePlain(s) {} else { return false }
        // YAML 1.1 readers (and people) take these as booleans; quote them.
        if s.utf8.count <= 3 {  // every word below is that short; lowercasing longer text is wasted work
            switch s.lowercased() {
            case "yes", "no", "on", "off", "y", "n", "=", "<<": return false
            default: break
            }
        }
        if first == " " || last == " " { return false }
        if "-?:,[]{}#&*!|>'\"%@`".unicodeScalars.contains(first) {
            // "-x" and "?x" and ":x" are fine in block context, but keep the rule simple.
            return false
        }
        var previous: Unicode.Scalar = " "
        for c in s.unicodeScalars {
            if c.value < 0x20 || c.value == 0x7F || c.value == 0xFEFF || (c.value >= 0x80 && c.value < 0xA0) { return false }
            if c == "#" && previous == " " { return false }
            if previous == ":" && c == " " { return false }
            if c == "\t" { return false }
            previous = c
        }
        if last == ":" { return false }
        return true
    }

    static func doubleQuoted(_ s: String) -> String {
        var out = "\""
        for c in s.unicodeScalars {
            switch c {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if c.value < 0x20 || c.value == 0x7F || (c.value >= 0x80 && c.value < 0xA0) || c.value == 0xFEFF
                    || c.value == 0x2028 || c.value == 0x2029
                {
                    let hex = String(c.value, radix: 16, uppercase: true)
                    if c.value <= 0xFF {
                        out += "\\x" + String(repeating: "0", count: 2 - hex.count) + hex
                    } else {
                        out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                    }
                } else {
                    out.unicodeScalars.append(c)
                }
            }
        }
        out += "\""
        return out
    }
}

import OrderedCollections
typealias OrderedDictionaryOfNodes = OrderedDictionary<String, Node>
