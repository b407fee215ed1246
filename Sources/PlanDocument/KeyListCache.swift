// Mapping keys shared between mappings that have the same keys: plans repeat
// a few key lists (every section has the same keys), so readers build each
// list's array once and hand it to every mapping that uses it.

/// The key lists a reader built recently, most recent first.
///
/// `OrderedDictionary` keeps its keys in an array; mappings built from one
/// array share its storage (copy on write) instead of each holding a copy,
/// which takes an allocation and a few hundred bytes off every mapping of a
/// large document.
struct KeyListCache {
    private var lists: [[String]] = []
    /// Enough for the distinct key lists of a plan; older ones are dropped.
    private let capacity = 16

    /// The stored list with the same keys as `keys`, code point for code
    /// point (a list spelled in another normalization form is another list).
    mutating func list(equalTo keys: some Collection<String>) -> [String]? {
        for i in lists.indices
        where lists[i].count == keys.count && lists[i].elementsEqual(keys, by: { $0.hasSameCodePoints(as: $1) }) {
            let list = lists[i]
            if i > 0 {
                lists.remove(at: i)
                lists.insert(list, at: 0)
            }
            return list
        }
        return nil
    }

    /// Remembers `list`, which must hold no key twice.
    mutating func insert(_ list: [String]) {
        if lists.count == capacity { lists.removeLast() }
        lists.insert(list, at: 0)
    }

    /// Whether no key repeats by `String ==`, the mapping's own rule, so that
    /// keys in two normalization forms count as repeats. Plan mappings hold a
    /// handful of keys, for which comparing pairs is cheaper than hashing
    /// every key into a set.
    static func areUnique(_ keys: some Collection<String>) -> Bool {
        guard keys.count > 12 else {
            var i = keys.startIndex
            while i != keys.endIndex {
                let key = keys[i]
                var j = keys.index(after: i)
                while j != keys.endIndex {
                    if keys[j] == key { return false }
                    j = keys.index(after: j)
                }
                i = keys.index(after: i)
            }
            return true
        }
        return Set(keys).count == keys.count
    }
}
