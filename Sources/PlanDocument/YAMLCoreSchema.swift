// The YAML 1.2 core schema: how plain and tagged scalars become values.
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

