// Reading YAML into the document tree straight from libyaml's event stream
// (the system library, through CLibYAML), with YAML 1.2 core-schema scalars:
// a date such as 2026-01-31 stays a string, and `yes`/`no`/`on`/`off` are
// strings, not booleans. Every command reads YAML through this one reader.
import CLibYAML
import OrderedCollections

/// Reads YAML text into a ``Node`` tree, keeping key order and positions.
///
/// One set of limits applies to every document:
/// - at most ``maximumNodeCount`` nodes in the tree, aliases expanded;
/// - at most ``maximumDepth`` levels of nesting;
/// - aliases may copy at most ``aliasAllowance(forByteCount:)`` nodes in
///   total, so a "billion laughs" document is refused with a clear error
///   instead of filling memory, however short it is.
///
/// An alias expands to a copy of the anchored node: the copy's nodes keep
/// the positions of the anchored text they were read from.
///
/// ```swift
/// let plan = try YAMLReader().read("id: isr\ntitle: ISR\n")
/// plan["title"]?.position // 2:8
/// ```
public struct YAMLReader: Sendable {
    /// The most nodes one document may hold, aliases expanded.
    public var maximumNodeCount: Int
    /// The deepest nesting allowed.
    public var maximumDepth: Int
    /// The most nodes aliases may copy into one document, in total; `nil`
    /// allows ``baseAliasAllowance`` plus ``aliasNodesPerByte`` for each
    /// byte of the text.
    public var maximumAliasedNodes: Int?

    /// Nodes aliases may copy into any document, however short.
    public static let baseAliasAllowance = 10_000
    /// Nodes aliases may copy for each byte of the text: a document without
    /// aliases holds at most one node per two bytes, so only alias bombs
    /// reach this.
    public static let aliasNodesPerByte = 8

    public init(maximumNodeCount: Int = 2_000_000, maximumDepth: Int = 10_000, maximumAliasedNodes: Int? = nil) {
        self.maximumNodeCount = maximumNodeCount
        self.maximumDepth = maximumDepth
        self.maximumAliasedNodes = maximumAliasedNodes
    }

    /// The most nodes aliases may copy into a text of `byteCount` bytes.
    public func aliasAllowance(forByteCount byteCount: Int) -> Int {
        maximumAliasedNodes ?? Self.baseAliasAllowance + Self.aliasNodesPerByte * byteCount
    }

    /// Reads one YAML document.
    /// - Throws: ``DocumentError`` naming the line and column of the problem.
    public func read(_ text: String) throws(DocumentError) -> Node {
        var text = text
        text.makeContiguousUTF8()
        let result: Result<Node, DocumentError> = text.utf8.withContiguousStorageIfAvailable { buffer in
            parse(buffer)
        } ?? .failure(.syntax(message: "text is not contiguous UTF-8", position: .unknown))
        return try result.get()
    }

    /// Reads one YAML document from UTF-8 bytes, refusing invalid UTF-8.
    public func read(_ bytes: some Collection<UInt8>) throws(DocumentError) -> Node {
        let result: Result<Node, DocumentError>? = bytes.withContiguousStorageIfAvailable { buffer in
            // Validated in place, without building a string only to drop it.
            do {
                _ = try UTF8Span(validating: buffer.span)
            } catch {
                return .failure(Self.utf8Error(in: buffer))
            }
            return parse(buffer)
        }
        if let result { return try result.get() }
        return try read(Array(bytes))
    }

    /// The error for bytes that are not UTF-8, naming the first bad byte.
    private static func utf8Error(in buffer: UnsafeBufferPointer<UInt8>) -> DocumentError {
        var offset = 0
        var iterator = buffer.makeIterator()
        var decoder = UTF8()
        while case .scalarValue(let scalar) = decoder.decode(&iterator) {
            offset += UTF8.width(scalar)
        }
        return .invalidUTF8(offset: offset)
    }

    /// Reads through libyaml's event API: every construct, every error.
    private func parse(_ whole: UnsafeBufferPointer<UInt8>) -> Result<Node, DocumentError> {
        // A byte order mark is not part of the document. libyaml skips one only
        // when it detects the encoding itself, and otherwise counts it as a
        // column of the first line, which then no longer lines up with the next.
        let bomLength = whole.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        let buffer = UnsafeBufferPointer(rebasing: whole[bomLength...])
        var builder = TreeBuilder(
            maximumNodeCount: maximumNodeCount, maximumDepth: maximumDepth,
            aliasAllowance: aliasAllowance(forByteCount: whole.count))
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else {
            return .failure(.syntax(message: "could not start the YAML parser (out of memory)", position: .unknown))
        }
        defer { yaml_parser_delete(&parser) }
        yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
        yaml_parser_set_input_string(&parser, buffer.baseAddress ?? UnsafePointer(bitPattern: 1)!, buffer.count)
        var event = yaml_event_t()
        while true {
            guard yaml_parser_parse(&parser, &event) == 1 else {
                return .failure(Self.parserError(parser, byteOffset: bomLength, input: buffer))
            }
            defer { yaml_event_delete(&event) }
            if event.type == YAML_STREAM_END_EVENT { break }
            do {
                try builder.handle(event)
            } catch {
                return .failure(error)
            }
        }
        return builder.finish()
    }

    /// A libyaml error as a ``DocumentError`` in plain words, at the place the
    /// problem starts: an unclosed quote or bracket where it was opened (libyaml's
    /// context mark), a tab at its own column; libyaml's wording follows in brackets.
    private static func parserError(_ parser: yaml_parser_t, byteOffset: Int, input: UnsafeBufferPointer<UInt8>) -> DocumentError {
        let problem = parser.problem.map { String(cString: $0) } ?? "invalid YAML"
        switch parser.error {
        case YAML_READER_ERROR:
            return .syntax(message: "\(problem) at byte \(parser.problem_offset + byteOffset)", position: .unknown)
        case YAML_SCANNER_ERROR, YAML_PARSER_ERROR:
            let context = parser.context.map { String(cString: $0) } ?? ""
            let at = SourcePosition(line: parser.problem_mark.line + 1, column: parser.problem_mark.column + 1)
            let opened = SourcePosition(line: parser.context_mark.line + 1, column: parser.context_mark.column + 1)
            let index = Int(parser.problem_mark.index)
            let character = index < input.count ? input[index] : nil
            let original = " (YAML: \(problem)\(context.isEmpty ? "" : " " + context))"
            if character == 0x09 {
                return .syntax(message: "a tab character here; YAML indents with spaces only: replace the tab with spaces" + original, position: at)
            }
            if context.contains("quoted scalar") {
                return .syntax(message: "the quoted text that starts here is never closed: add the closing quote, or remove the opening one" + original, position: opened)
            }
            if context.contains("flow sequence") {
                return .syntax(message: "the list opened with [ here is not closed with ], or a comma is missing between its items" + original, position: opened)
            }
            if context.contains("flow mapping") {
                return .syntax(message: "the mapping opened with { here is not closed with }, or a comma is missing between its entries" + original, position: opened)
            }
            if problem.contains("mapping values are not allowed") {
                return .syntax(message: "a colon followed by a space inside a value: put the value in quotes (\"...\")" + original, position: at)
            }
            if context.contains("block mapping") || context.contains("block collection") {
                return .syntax(message: "this line is not indented like the keys it belongs with: line it up with the keys above (spaces only)" + original, position: at)
            }
            if context.contains("simple key") {
                return .syntax(message: "a line that reads as a key has no colon: add ': ' after the key, or indent the line as part of the text above" + original, position: opened)
            }
            return .syntax(message: "not valid YAML here" + original, position: at)
        default:
            return .syntax(message: "out of memory while parsing YAML", position: .unknown)
        }
    }
}

/// Builds the tree from events: a stack of open collections.
///
/// Syntax and structural errors (undefined aliases, duplicate keys, several
/// documents) are thrown as the parser meets them; data-model errors
/// (unsupported tags or keys, limits) are kept until the whole text has
/// parsed, so that a syntax error anywhere is the one reported.
private struct TreeBuilder {
    /// An open sequence or mapping.
    struct Frame {
        var isMapping: Bool
        var position: SourcePosition
        var anchor: String?
        /// The items of a sequence, or the values of a mapping.
        var items: [Node] = []
        /// The key read and waiting for its value.
        var key: (name: String, position: SourcePosition)?
        /// Where this mapping's keys start in the builder's `keys` and `keyPositions`.
        var keysStart: Int
        /// Nodes in this subtree so far, aliases expanded, the frame's own node included.
        var nodeCount = 1
    }

    let maximumNodeCount: Int
    let maximumDepth: Int
    let aliasAllowance: Int
    /// Nodes in the tree so far, aliases expanded.
    var nodeCount = 0
    /// Nodes copied by aliases so far.
    var aliasedNodeCount = 0
    var stack: [Frame] = []
    /// The keys of the open mappings, and where each was written, in order:
    /// a mapping's keys follow those of the mappings around it, so one pair
    /// of arrays serves them all until the mapping closes.
    var keys: [String] = []
    var keyPositions: [SourcePosition] = []
    /// Key lists of closed mappings, shared by later mappings with the same keys.
    var keyLists = KeyListCache()
    /// Anchored nodes with their sizes, so that expanding an alias costs
    /// nothing to measure even in an alias bomb.
    var anchors: [String: (node: Node, count: Int)] = [:]
    var root: Node?
    var documents = 0
    /// The first data-model error, kept until the text has parsed.
    var deferred: DocumentError?

    init(maximumNodeCount: Int, maximumDepth: Int, aliasAllowance: Int) {
        self.maximumNodeCount = maximumNodeCount
        self.maximumDepth = maximumDepth
        self.aliasAllowance = aliasAllowance
    }

    func finish() -> Result<Node, DocumentError> {
        if let deferred { return .failure(deferred) }
        guard let root else { return .failure(.empty) }
        return .success(root)
    }

    static func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        pointer.map { String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self)) }
    }

    static func position(_ mark: yaml_mark_t) -> SourcePosition {
        SourcePosition(line: mark.line + 1, column: mark.column + 1)
    }

    mutating func keep(_ error: DocumentError) {
        if deferred == nil { deferred = error }
    }

    /// Whether the innermost open collection is a mapping waiting for a key.
    /// (Read in place: `stack.last` would copy the frame and its arrays.)
    var awaitsKey: Bool {
        guard let top = stack.indices.last else { return false }
        return stack[top].isMapping && stack[top].key == nil
    }

    static let collectionKey = "mapping keys must be plain text; found a collection used as a key"

    mutating func handle(_ event: yaml_event_t) throws(DocumentError) {
        let position = Self.position(event.start_mark)
        switch event.type {
        case YAML_DOCUMENT_START_EVENT:
            documents += 1
            if documents > 1 {
                throw .syntax(message: "expected a single document in the stream but found another document", position: position)
            }
        case YAML_SCALAR_EVENT:
            let scalar = event.data.scalar
            let text = String(decoding: UnsafeBufferPointer(start: scalar.value, count: scalar.length), as: UTF8.self)
            if awaitsKey {
                // A key: kept as written, never resolved.
                stack[stack.count - 1].key = (text, position)
                if let anchor = Self.string(scalar.anchor) { anchors[anchor] = (Node(.string(text), at: position), 1) }
                return
            }
            count(1, at: position)
            checkDepth(at: position)
            let tag: String? = scalar.quoted_implicit == 1 ? "tag:yaml.org,2002:str" : Self.string(scalar.tag)
            let content: Node.Content
            do {
                content = try CoreSchema.resolve(text, tag: tag, isPlain: scalar.style == YAML_PLAIN_SCALAR_STYLE, at: position)
            } catch {
                keep(error)
                content = .null
            }
            let node = Node(content, at: position)
            if let anchor = Self.string(scalar.anchor) { anchors[anchor] = (node, 1) }
            append(node, count: 1)
        case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
            count(1, at: position)
            checkDepth(at: position)
            if awaitsKey { keep(.unsupported(message: Self.collectionKey, position: position)) }
            let isMapping = event.type == YAML_MAPPING_START_EVENT
            let anchor = isMapping ? event.data.mapping_start.anchor : event.data.sequence_start.anchor
            stack.append(Frame(isMapping: isMapping, position: position, anchor: Self.string(anchor), keysStart: keys.count))
        case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
            guard let frame = stack.popLast() else { return }
            let node: Node
            if frame.isMapping {
                node = Node(.mapping(try closeMapping(frame)), at: frame.position)
            } else {
                node = Node(.sequence(frame.items), at: frame.position)
            }
            if let anchor = frame.anchor { anchors[anchor] = (node, frame.nodeCount) }
            if awaitsKey {
                // A collection used as a key (already reported): give it a placeholder name.
                stack[stack.count - 1].key = ("", node.position)
                return
            }
            append(node, count: frame.nodeCount)
        case YAML_ALIAS_EVENT:
            let name = Self.string(event.data.alias.anchor) ?? ""
            guard let (target, size) = anchors[name] else {
                throw .syntax(message: "found undefined alias *\(name)", position: position)
            }
            if awaitsKey {
                if target.string == nil { keep(.unsupported(message: Self.collectionKey, position: target.position)) }
                stack[stack.count - 1].key = (target.string ?? "", position)
                return
            }
            // The copy shares storage with the anchored node (values are
            // copied on write), but counts as the nodes it stands for.
            aliasedNodeCount &+= size
            if aliasedNodeCount > aliasAllowance {
                keep(.aliasExpansionLimit(limit: aliasAllowance, position: position))
            }
            count(size, at: position)
            append(target, count: size)
        default:
            break  // stream and document boundaries
        }
    }

    mutating func count(_ nodes: Int, at position: SourcePosition) {
        nodeCount &+= nodes
        if nodeCount > maximumNodeCount { keep(.tooManyNodes(limit: maximumNodeCount, position: position)) }
    }

    mutating func checkDepth(at position: SourcePosition) {
        if stack.count > maximumDepth { keep(.nestingTooDeep(limit: maximumDepth, position: position)) }
    }

    mutating func append(_ node: Node, count: Int) {
        guard !stack.isEmpty else {
            root = node
            return
        }
        let top = stack.count - 1
        stack[top].nodeCount &+= count
        if stack[top].isMapping {
            guard let key = stack[top].key else { return }
            stack[top].key = nil
            // A repeated key is an error reported when the mapping closes.
            keys.append(key.name)
            keyPositions.append(key.position)
        }
        stack[top].items.append(node)
    }

    /// The entries of a mapping that has closed, its keys taken off the
    /// shared arrays.
    /// - Throws: a syntax error at the first occurrence of the smallest
    ///   repeated key; keys that are one text in two normalization forms
    ///   repeat each other (see MappingKeys).
    mutating func closeMapping(_ frame: Frame) throws(DocumentError) -> OrderedDictionary<String, Node> {
        let start = frame.keysStart
        defer {
            keys.removeSubrange(start...)
            keyPositions.removeSubrange(start...)
        }
        let mappingKeys = keys[start...]
        if let list = keyLists.list(equalTo: mappingKeys) {
            return OrderedDictionary(uncheckedUniqueKeys: list, values: frame.items)
        }
        guard KeyListCache.areUnique(mappingKeys) else {
            var seen = Set<String>()
            var repeated = Set<String>()
            for key in mappingKeys where !seen.insert(key).inserted { repeated.insert(key) }
            let first = repeated.min()!
            let index = mappingKeys.firstIndex(of: first)!
            let repetition = mappingKeys[mappingKeys.index(after: index)...].first { $0 == first }!
            throw MappingKeys.duplicate(
                mappingKeys[index], of: repetition, at: keyPositions[index], eachKeyOnce: "each key may appear once in a mapping")
        }
        let list = Array(mappingKeys)
        keyLists.insert(list)
        return OrderedDictionary(uncheckedUniqueKeys: list, values: frame.items)
    }
}
