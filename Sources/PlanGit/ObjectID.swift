// The 20-byte SHA-1 name of a git object, as a Swift value.
import CLibGit2

/// The id of a git object (commit, tree, blob, tag): 20 bytes, shown as 40 hex digits.
///
/// A value type copied out of libgit2's `git_oid` at once, so it can cross threads and
/// outlive the repository handle it came from.
///
/// ```swift
/// let id = ObjectID(hex: "4b825dc642cb6eb9a060e54bf8d69288fbee4904")!
/// id.shortHex  // "4b825dc"
/// ```
public struct ObjectID: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The raw 20 bytes.
    public let bytes: [UInt8]

    /// Number of bytes in a SHA-1 object id.
    public static let byteCount = 20

    /// Creates an id from its 40-digit hexadecimal form (either case); nil when malformed.
    public init?(hex: String) {
        let digits = Array(hex.utf8)
        guard digits.count == Self.byteCount * 2 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Self.byteCount)
        var index = 0
        while index < digits.count {
            guard let high = Self.nibble(digits[index]), let low = Self.nibble(digits[index + 1]) else {
                return nil
            }
            bytes.append(high << 4 | low)
            index += 2
        }
        self.bytes = bytes
    }

    /// Creates an id from its 20 raw bytes; nil when the count is wrong.
    public init?(bytes: [UInt8]) {
        guard bytes.count == Self.byteCount else { return nil }
        self.bytes = bytes
    }

    /// The id `bytes` would have as a blob, computed without storing anything; equal
    /// ids mean equal contents, so a work-tree file can be compared with a committed
    /// one (`Repository.blobID(at:in:)`) without reading the committed blob.
    public init(hashingBlob bytes: [UInt8]) {
        ensureLibgit2()
        var oid = git_oid()
        // Hashing a buffer in memory cannot fail except on allocation failure.
        _ = bytes.withUnsafeBytes { buffer in
            git_odb_hash(&oid, buffer.baseAddress, buffer.count, GIT_OBJECT_BLOB)
        }
        self.init(oid)
    }

    init(_ oid: git_oid) {
        self.bytes = withUnsafeBytes(of: oid.id) { Array($0) }
    }

    init(_ oid: UnsafePointer<git_oid>) {
        self.init(oid.pointee)
    }

    /// libgit2 reports "no object" (a created or deleted reference) as all zeros.
    var nonZero: ObjectID? {
        bytes.allSatisfy { $0 == 0 } ? nil : self
    }

    /// The libgit2 form, for passing to C.
    var oid: git_oid {
        var oid = git_oid()
        withUnsafeMutableBytes(of: &oid.id) { $0.copyBytes(from: bytes) }
        return oid
    }

    /// The 40 lowercase hexadecimal digits.
    public var hex: String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(Self.byteCount * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The first seven hex digits, as `git log --oneline` shows them; for display only
    /// (use `Repository.resolve(_:)` to turn a short id back into a full one).
    public var shortHex: String { String(hex.prefix(7)) }

    public var description: String { hex }

    public static func < (lhs: ObjectID, rhs: ObjectID) -> Bool {
        lhs.bytes.lexicographicallyPrecedes(rhs.bytes)
    }

    /// The id of the empty tree, which every repository can name without storing it.
    public static let emptyTree = ObjectID(hex: "4b825dc642cb6eb9a060e54bf8d69288fbee4904")!

    private static func nibble(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return digit - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
