// The one rule for telling mapping keys apart, in the readers and in the
// validator: two keys are the same key when they have the same code points
// (JSON's and JSON Schema's rule), never by Swift's `String ==`, which also
// equates canonically equivalent spellings (U+00E9 "é" and "e" + U+0301).
//
// A mapping holds its keys in an `OrderedDictionary<String, Node>`, which
// hashes and compares by `String ==`, so it cannot hold two canonically
// equivalent keys: the readers refuse such a pair as a duplicate, saying
// that the two differ only in their Unicode normalization.
import OrderedCollections

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension String {
    /// Whether the two strings have the same code points (the same UTF-8
    /// bytes), whatever Unicode canonical equivalence says.
    @inlinable
    public func hasSameCodePoints(as other: String) -> Bool {
        let count = utf8.count
        guard count == other.utf8.count else { return false }
        let direct = utf8.withContiguousStorageIfAvailable { a in
            other.utf8.withContiguousStorageIfAvailable { b in
                count == 0 || memcmp(a.baseAddress!, b.baseAddress!, count) == 0
            }
        }
        if let direct, let equal = direct { return equal }
        return utf8.elementsEqual(other.utf8)
    }

    /// The code points, as `U+00E9` or `U+0065 U+0301`, for messages about
    /// strings that look alike.
    var codePointList: String {
        unicodeScalars.map { scalar in
            let hex = String(scalar.value, radix: 16, uppercase: true)
            return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
        }.joined(separator: " ")
    }
}

extension OrderedDictionary where Key == String {
    /// The index of the key with exactly the code points of `key`; nil when
    /// there is none, also when a canonically equivalent spelling is there.
    public func index(forExactKey key: String) -> Int? {
        guard let index = index(forKey: key), keys[index].hasSameCodePoints(as: key) else { return nil }
        return index
    }

    /// Whether there is a key with exactly the code points of `key`. Small
    /// mappings are scanned with a length check first, which spares most
    /// comparisons and never copies a value out.
    @inlinable
    public func hasExactKey(_ key: String) -> Bool {
        guard keys.count <= 16 else { return index(forExactKey: key) != nil }
        for candidate in keys where candidate.hasSameCodePoints(as: key) { return true }
        return false
    }

    /// The value for the key with exactly the code points of `key`.
    public subscript(exactKey key: String) -> Value? {
        index(forExactKey: key).map { values[$0] }
    }
}

enum MappingKeys {
    /// The error for `key`, read at `position`, that repeats `earlier`
    /// (the same key by `String ==`).
    static func duplicate(_ key: String, of earlier: String, at position: SourcePosition, eachKeyOnce: String)
        -> DocumentError
    {
        guard !key.hasSameCodePoints(as: earlier) else {
            return .syntax(message: "duplicate key \"\(key)\"; \(eachKeyOnce)", position: position)
        }
        return .syntax(
            message: "duplicate key \"\(key)\" (\(key.codePointList)): it is the key \"\(earlier)\" (\(earlier.codePointList)) "
                + "in another Unicode normalization form, and a mapping cannot hold both; keep one, spelled one way",
            position: position)
    }

    /// The first pair `(earlier, later)` of keys that are the same text under
    /// canonical equivalence but not the same code points, when any key is
    /// not ASCII (two ASCII keys are canonically equivalent only when equal).
    static func firstNormalizationClash<Keys: RandomAccessCollection<String>>(_ keys: Keys) -> (Keys.Index, Keys.Index)? {
        guard keys.contains(where: { !$0.utf8.allSatisfy { $0 < 0x80 } }) else { return nil }
        var j = keys.startIndex
        while j != keys.endIndex {
            var i = keys.startIndex
            while i != j {
                if keys[i] == keys[j] && !keys[i].hasSameCodePoints(as: keys[j]) { return (i, j) }
                i = keys.index(after: i)
            }
            j = keys.index(after: j)
        }
        return nil
    }
}
