// Structural identity of a field's value, for blame and for what a commit
// touched: key order inside mappings, layout and the line breaks of prose do
// not count; words and values do.
import PlanDocument

enum FieldHash {
    /// A 64-bit FNV-1a hash of the value's canonical form. Prose-like strings are
    /// compared by their words (runs of white space count as one space), so a
    /// re-flowed paragraph hashes the same.
    static func of(_ node: Node) -> Int64 {
        var hasher = FNV()
        feed(node, into: &hasher)
        return Int64(bitPattern: hasher.value)
    }

    private static func feed(_ node: Node, into hasher: inout FNV) {
        switch node.content {
        case .null: hasher.add(0x00)
        case .bool(let b): hasher.add(b ? 0x01 : 0x02)
        case .integer(let i):
            hasher.add(0x03)
            hasher.add(String(i))
        case .number(let d):
            // Integers and numbers that denote the same value compare equal.
            if d.rounded() == d, abs(d) < 9.0e18 {
                hasher.add(0x03)
                hasher.add(String(Int(d)))
            } else {
                hasher.add(0x04)
                hasher.add(String(d))
            }
        case .string(let s):
            hasher.add(0x05)
            hasher.add(normalizedWords(s))
        case .sequence(let items):
            hasher.add(0x06)
            for item in items { feed(item, into: &hasher) }
            hasher.add(0x07)
        case .mapping(let mapping):
            hasher.add(0x08)
            for key in mapping.keys.sorted() {
                hasher.add(key)
                hasher.add(0x09)
                feed(mapping[key]!, into: &hasher)
            }
            hasher.add(0x0a)
        }
    }

    /// The text with runs of white space made one space and the ends trimmed.
    static func normalizedWords(_ text: String) -> String {
        text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }).joined(separator: " ")
    }

    struct FNV {
        var value: UInt64 = 0xcbf2_9ce4_8422_2325
        mutating func add(_ byte: UInt8) {
            value = (value ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        }
        mutating func add(_ string: String) {
            for byte in string.utf8 { add(byte) }
            add(0xff)
        }
    }
}
