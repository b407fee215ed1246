// A compact binary form of a document tree, positions included, for caching
// parsed documents by git blob id: decoding it is several times faster than
// parsing YAML again. It is derived data read back from disk, so it is
// untrusted: a missing, old, foreign or damaged archive is refused (never a
// trap) and the caller parses the YAML again.

/// Encodes and decodes ``Node`` trees in planbench's private binary format.
///
/// Layout: the magic bytes `PBN2` (the format version); the producer (a
/// varint length and UTF-8: what made the tree, such as the parser's version,
/// which the reader must name exactly); the root node; a checksum of every
/// byte before it (8 bytes, little-endian). Each node is a one-byte tag, its
/// line and column as LEB128 varints, and its payload (varint lengths, UTF-8
/// strings, IEEE 754 doubles, zig-zag integers).
///
/// Decoding checks every length and count against the bytes left, nests at
/// most ``maximumDepth`` deep and verifies the checksum, so any byte string
/// either decodes to the tree that was encoded or throws.
public enum NodeArchive {
    static let magic: [UInt8] = Array("PBN2".utf8)

    /// The deepest nesting decoded; a deeper tree is refused (and parsed again by
    /// the caller), which keeps the recursive decoder well inside a thread's stack.
    public static let maximumDepth = 1_000

    /// The longest producer description.
    static let maximumProducerLength = 255

    /// Why an archive could not be decoded.
    public enum DecodingError: Error, Sendable, Equatable {
        /// Not an archive, or damaged: cut short, too long, inconsistent, too deep,
        /// or with a checksum that does not match.
        case malformed
        /// An archive of another format version, or made by another producer.
        case otherVersion
    }

    /// The archive of `node`, recording `producer` (see ``decode(_:producer:)``).
    public static func encode(_ node: Node, producer: String) -> [UInt8] {
        var out = magic
        out.reserveCapacity(1 << 16)
        let producer = Array(producer.utf8.prefix(maximumProducerLength))
        LEB128.append(UInt64(producer.count), to: &out)
        out.append(contentsOf: producer)
        encode(node, into: &out)
        var checksum = Checksum()
        out.withUnsafeBytes { checksum.combine($0) }
        withUnsafeBytes(of: checksum.value.littleEndian) { out.append(contentsOf: $0) }
        return out
    }

    /// Decodes an archive held in memory.
    ///
    /// - Parameter producer: what must have made it, as given to ``encode(_:producer:)``.
    /// - Throws: ``DecodingError/otherVersion`` for another format or producer,
    ///   ``DecodingError/malformed`` for anything else that is not an intact archive.
    public static func decode(_ bytes: [UInt8], producer: String) throws(DecodingError) -> Node {
        try bytes.withUnsafeBufferPointer { (buffer) throws(DecodingError) -> Node in
            var reader = Reader(bytes: buffer)
            return try reader.archive(producer: producer)
        }
    }

    /// Decodes an archive of `byteCount` bytes that `read` delivers in pieces,
    /// holding only a window of it in memory rather than the whole archive
    /// next to the tree being built (a diff holds two large trees at once).
    ///
    /// Strings of the decoded tree that equal a string of `reference` (say,
    /// the other revision of the same document) share its storage instead of
    /// holding a copy: two revisions of a large plan mostly repeat each other.
    ///
    /// - Parameters:
    ///   - byteCount: the size of the archive (a file's size).
    ///   - producer: what must have made it, as given to ``encode(_:producer:)``.
    ///   - reference: a tree whose strings the result may share.
    ///   - read: fills the buffer it is given from the front and returns the
    ///     number of bytes written: 0 at the end, a negative number on failure.
    /// - Throws: as ``decode(_:producer:)``.
    public static func decode(
        byteCount: Int, producer: String, sharingStringsWith reference: Node? = nil,
        reading read: (UnsafeMutableRawBufferPointer) -> Int
    ) throws(DecodingError) -> Node {
        guard byteCount >= 0 else { throw .malformed }
        let window = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: min(max(byteCount, 16), 64 * 1024))
        defer { window.deallocate() }
        return try withoutActuallyEscaping(read) { (read) throws(DecodingError) -> Node in
            var reader = Reader(window: window, byteCount: byteCount, source: read)
            if let reference { reader.shared = Self.allocatedStrings(in: reference) }
            defer { reader.releaseGrownWindow() }
            return try reader.archive(producer: producer)
        }
    }

    /// Swift stores strings of up to 15 UTF-8 bytes inline; longer ones are
    /// allocated, and only those are worth sharing.
    static let inlineStringLimit = 15

    /// The strings of `node` (values and keys) that have storage of their own.
    static func allocatedStrings(in node: Node) -> Set<String> {
        var strings = Set<String>()
        func collect(_ node: Node) {
            switch node.content {
            case .string(let s) where s.utf8.count > inlineStringLimit:
                strings.insert(s)
            case .sequence(let items):
                for item in items { collect(item) }
            case .mapping(let entries):
                for (key, value) in entries {
                    if key.utf8.count > inlineStringLimit { strings.insert(key) }
                    collect(value)
                }
            default:
                break
            }
        }
        collect(node)
        return strings
    }

    private enum Tag: UInt8 {
        case null, bool, integer, number, string, sequence, mapping
    }


    private static func encode(_ node: Node, into out: inout [UInt8]) {
        func varint(_ value: UInt64, _ out: inout [UInt8]) {
            LEB128.append(value, to: &out)
        }
        func string(_ s: String, _ out: inout [UInt8]) {
            var s = s
            s.withUTF8 { utf8 in
                varint(UInt64(utf8.count), &out)
                out.append(contentsOf: utf8)
            }
        }
        func header(_ tag: Tag, _ out: inout [UInt8]) {
            out.append(tag.rawValue)
            varint(UInt64(max(0, node.position.line)), &out)
            varint(UInt64(max(0, node.position.column)), &out)
        }
        switch node.content {
        case .null:
            header(.null, &out)
        case .bool(let b):
            header(.bool, &out)
            out.append(b ? 1 : 0)
        case .integer(let i):
            header(.integer, &out)
            varint(UInt64(bitPattern: Int64((i << 1) ^ (i >> 63))), &out)
        case .number(let d):
            header(.number, &out)
            withUnsafeBytes(of: d.bitPattern.littleEndian) { out.append(contentsOf: $0) }
        case .string(let s):
            header(.string, &out)
            string(s, &out)
        case .sequence(let items):
            header(.sequence, &out)
            varint(UInt64(items.count), &out)
            for item in items { encode(item, into: &out) }
        case .mapping(let entries):
            header(.mapping, &out)
            varint(UInt64(entries.count), &out)
            for (key, value) in entries {
                string(key, &out)
                encode(value, into: &out)
            }
        }
    }

    /// Reads an archive from a window of bytes, refilled from a source when
    /// the archive arrives in pieces.
    private struct Reader {
        var bytes: UnsafeMutableBufferPointer<UInt8>
        /// The unread bytes are `bytes[offset..<end]`.
        var offset: Int
        var end: Int
        /// Bytes of the archive the source has yet to deliver.
        var remaining: Int
        let source: ((UnsafeMutableRawBufferPointer) -> Int)?
        /// The archive's size; all but its last 8 bytes (the checksum) are checksummed.
        let byteCount: Int
        /// The checksum of the bytes delivered so far that precede the stored checksum.
        var checksum = Checksum()
        /// Whether `bytes` was allocated here to hold a string longer than the window.
        var ownsGrownWindow = false
        /// Strings to share rather than copy, when equal.
        var shared: Set<String> = []
        /// Keys of the mappings being read, innermost last.
        var pendingKeys: [String] = []
        /// Key lists already built, shared by mappings with the same keys.
        var keyLists = KeyListCache()

        /// The keys of one mapping as an array, shared with an earlier mapping
        /// that has the same keys in the same order.
        mutating func keyList(_ keys: ArraySlice<String>) throws(DecodingError) -> [String] {
            if let list = keyLists.list(equalTo: keys) { return list }
            guard KeyListCache.areUnique(keys) else { throw .malformed }
            let list = Array(keys)
            keyLists.insert(list)
            return list
        }

        /// A reader of an archive entirely in memory.
        init(bytes: UnsafeBufferPointer<UInt8>) {
            self.bytes = UnsafeMutableBufferPointer(mutating: bytes)
            offset = 0
            end = bytes.count
            remaining = 0
            source = nil
            byteCount = bytes.count
            checksum.combine(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes[..<max(0, bytes.count - 8)])))
        }

        /// A reader of an archive of `byteCount` bytes delivered by `source` into `window`.
        init(window: UnsafeMutableBufferPointer<UInt8>, byteCount: Int, source: @escaping (UnsafeMutableRawBufferPointer) -> Int) {
            bytes = window
            offset = 0
            end = 0
            remaining = byteCount
            self.byteCount = byteCount
            self.source = source
        }

        mutating func releaseGrownWindow() {
            if ownsGrownWindow { bytes.deallocate() }
        }

        /// The tree of a whole archive: magic bytes, producer, one node, the
        /// checksum, nothing after it.
        mutating func archive(producer: String) throws(DecodingError) -> Node {
            try need(magic.count)
            for (i, byte) in magic.enumerated() where bytes[offset + i] != byte {
                // "PBN" and another version digit: an archive, of another format.
                throw i == magic.count - 1 ? .otherVersion : .malformed
            }
            offset += magic.count
            let length = try count(bytesEach: 1)
            guard length <= NodeArchive.maximumProducerLength else { throw .malformed }
            try need(length)
            let recorded = UnsafeBufferPointer(rebasing: bytes[offset..<(offset + length)])
            offset += length
            guard recorded.elementsEqual(producer.utf8.prefix(NodeArchive.maximumProducerLength)) else { throw .otherVersion }
            let node = try node(depth: 0)
            try need(8)
            var stored: UInt64 = 0
            for i in 0..<8 { stored |= UInt64(bytes[offset + i]) << (8 * UInt64(i)) }
            offset += 8
            guard offset == end, remaining == 0, stored == checksum.value else { throw .malformed }
            return node
        }

        /// Makes at least `count` unread bytes available, refilling the window.
        mutating func need(_ count: Int) throws(DecodingError) {
            guard end - offset < count else { return }
            try refill(count)
        }

        @inline(never)
        mutating func refill(_ count: Int) throws(DecodingError) {
            guard let source, count - (end - offset) <= remaining else { throw .malformed }
            let unread = end - offset
            if count > bytes.count {
                // A string longer than the window: a window that holds it.
                let grown = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: count)
                _ = grown.initialize(fromContentsOf: bytes[offset..<end])
                releaseGrownWindow()
                bytes = grown
                ownsGrownWindow = true
            } else if offset > 0 {
                bytes.baseAddress!.update(from: bytes.baseAddress! + offset, count: unread)
            }
            offset = 0
            end = unread
            while end < count {
                let room = min(bytes.count - end, remaining)
                let delivered = source(UnsafeMutableRawBufferPointer(UnsafeMutableBufferPointer(rebasing: bytes[end..<(end + room)])))
                guard delivered > 0, delivered <= room else { throw .malformed }
                // Checksum the part of these bytes that lies before the stored checksum.
                let start = byteCount - remaining
                let checksummed = max(0, min(delivered, byteCount - 8 - start))
                checksum.combine(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes[end..<(end + checksummed)])))
                end += delivered
                remaining -= delivered
            }
        }

        mutating func byte() throws(DecodingError) -> UInt8 {
            if offset == end { try refill(1) }
            defer { offset += 1 }
            return bytes[offset]
        }

        mutating func varint() throws(DecodingError) -> UInt64 {
            var result: UInt64 = 0
            var shift: UInt64 = 0
            // LEB128.read's rule, a byte at a time: a varint may cross a refill.
            while true {
                let b = try byte()
                // The tenth byte may carry only the top bit of a 64-bit value.
                guard shift < 63 || b <= 1 else { throw .malformed }
                result |= UInt64(b & 0x7F) << shift
                if b < 0x80 { return result }
                shift += 7
            }
        }

        /// A count of items that take at least `bytesEach` bytes each (or of bytes),
        /// which must fit in the bytes left before the checksum.
        mutating func count(bytesEach: UInt64) throws(DecodingError) -> Int {
            let value = try varint()
            let left = end - offset + remaining - 8
            guard left >= 0, value <= UInt64(left) / bytesEach else { throw .malformed }
            return Int(value)
        }

        /// A line or column number (positions hold 32 bits; the encoder writes no more).
        mutating func positionComponent() throws(DecodingError) -> Int {
            let value = try varint()
            guard value <= UInt64(Int32.max) else { throw .malformed }
            return Int(value)
        }

        mutating func string() throws(DecodingError) -> String {
            let length = try count(bytesEach: 1)
            try need(length)
            let slice = UnsafeBufferPointer(rebasing: bytes[offset..<(offset + length)])
            offset += length
            // `String(decoding:)` is specialized for byte buffers; `String(validating:)`
            // is generic and took a tenth of a cached merge in metadata look-ups. The
            // archive is our own output, so a damaged one is caught by its structure
            // (tags, counts, length); bytes that are not UTF-8 are repaired, not trusted.
            let text = String(decoding: slice, as: UTF8.self)
            if length > NodeArchive.inlineStringLimit, let index = shared.firstIndex(of: text) {
                return shared[index]
            }
            return text
        }

        /// The smallest node: a tag, a line and a column of one byte each.
        static let minimumNodeSize: UInt64 = 3

        mutating func node(depth: Int) throws(DecodingError) -> Node {
            guard depth < NodeArchive.maximumDepth else { throw .malformed }
            guard let tag = Tag(rawValue: try byte()) else { throw .malformed }
            let position = SourcePosition(line: try positionComponent(), column: try positionComponent())
            switch tag {
            case .null:
                return Node(.null, at: position)
            case .bool:
                return Node(.bool(try byte() != 0), at: position)
            case .integer:
                let zigzag = try varint()
                let value = Int64(bitPattern: (zigzag >> 1) ^ (0 &- (zigzag & 1)))
                return Node(.integer(Int(value)), at: position)
            case .number:
                try need(8)
                var bits: UInt64 = 0
                for i in 0..<8 { bits |= UInt64(bytes[offset + i]) << (8 * UInt64(i)) }
                offset += 8
                return Node(.number(Double(bitPattern: bits)), at: position)
            case .string:
                return Node(.string(try string()), at: position)
            case .sequence:
                let n = try count(bytesEach: Self.minimumNodeSize)
                var items: [Node] = []
                items.reserveCapacity(n)
                for _ in 0..<n { items.append(try node(depth: depth + 1)) }
                return Node(.sequence(items), at: position)
            case .mapping:
                // Each entry: a key (at least its length byte) and a node.
                let n = try count(bytesEach: 1 + Self.minimumNodeSize)
                var values: [Node] = []
                values.reserveCapacity(n)
                // Keys go on a shared stack (nested mappings push theirs above
                // and take them off again), so a key list seen before costs nothing.
                let start = pendingKeys.count
                for _ in 0..<n {
                    pendingKeys.append(try string())
                    values.append(try node(depth: depth + 1))
                }
                let keys = try keyList(pendingKeys[start...])
                pendingKeys.removeSubrange(start...)
                return Node(.mapping(.init(uncheckedUniqueKeys: keys, values: values)), at: position)
            }
        }
    }
}

/// A checksum that detects damage to an archive: it processes eight bytes at a
/// time (decoding must stay cheap), and each step is a bijection of the state
/// for a given word and of the word for a given state, so any single changed
/// word changes the result; the length is mixed in last.
struct Checksum {
    private var state: UInt64 = 0x9E37_79B9_7F4A_7C15
    /// Bytes of an unfinished word, lowest first.
    private var carry: UInt64 = 0
    private var carried = 0
    private var length: UInt64 = 0

    private mutating func mix(_ word: UInt64) {
        state = ((state << 5) | (state >> 59)) ^ word
        state = state &* 0x517C_C1B7_2722_0A95
    }

    mutating func combine(_ bytes: UnsafeRawBufferPointer) {
        length &+= UInt64(bytes.count)
        var index = 0
        if carried > 0 {
            while carried < 8, index < bytes.count {
                carry |= UInt64(bytes[index]) << (8 * UInt64(carried))
                carried += 1
                index += 1
            }
            guard carried == 8 else { return }
            mix(carry)
            carry = 0
            carried = 0
        }
        while index + 8 <= bytes.count {
            mix(UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self)))
            index += 8
        }
        while index < bytes.count {
            carry |= UInt64(bytes[index]) << (8 * UInt64(carried))
            carried += 1
            index += 1
        }
    }

    /// The checksum of everything combined so far.
    var value: UInt64 {
        var copy = self
        copy.mix(copy.carry)
        copy.mix(copy.length)
        var h = copy.state
        h ^= h >> 33
        h = h &* 0xFF51_AFD7_ED55_8CCD
        h ^= h >> 33
        return h
    }
}
