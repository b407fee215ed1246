// A compact binary form of a document tree, positions included, for caching
// parsed documents by git blob id: decoding it is several times faster than
// parsing YAML again. It is derived data: a missing, old or damaged archive
// is simply parsed again from the YAML.

/// Encodes and decodes ``Node`` trees in planbench's private binary format.
///
/// Layout: the magic bytes `PBN1`, then each node as a one-byte tag, its line
/// and column as LEB128 varints, and its payload (varint lengths, UTF-8
/// strings, IEEE 754 doubles, zig-zag integers).
public enum NodeArchive {
    static let magic: [UInt8] = Array("PBN1".utf8)

    /// Why an archive could not be decoded.
    public enum DecodingError: Error, Sendable, Equatable {
        /// Not an archive of this version, or cut short.
        case malformed
    }

    public static func encode(_ node: Node) -> [UInt8] {
        var out = magic
        out.reserveCapacity(1 << 16)
        encode(node, into: &out)
        return out
    }

    public static func decode(_ bytes: [UInt8]) throws(DecodingError) -> Node {
        try bytes.withUnsafeBufferPointer { (buffer) throws(DecodingError) -> Node in
            var reader = Reader(bytes: buffer)
            return try reader.archive()
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
    ///   - reference: a tree whose strings the result may share.
    ///   - read: fills the buffer it is given from the front and returns the
    ///     number of bytes written: 0 at the end, a negative number on failure.
    public static func decode(
        byteCount: Int, sharingStringsWith reference: Node? = nil,
        reading read: (UnsafeMutableRawBufferPointer) -> Int
    ) throws(DecodingError) -> Node {
        let window = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: min(max(byteCount, 16), 64 * 1024))
        defer { window.deallocate() }
        return try withoutActuallyEscaping(read) { (read) throws(DecodingError) -> Node in
            var reader = Reader(window: window, byteCount: byteCount, source: read)
            if let reference { reader.shared = Self.allocatedStrings(in: reference) }
            defer { reader.releaseGrownWindow() }
            return try reader.archive()
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
            var v = value
            while v >= 0x80 {
                out.append(UInt8(v & 0x7F) | 0x80)
                v >>= 7
            }
            out.append(UInt8(v))
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
        }

        /// A reader of an archive of `byteCount` bytes delivered by `source` into `window`.
        init(window: UnsafeMutableBufferPointer<UInt8>, byteCount: Int, source: @escaping (UnsafeMutableRawBufferPointer) -> Int) {
            bytes = window
            offset = 0
            end = 0
            remaining = byteCount
            self.source = source
        }

        mutating func releaseGrownWindow() {
            if ownsGrownWindow { bytes.deallocate() }
        }

        /// The tree of a whole archive: magic bytes, one node, nothing after it.
        mutating func archive() throws(DecodingError) -> Node {
            try need(magic.count)
            for (i, byte) in magic.enumerated() where bytes[offset + i] != byte { throw .malformed }
            offset += magic.count
            let node = try node()
            guard offset == end, remaining == 0 else { throw .malformed }
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
            while true {
                let b = try byte()
                result |= UInt64(b & 0x7F) << shift
                if b < 0x80 { return result }
                shift += 7
                guard shift < 64 else { throw .malformed }
            }
        }

        /// A count of items or bytes, which cannot exceed the bytes left.
        mutating func count() throws(DecodingError) -> Int {
            let value = try varint()
            guard value <= UInt64(end - offset + remaining) else { throw .malformed }
            return Int(value)
        }

        mutating func string() throws(DecodingError) -> String {
            let length = try count()
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

        mutating func node() throws(DecodingError) -> Node {
            guard let tag = Tag(rawValue: try byte()) else { throw .malformed }
            let position = SourcePosition(line: Int(try varint()), column: Int(try varint()))
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
                let n = try count()
                var items: [Node] = []
                items.reserveCapacity(n)
                for _ in 0..<n { items.append(try node()) }
                return Node(.sequence(items), at: position)
            case .mapping:
                let n = try count()
                var values: [Node] = []
                values.reserveCapacity(n)
                // Keys go on a shared stack (nested mappings push theirs above
                // and take them off again), so a key list seen before costs nothing.
                let start = pendingKeys.count
                for _ in 0..<n {
                    pendingKeys.append(try string())
                    values.append(try node())
                }
                let keys = try keyList(pendingKeys[start...])
                pendingKeys.removeSubrange(start...)
                return Node(.mapping(.init(uncheckedUniqueKeys: keys, values: values)), at: position)
            }
        }
    }
}
