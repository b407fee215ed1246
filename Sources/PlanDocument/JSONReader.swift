// Reading JSON (RFC 8259) straight from bytes into the document tree, with
// the line and column of every value, so schema errors can point into the
// file without a second parse through Foundation.
import OrderedCollections

/// Reads JSON text into a ``Node`` tree, keeping key order and positions.
///
/// The reader works on UTF-8 bytes in one pass with an explicit stack, so a
/// document nested thousands of levels deep costs heap, not call stack; past
/// ``maximumDepth`` it stops with ``DocumentError/nestingTooDeep(limit:position:)``.
/// Integers that fit in `Int` become `.integer`; larger ones, and any number
/// with a fraction or exponent, become `.number`.
///
/// ```swift
/// let plan = try JSONReader().read(#"{"id": "isr", "tasks": [1, 2.5]}"#)
/// plan["tasks"]?[1]?.position // 1:27
/// ```
public struct JSONReader: Sendable {
    /// The deepest nesting allowed; the root is at depth 0.
    public var maximumDepth: Int

    public init(maximumDepth: Int = 10_000) {
        self.maximumDepth = maximumDepth
    }

    /// Reads one JSON document from text.
    /// - Throws: ``DocumentError`` naming the line and column of the problem.
    public func read(_ text: String) throws(DocumentError) -> Node {
        var text = text
        let result: Result<Node, DocumentError> = text.withUTF8 { buffer in
            var parser = JSONParser(buffer, maximumDepth: maximumDepth)
            return Result { () throws(DocumentError) in try parser.parseDocument() }
        }
        return try result.get()
    }

    /// Reads one JSON document from UTF-8 bytes.
    /// - Throws: ``DocumentError/invalidUTF8(offset:)`` for bytes that are not
    ///   UTF-8, and otherwise as ``read(_:)-(String)``.
    /// - Complexity: O(*n*) in the number of bytes.
    public func read(_ bytes: some Collection<UInt8>) throws(DocumentError) -> Node {
        let depth = maximumDepth
        let direct: Result<Node, DocumentError>? = bytes.withContiguousStorageIfAvailable { buffer in
            if buffer.count >= JSONParallelReading.minimumSize, JSONParallelReading.hasSecondProcessor,
                let node = JSONParallelReading.read(buffer, maximumDepth: depth)
            {
                return .success(node)
            }
            var parser = JSONParser(buffer, maximumDepth: depth)
            return Result { () throws(DocumentError) in try parser.parseDocument() }
        }
        if let direct { return try direct.get() }
        let copy = Array(bytes)
        let result: Result<Node, DocumentError> = copy.withUnsafeBufferPointer { buffer in
            var parser = JSONParser(buffer, maximumDepth: depth)
            return Result { () throws(DocumentError) in try parser.parseDocument() }
        }
        return try result.get()
    }
}

/// The byte-level parser behind ``JSONReader``; lives only as long as the
/// buffer it reads.
struct JSONParser {
    private let bytes: UnsafeBufferPointer<UInt8>
    private let maximumDepth: Int
    private var index = 0
    private var line = 1
    private var lineStart = 0
    /// Bytes on the current line that continue a multi-byte scalar, so the
    /// column counts characters the way an editor does, not bytes.
    private var continuationBytesOnLine = 0
    private var scratch: [UInt8] = []
    /// Key lists of closed objects, shared by later objects with the same keys.
    private var keyTable = JSONKeyTable()

    /// The most containers open around a value read so far (kept for tails;
    /// see `JSONParallelReading`).
    private var deepest = 0
    /// Where another parser took over the rest of an array, if one did.
    var splice: JSONSplice?

    init(_ bytes: UnsafeBufferPointer<UInt8>, maximumDepth: Int) {
        self.bytes = bytes
        self.maximumDepth = maximumDepth
    }

    /// A parser for the items of an array that start after the comma at
    /// `split.comma`, with the line and column state the split found there.
    init(_ bytes: UnsafeBufferPointer<UInt8>, maximumDepth: Int, tailOf split: JSONSplit) {
        self.init(bytes, maximumDepth: maximumDepth)
        index = split.comma + 1
        line = split.line
        lineStart = split.lineStart
        continuationBytesOnLine = split.continuationBytesOnLine
    }

    /// An open container: where its values and keys start on the stacks.
    private struct Frame {
        var isObject: Bool
        /// Whether every key of this object so far is a range of the text.
        var keysAreRanges = true
        var valuesStart: Int
        var keysStart: Int
        var position: SourcePosition
        /// The hash of this object's keys so far (see ``JSONKeyTable``).
        var keyHash = JSONKeyTable.emptyHash
    }

    typealias OrderedDictionaryStorage = OrderedDictionary<String, Node>

    private var position: SourcePosition {
        SourcePosition(line: line, column: index - lineStart - continuationBytesOnLine + 1)
    }

    mutating func parseDocument() throws(DocumentError) -> Node {
        // A UTF-8 byte order mark is tolerated, as most editors may write one.
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { index = 3 }
        skipWhitespace()
        guard index < bytes.count else { throw .empty }
        return try parse(inTail: false).node
    }

    /// Reads the remaining items of the array this parser starts in, up to its
    /// closing bracket. Returns them with where the bracket is and the line
    /// state there.
    mutating func parseTail() throws(DocumentError) -> JSONTail {
        let items = try parse(inTail: true).items
        // `index` is past the bracket; the state is the bracket's (it is no line break).
        return JSONTail(
            items: items, deepest: deepest, bracket: index - 1, line: line, lineStart: lineStart,
            continuationBytesOnLine: continuationBytesOnLine)
    }

    /// The parsing loop. In a tail, an array frame stands for the array the
    /// parser starts in, and closing it ends the loop with its items.
    private mutating func parse(inTail: Bool) throws(DocumentError) -> (node: Node, items: [Node]) {
        // Members and items of every open container wait on shared stacks and
        // are moved, not copied, into exactly sized storage when it closes.
        var values = MovingStack<Node>()
        var keys = MovingStack<JSONKeyReference>()
        var keyPositions: [SourcePosition] = []
        // A tail counts depth from the array it starts in: how deep that is,
        // only the first parser knows, and it checks the limit on taking the items.
        var frames: [Frame] = inTail ? [Frame(isObject: false, valuesStart: 0, keysStart: 0, position: .unknown)] : []
        deepest = frames.count
        var value: Node

        parsing: while true {
            // Read one value, descending into containers as they open.
            skipWhitespace()
            guard index < bytes.count else { throw syntax("unexpected end of input; a value is missing") }
            let start = position
            guard frames.count <= maximumDepth else {
                throw .nestingTooDeep(limit: maximumDepth, position: start)
            }
            let byte = bytes[index]
            if byte == UInt8(ascii: "{") || byte == UInt8(ascii: "[") {
                let opensObject = byte == UInt8(ascii: "{")
                index += 1
                skipWhitespace()
                let closer = opensObject ? UInt8(ascii: "}") : UInt8(ascii: "]")
                if index < bytes.count, bytes[index] == closer {
                    index += 1
                    value = opensObject ? Node(.mapping([:]), at: start) : Node(.sequence([]), at: start)
                } else {
                    frames.append(Frame(isObject: opensObject, valuesStart: values.count, keysStart: keys.count, position: start))
                    // A container that opens holds a value read at this depth.
                    deepest = max(deepest, frames.count)
                    if opensObject { try readKey(into: &keys, &keyPositions, of: &frames[frames.count - 1]) }
                    continue parsing
                }
            } else {
                value = try parseScalar()
            }

            // Hand the value to its container; close containers that end here.
            while true {
                guard let frame = frames.last else {
                    skipWhitespace()
                    guard index == bytes.count else {
                        throw unexpected("a JSON file holds one value and nothing after it")
                    }
                    return (value, [])
                }
                values.push(value)
                skipWhitespace()
                guard index < bytes.count else {
                    throw syntax("unexpected end of input; a `\(frame.isObject ? "}" : "]")` is missing")
                }
                let next = bytes[index]
                if next == UInt8(ascii: ","), let splice, index == splice.comma, !frame.isObject {
                    // Another parser read the rest of this array: take its items and
                    // go on at the closing bracket. Its depths count from this array.
                    self.splice = nil
                    let tail = try splice.tail()
                    guard frames.count - 1 + tail.deepest <= maximumDepth else {
                        throw .nestingTooDeep(limit: maximumDepth, position: position)
                    }
                    for item in tail.items { values.push(item) }
                    index = tail.bracket
                    line = tail.line
                    lineStart = tail.lineStart
                    continuationBytesOnLine = tail.continuationBytesOnLine
                } else if next == UInt8(ascii: ",") {
                    index += 1
                    if frame.isObject { try readKey(into: &keys, &keyPositions, of: &frames[frames.count - 1]) }
                    continue parsing
                }
                guard bytes[index] == (frame.isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) else {
                    throw unexpected("expected `,` or `\(frame.isObject ? "}" : "]")`")
                }
                index += 1
                frames.removeLast()
                if inTail && frames.isEmpty {
                    return (Node(.null), values.popArray(from: 0))
                }
                if frame.isObject {
                    let members = try makeMapping(
                        frame, keys: &keys, values: values.popAll(from: frame.valuesStart),
                        positions: keyPositions[frame.keysStart...])
                    keyPositions.removeSubrange(frame.keysStart...)
                    value = Node(.mapping(members), at: frame.position)
                } else {
                    value = Node(.sequence(values.popArray(from: frame.valuesStart)), at: frame.position)
                }
            }
        }
    }

    /// Builds an object's mapping from its keys (moved off `keyStack`) and
    /// values in order, refusing a key that appears twice.
    private mutating func makeMapping(
        _ frame: Frame, keys keyStack: inout MovingStack<JSONKeyReference>, values: ContiguousArray<Node>,
        positions: ArraySlice<SourcePosition>
    ) throws(DocumentError) -> OrderedDictionaryStorage {
        // Objects with the keys of an earlier object share its key array: documents
        // repeat a few key lists (every section, every task), and sharing takes an
        // allocation and the keys' storage off each of them.
        if frame.keysAreRanges, keyStack.count - frame.keysStart < 16,
            let list = keyTable.list(hash: frame.keyHash, keys: keyStack.elements(from: frame.keysStart), in: bytes)
        {
            keyStack.drop(from: frame.keysStart)
            return OrderedDictionaryStorage(uncheckedUniqueKeys: list, values: values)
        }
        var keys = ContiguousArray<String>()
        keys.reserveCapacity(keyStack.count - frame.keysStart)
        for key in keyStack.elements(from: frame.keysStart) { keys.append(key.string(in: bytes)) }
        keyStack.drop(from: frame.keysStart)
        // Up to 15 keys (where OrderedDictionary keeps no hash table either),
        // duplicates are looked for pair by pair, most pairs told apart by
        // their length alone: that costs less than hashing every key, and
        // `==` on two different short strings is an out-of-line call.
        if keys.count < 16 {
            for j in keys.indices {
                let length = keys[j].utf8.count
                for i in 0..<j where keys[i].utf8.count == length && keys[i] == keys[j] {
                    throw .syntax(
                        message: "duplicate key \"\(keys[j])\"; each key may appear once",
                        position: positions[positions.startIndex + j])
                }
            }
            // Spellings of one text in two normalization forms differ in
            // their bytes, and usually in their length, but the mapping
            // cannot hold both (see MappingKeys).
            if let (i, j) = MappingKeys.firstNormalizationClash(keys) {
                throw MappingKeys.duplicate(
                    keys[j], of: keys[i], at: positions[positions.startIndex + j], eachKeyOnce: "each key may appear once")
            }
            let list = Array(keys)
            if frame.keysAreRanges { keyTable.insert(list, hash: frame.keyHash) }
            return OrderedDictionaryStorage(uncheckedUniqueKeys: list, values: values)
        }
        var members = OrderedDictionaryStorage(minimumCapacity: keys.count)
        for (j, key) in keys.enumerated() where members.updateValue(values[j], forKey: key) != nil {
            let earlier = members.keys[members.index(forKey: key)!]
            throw MappingKeys.duplicate(
                key, of: earlier, at: positions[positions.startIndex + j], eachKeyOnce: "each key may appear once")
        }
        return members
    }

    /// Reads `"key" :` and leaves the reader at the member's value.
    private mutating func readKey(
        into keys: inout MovingStack<JSONKeyReference>, _ positions: inout [SourcePosition], of frame: inout Frame
    ) throws(DocumentError) {
        skipWhitespace()
        guard index < bytes.count else { throw syntax("unexpected end of input; an object key is missing") }
        guard bytes[index] == UInt8(ascii: "\"") else {
            throw unexpected("expected a string key in double quotes")
        }
        let keyPosition = position
        // A key stays a range of the text until its object closes, when most
        // objects find their key list in `keyTable` and never need the strings.
        let (start, ended) = try readUnescapedPrefix()
        if ended {
            let range = UnsafeBufferPointer(rebasing: bytes[start..<index - 1])
            frame.keyHash = JSONKeyTable.adding(range, to: frame.keyHash)
            keys.push(JSONKeyReference(start: start, end: index - 1, decoded: nil))
        } else {
            frame.keysAreRanges = false
            keys.push(JSONKeyReference(start: 0, end: 0, decoded: try readEscapedRest(from: start)))
        }
        skipWhitespace()
        guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else {
            throw syntax(index < bytes.count
                ? "expected `:` after the key but found \(describe(bytes[index]))"
                : "unexpected end of input; `:` is missing")
        }
        index += 1
        positions.append(keyPosition)
    }

    private mutating func parseScalar() throws(DocumentError) -> Node {
        let start = position
        switch bytes[index] {
        case UInt8(ascii: "\""):
            return Node(.string(try parseString()), at: start)
        case UInt8(ascii: "t"):
            try expectWord("true")
            return Node(.bool(true), at: start)
        case UInt8(ascii: "f"):
            try expectWord("false")
            return Node(.bool(false), at: start)
        case UInt8(ascii: "n"):
            try expectWord("null")
            return Node(.null, at: start)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return Node(try parseNumber(), at: start)
        default:
            throw unexpected("expected a JSON value")
        }
    }

    /// The error for a byte that may not stand where it is: invalid UTF-8 if it
    /// starts no scalar, a syntax error otherwise.
    private mutating func unexpected(_ expectation: String) -> DocumentError {
        let at = position
        let byte = bytes[index]
        if byte >= 0x80 {
            do { try skipMultiByteScalar() } catch { return error }
        }
        return .syntax(message: "unexpected \(describe(byte)); \(expectation)", position: at)
    }

    private mutating func expectWord(_ word: StaticString) throws(DocumentError) {
        let count = word.utf8CodeUnitCount
        let matches = index + count <= bytes.count
            && (0..<count).allSatisfy { bytes[index + $0] == word.utf8Start[$0] }
        guard matches else { throw unexpected("expected a JSON value") }
        index += count
    }

    private mutating func parseNumber() throws(DocumentError) -> Node.Content {
        let start = index
        let isNegative = bytes[index] == UInt8(ascii: "-")
        if isNegative { index += 1 }
        guard index < bytes.count, isDigit(bytes[index]) else {
            throw syntax("a number needs digits after `-`")
        }
        var magnitude: UInt64 = 0
        var overflow = false
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
            if index < bytes.count, isDigit(bytes[index]) { throw syntax("numbers may not start with 0") }
        } else {
            while index < bytes.count, isDigit(bytes[index]) {
                let (times10, o1) = magnitude.multipliedReportingOverflow(by: 10)
                let (sum, o2) = times10.addingReportingOverflow(UInt64(bytes[index] &- 48))
                overflow = overflow || o1 || o2
                magnitude = sum
                index += 1
            }
        }
        var isInteger = true
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            isInteger = false
            index += 1
            guard index < bytes.count, isDigit(bytes[index]) else { throw syntax("a digit must follow `.`") }
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            isInteger = false
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                index += 1
            }
            guard index < bytes.count, isDigit(bytes[index]) else { throw syntax("an exponent needs digits") }
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        if isInteger && !overflow {
            if isNegative {
                if magnitude <= UInt64(Int.max) { return .integer(-Int(magnitude)) }
                if magnitude == UInt64(Int.max) + 1 { return .integer(Int.min) }
            } else if magnitude <= UInt64(Int.max) {
                return .integer(Int(magnitude))
            }
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        // Double(_:) gives ±infinity for magnitudes past Double.greatestFiniteMagnitude.
        return .number(Double(text) ?? (isNegative ? -.infinity : .infinity))
    }

    private func isDigit(_ byte: UInt8) -> Bool { byte >= 48 && byte <= 57 }

    /// Reads a string starting at its opening quote.
    private mutating func parseString() throws(DocumentError) -> String {
        let (start, ended) = try readUnescapedPrefix()
        if ended { return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index - 1]), as: UTF8.self) }
        return try readEscapedRest(from: start)
    }

    /// Reads from the opening quote at `index` to the closing quote (`ended`,
    /// with `index` past it) or to the first backslash (`index` on it).
    /// Returns where the string's contents start. Multi-byte scalars are
    /// checked as they pass.
    private mutating func readUnescapedPrefix() throws(DocumentError) -> (start: Int, ended: Bool) {
        index += 1
        let start = index
        while index < bytes.count {
            // Eight plain ASCII bytes at a time (no quote, backslash, control
            // character or non-ASCII byte among them).
            while index + 8 <= bytes.count, Self.arePlain(
                UnsafeRawPointer(bytes.baseAddress! + index).loadUnaligned(as: UInt64.self))
            {
                index += 8
            }
            guard index < bytes.count else { break }
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                index += 1
                return (start, true)
            } else if byte == UInt8(ascii: "\\") {
                return (start, false)
            } else if byte < 0x20 {
                throw syntax("control character \(describe(byte)) in a string; write it as an escape such as \\n")
            } else if byte < 0x80 {
                index += 1
            } else {
                try skipMultiByteScalar()
            }
        }
        throw syntax("unterminated string; a closing `\"` is missing")
    }

    /// The rest of a string whose contents began at `start`, from the
    /// backslash at `index` to past the closing quote, escapes decoded.
    private mutating func readEscapedRest(from start: Int) throws(DocumentError) -> String {
        scratch.removeAll(keepingCapacity: true)
        scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index]))
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                index += 1
                return String(decoding: scratch, as: UTF8.self)
            } else if byte == UInt8(ascii: "\\") {
                index += 1
                guard index < bytes.count else { break }
                let escape = bytes[index]
                index += 1
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): scratch.append(escape)
                case UInt8(ascii: "b"): scratch.append(0x08)
                case UInt8(ascii: "f"): scratch.append(0x0C)
                case UInt8(ascii: "n"): scratch.append(0x0A)
                case UInt8(ascii: "r"): scratch.append(0x0D)
                case UInt8(ascii: "t"): scratch.append(0x09)
                case UInt8(ascii: "u"):
                    let scalar = try parseUnicodeEscape()
                    scratch.append(contentsOf: String(Character(scalar)).utf8)
                default:
                    index -= 2
                    throw syntax("invalid escape `\\\(describeRaw(escape))` in a string")
                }
            } else if byte < 0x20 {
                throw syntax("control character \(describe(byte)) in a string; write it as an escape such as \\n")
            } else if byte < 0x80 {
                scratch.append(byte)
                index += 1
            } else {
                let scalarStart = index
                try skipMultiByteScalar()
                scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[scalarStart..<index]))
            }
        }
        throw syntax("unterminated string; a closing `\"` is missing")
    }

    /// Whether none of the eight bytes in `word` ends or escapes a string or
    /// needs checking as UTF-8 (SWAR: each test sets a byte's high bit).
    @inline(__always)
    static func arePlain(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        func hasZeroByte(_ v: UInt64) -> UInt64 { (v &- ones) & ~v & highs }
        let quote = hasZeroByte(word ^ (ones &* 0x22))
        let backslash = hasZeroByte(word ^ (ones &* 0x5C))
        let control = (word &- ones &* 0x20) & ~word & highs
        return (quote | backslash | control | (word & highs)) == 0
    }

    /// Reads the hex digits after `\u`, pairing surrogates.
    private mutating func parseUnicodeEscape() throws(DocumentError) -> Unicode.Scalar {
        let high = try readHex4()
        if (0xD800...0xDBFF).contains(high) {
            guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u")
            else { throw syntax("lone surrogate \\u\(String(high, radix: 16)); a low surrogate must follow") }
            index += 2
            let low = try readHex4()
            guard (0xDC00...0xDFFF).contains(low) else {
                throw syntax("\\u\(String(low, radix: 16)) is not a low surrogate")
            }
            return Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))!
        }
        guard let scalar = Unicode.Scalar(high) else {
            throw syntax("lone surrogate \\u\(String(high, radix: 16)) in a string")
        }
        return scalar
    }

    private mutating func readHex4() throws(DocumentError) -> UInt32 {
        guard index + 4 <= bytes.count else { throw syntax("`\\u` needs four hex digits") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - 48
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - 87
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - 55
            default: throw syntax("`\\u` needs four hex digits but found \(describe(byte))")
            }
            value = value << 4 | UInt32(digit)
            index += 1
        }
        return value
    }

    /// Checks one multi-byte UTF-8 scalar at `index` and steps over it.
    private mutating func skipMultiByteScalar() throws(DocumentError) {
        let b0 = bytes[index]
        let length: Int
        var low: UInt8 = 0x80
        var high: UInt8 = 0xBF
        switch b0 {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; low = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; high = 0x9F
        case 0xF0: length = 4; low = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; high = 0x8F
        default: throw .invalidUTF8(offset: index)
        }
        guard index + length <= bytes.count else { throw .invalidUTF8(offset: index) }
        let b1 = bytes[index + 1]
        guard b1 >= low && b1 <= high else { throw .invalidUTF8(offset: index) }
        for k in 2..<length {
            guard bytes[index + k] & 0xC0 == 0x80 else { throw .invalidUTF8(offset: index) }
        }
        continuationBytesOnLine += length - 1
        index += length
    }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"):
                index += 1
            case UInt8(ascii: "\n"):
                index += 1
                line += 1
                lineStart = index
                continuationBytesOnLine = 0
            default:
                return
            }
        }
    }

    private func syntax(_ message: String) -> DocumentError {
        .syntax(message: message, position: position)
    }

    /// Names a byte for a message; a byte that starts no valid UTF-8 scalar is
    /// reported as such.
    private func describe(_ byte: UInt8) -> String {
        switch byte {
        case 0x0A: "a line break"
        case 0x09: "a tab"
        case ..<0x20: "control character U+\(String(byte, radix: 16, uppercase: true))"
        case ..<0x80: "`\(Character(Unicode.Scalar(byte)))`"
        default: "a non-ASCII character"
        }
    }

    private func describeRaw(_ byte: UInt8) -> String {
        byte < 0x80 ? String(Character(Unicode.Scalar(byte))) : "?"
    }
}

/// A stack whose tops are moved out in bulk, so building a container moves
/// each element once instead of copying it (and its reference counts). Its
/// methods are always inlined into the parser, so they are specialised for
/// `Node` and `String` there: an unspecialised array allocation would look its
/// storage type up in the runtime's metadata cache every time.
///
/// It owns its storage, so it cannot be copied; what is left on it is
/// destroyed and the storage freed when it goes away.
struct MovingStack<Element>: ~Copyable {
    private var base: UnsafeMutablePointer<Element>
    private var capacity: Int
    private(set) var count = 0

    @inline(__always)
    init(capacity: Int = 256) {
        self.capacity = capacity
        base = .allocate(capacity: capacity)
    }

    @inline(__always)
    mutating func push(_ element: Element) {
        if count == capacity {
            let bigger = UnsafeMutablePointer<Element>.allocate(capacity: capacity * 2)
            bigger.moveInitialize(from: base, count: count)
            base.deallocate()
            base = bigger
            capacity *= 2
        }
        (base + count).initialize(to: element)
        count += 1
    }

    /// Moves the elements from `start` to the top out, in order.
    @inline(__always)
    mutating func popAll(from start: Int) -> ContiguousArray<Element> {
        let n = count - start
        let source = base + start
        count = start
        // reserveCapacity + append stay specialized; the unsafeUninitializedCapacity
        // initializer calls a generic entry point that looks metadata up each time.
        var result = ContiguousArray<Element>()
        result.reserveCapacity(n)
        for i in 0..<n { result.append((source + i).move()) }
        return result
    }

    /// ``popAll(from:)`` as an `Array`.
    @inline(__always)
    mutating func popArray(from start: Int) -> [Element] {
        let n = count - start
        let source = base + start
        count = start
        var result = [Element]()
        result.reserveCapacity(n)
        for i in 0..<n { result.append((source + i).move()) }
        return result
    }

    /// The elements from `start` to the top, valid until the next change.
    @inline(__always)
    func elements(from start: Int) -> UnsafeBufferPointer<Element> {
        UnsafeBufferPointer(start: base + start, count: count - start)
    }

    /// Destroys the elements from `start` to the top.
    @inline(__always)
    mutating func drop(from start: Int) {
        (base + start).deinitialize(count: count - start)
        count = start
    }

    deinit {
        base.deinitialize(count: count)
        base.deallocate()
    }
}
