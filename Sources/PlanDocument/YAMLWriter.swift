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
        String(decoding: bytes(of: node), as: UTF8.self)
    }

    /// The YAML text of `node` as UTF-8 bytes, ending in a newline: what
    /// ``write(_:)`` returns, without building a `String` a caller would
    /// only turn back into bytes to write a file.
    ///
    /// - Parameter capacity: the expected size in bytes (say, the size of the
    ///   document it was read from), so the buffer is allocated once.
    public static func bytes(of node: Node, capacity: Int = 4096) -> [UInt8] {
        // Bytes, not String appends: writing is on the path of every merge.
        var out: [UInt8] = []
        out.reserveCapacity(capacity)
        switch node.content {
        case .mapping(let m) where !m.isEmpty:
            writeMapping(m, indent: 0, into: &out)
        case .sequence(let s) where !s.isEmpty:
            writeSequence(s, indent: 0, into: &out)
        default:
            writeScalarOrEmpty(node, indent: 0, into: &out)
            out.append(0x0A)
        }
        return out
    }

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
        writeScalarText(key, into: &out)
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
            if !writeLiteralBlock(s, indent: indent, into: &out) {
                writeScalarText(s, into: &out)
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

    /// Writes multi-line `s` as a literal block scalar (`|`) and returns
    /// true, or writes nothing and returns false when the text has no line
    /// break or cannot be one (trailing spaces on a line, characters that
    /// need escapes, or more than one final line break).
    ///
    /// Works on UTF-8 bytes: a line feed or a space is always a byte of its
    /// own, and byte tests avoid Foundation's string search and `Substring`
    /// index arithmetic, which dominated write time.
    static func writeLiteralBlock(_ s: String, indent: Int, into out: inout [UInt8]) -> Bool {
        var s = s
        return s.withUTF8 { text in
            // Control characters other than line feeds need escapes; bytes of
            // multi-byte characters are all 0x80 or more. One pass finds both.
            var hasLineBreak = false
            for byte in text where byte < 0x20 {
                guard byte == 0x0A else { return false }
                hasLineBreak = true
            }
            guard hasLineBreak else { return false }
            var end = text.count
            var chomp: UInt8? = UInt8(ascii: "-")
            if text[end - 1] == 0x0A {
                end -= 1
                chomp = nil
                if end == 0 || text[end - 1] == 0x0A { return false }  // keep-chomping is rare: quote it
            }
            // A line with trailing spaces does not survive a block scalar's folding rules reliably.
            if text[end - 1] == 0x20 { return false }
            for i in 1..<max(end, 1) where text[i] == 0x0A && text[i - 1] == 0x20 { return false }
            out.append(UInt8(ascii: "|"))
            if text[0] == 0x20 { out.append(UInt8(ascii: "2")) }
            if let chomp { out.append(chomp) }
            out.append(0x0A)
            var lineStart = 0
            while lineStart <= end {
                var lineEnd = lineStart
                while lineEnd < end && text[lineEnd] != 0x0A { lineEnd += 1 }
                if lineEnd > lineStart {
                    pad(indent, into: &out)
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: text[lineStart..<lineEnd]))
                }
                if lineEnd < end { out.append(0x0A) }
                lineStart = lineEnd + 1
            }
            return true
        }
    }

    /// A literal block scalar for multi-line text, or `nil` when the text
    /// cannot be written as one; see ``writeLiteralBlock(_:indent:into:)``.
    static func literalBlock(_ s: String, indent: Int) -> String? {
        var out: [UInt8] = []
        guard writeLiteralBlock(s, indent: indent, into: &out) else { return nil }
        return String(decoding: out, as: UTF8.self)
    }

    /// Writes a scalar string: plain when YAML reads it back as the same
    /// string, double-quoted otherwise.
    static func writeScalarText(_ s: String, into out: inout [UInt8]) {
        if isPlainSafe(s) {
            append(s, into: &out)
        } else {
            append(doubleQuoted(s), into: &out)
        }
    }

    /// The text of a scalar string: plain when YAML reads it back as the
    /// same string, double-quoted otherwise.
    static func scalarText(_ s: String, isKey: Bool) -> String {
        isPlainSafe(s) ? s : doubleQuoted(s)
    }

    static func isPlainSafe(_ s: String) -> Bool {
        var s = s
        return s.withUTF8 { text in
            guard let first = text.first, let last = text.last else { return false }
            // A plain scalar must not resolve to null, a boolean or a number;
            // only these first bytes can start one (checked again in full below).
            switch first {
            case UInt8(ascii: "~"), UInt8(ascii: "n"), UInt8(ascii: "N"), UInt8(ascii: "t"), UInt8(ascii: "T"),
                UInt8(ascii: "f"), UInt8(ascii: "F"), UInt8(ascii: "."), UInt8(ascii: "-"), UInt8(ascii: "+"),
                UInt8(ascii: "0")...UInt8(ascii: "9"):
                if case .string = CoreSchema.resolvePlain(String(decoding: text, as: UTF8.self)) {} else { return false }
            default:
                break
            }
            // YAML 1.1 readers (and people) take these as booleans; quote them.
            // Every word is ASCII and at most three bytes; no other letters lowercase to them.
            if text.count <= 3 {
                var folded: UInt32 = 0
                for byte in text {
                    let lower = byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte
                    folded = folded << 8 | UInt32(lower)
                }
                switch folded {
                case 0x79_65_73, 0x6E_6F, 0x6F_6E, 0x6F_66_66, 0x79, 0x6E, 0x3D, 0x3C_3C: return false  // yes no on off y n = <<
                default: break
                }
            }
            if first == 0x20 || last == 0x20 || last == UInt8(ascii: ":") { return false }
            // "-x" and "?x" and ":x" are fine in block context, but keep the rule simple.
            switch first {
            case UInt8(ascii: "-"), UInt8(ascii: "?"), UInt8(ascii: ":"), UInt8(ascii: ","), UInt8(ascii: "["),
                UInt8(ascii: "]"), UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "#"), UInt8(ascii: "&"),
                UInt8(ascii: "*"), UInt8(ascii: "!"), UInt8(ascii: "|"), UInt8(ascii: ">"), UInt8(ascii: "'"),
                UInt8(ascii: "\""), UInt8(ascii: "%"), UInt8(ascii: "@"), UInt8(ascii: "`"):
                return false
            default:
                break
            }
            var previous: UInt8 = 0x20
            var i = 0
            while i < text.count {
                let byte = text[i]
                // Controls (tab included) and DEL.
                if byte < 0x20 || byte == 0x7F { return false }
                if byte == UInt8(ascii: "#") && previous == 0x20 { return false }
                if byte == 0x20 && previous == UInt8(ascii: ":") { return false }
                // C1 controls (U+0080-U+009F: C2 80-C2 9F) and the byte order mark (U+FEFF: EF BB BF).
                if byte == 0xC2, i + 1 < text.count, text[i + 1] < 0xA0 { return false }
                if byte == 0xEF, i + 2 < text.count, text[i + 1] == 0xBB, text[i + 2] == 0xBF { return false }
                previous = byte
                i += 1
            }
            return true
        }
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
