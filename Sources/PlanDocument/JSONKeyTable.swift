// The JSON reader's key lists, found again by a hash of their keys' bytes.
//
// Documents repeat a few key lists (every section, every task) in many
// combinations of optional keys. The reader used to make a String of every
// key and compare each closed object's keys with its 16 most recent lists:
// about a sixth of the parse of the 20 MB benchmark instance, and with more
// distinct lists than that the recent ones kept pushing each other out. Now
// keys stay byte ranges of the text while their object is open, a hash of
// them picks one slot of this table, and a match there (checked byte by
// byte) hands the object a list built before: no String is made for its keys.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A key of an open object: a range of the text when it holds no escape,
/// else the decoded string.
struct JSONKeyReference {
    var start: Int
    var end: Int
    var decoded: String?

    func string(in bytes: UnsafeBufferPointer<UInt8>) -> String {
        decoded ?? String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
    }
}

struct JSONKeyTable {
    private struct Entry {
        var hash: UInt64
        var keys: [String]
    }

    /// Empty until the first list: most small documents hold a few lists,
    /// and a reader is made for every file of a large batch.
    private var slots: [Entry?] = []
    private var stored = 0

    /// The hash of an object with no keys yet.
    static let emptyHash: UInt64 = 0xCBF2_9CE4_8422_2325

    /// `hash` extended by one more key (FNV-1a over its bytes and length).
    @inline(__always)
    static func adding(_ key: UnsafeBufferPointer<UInt8>, to hash: UInt64) -> UInt64 {
        var hash = hash
        for byte in key { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        return (hash ^ UInt64(key.count)) &* 0x0000_0100_0000_01B3
    }

    /// The list stored under `hash` whose keys are, byte for byte, `keys`
    /// (ranges of `bytes`), or nil.
    func list(
        hash: UInt64, keys: UnsafeBufferPointer<JSONKeyReference>, in bytes: UnsafeBufferPointer<UInt8>
    ) -> [String]? {
        guard !slots.isEmpty, let entry = slots[Int(hash & UInt64(slots.count - 1))], entry.hash == hash,
            entry.keys.count == keys.count
        else { return nil }
        for (key, stored) in zip(keys, entry.keys) {
            let length = key.end - key.start
            let same = stored.utf8.withContiguousStorageIfAvailable { utf8 in
                utf8.count == length && (length == 0 || memcmp(utf8.baseAddress!, bytes.baseAddress! + key.start, length) == 0)
            }
            guard same ?? stored.utf8.elementsEqual(UnsafeBufferPointer(rebasing: bytes[key.start..<key.end])) else {
                return nil
            }
        }
        return entry.keys
    }

    /// Stores `list` (no key twice) under `hash`, in place of what was there.
    /// The table starts at 64 slots and grows to 1,024 as lists arrive.
    mutating func insert(_ list: [String], hash: UInt64) {
        if slots.isEmpty {
            slots = Array(repeating: nil, count: 64)
        } else if stored * 2 > slots.count, slots.count < 1024 {
            let old = slots
            slots = Array(repeating: nil, count: slots.count * 4)
            for case let entry? in old { slots[Int(entry.hash & UInt64(slots.count - 1))] = entry }
        }
        let slot = Int(hash & UInt64(slots.count - 1))
        if slots[slot] == nil { stored += 1 }
        slots[slot] = Entry(hash: hash, keys: list)
    }
}
