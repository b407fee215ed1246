/// Writes a ``Node`` tree as JSON (RFC 8259), keeping key order.
public enum JSONWriter {
    /// - Parameter pretty: two-space indentation and one member per line.
    public static func write(_ node: Node, pretty: Bool = false) -> String {
        var out = ""
        write(node, pretty: pretty, indent: 0, into: &out)
        return out
    }

    private static func write(_ node: Node, pretty: Bool, indent: Int, into out: inout String) {
        switch node.content {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .integer(let i): out += String(i)
        case .number(let d):
            // JSON has no infinity: ±infinity is written as a number too large
            // for a double, which JSONReader (like most readers) reads back as
            // ±infinity, as it read it. NaN has no such spelling: null.
            out += d.isFinite ? YAMLWriter.numberText(d) : d.isNaN ? "null" : d < 0 ? "-1e400" : "1e400"
        case .string(let s): writeString(s, into: &out)
        case .sequence(let items):
            guard !items.isEmpty else { out += "[]"; return }
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += "," }
                if pretty { newline(indent + 1, into: &out) }
                write(item, pretty: pretty, indent: indent + 1, into: &out)
            }
            if pretty { newline(indent, into: &out) }
            out += "]"
        case .mapping(let m):
            guard !m.isEmpty else { out += "{}"; return }
            out += "{"
            var first = true
            for (key, value) in m {
                if !first { out += "," }
                first = false
                if pretty { newline(indent + 1, into: &out) }
                writeString(key, into: &out)
                out += pretty ? ": " : ":"
                write(value, pretty: pretty, indent: indent + 1, into: &out)
            }
            if pretty { newline(indent, into: &out) }
            out += "}"
        }
    }

    private static func newline(_ indent: Int, into out: inout String) {
        out += "\n"
        out += String(repeating: "  ", count: indent)
    }

    /// Appends `s` as a JSON string literal.
    public static func writeString(_ s: String, into out: inout String) {
        out += "\""
        // Most strings need no escape: appended whole, not scalar by scalar.
        if !s.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            out += s
            out += "\""
            return
        }
        for c in s.unicodeScalars {
            switch c {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if c.value < 0x20 {
                    let hex = String(c.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(c)
                }
            }
        }
        out += "\""
    }
}
