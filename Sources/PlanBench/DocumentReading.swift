import PlanDocument
import Synchronization

/// Parses document bytes by file extension: JSON for `.json`, YAML otherwise.
///
/// Parsed trees are cached by content, so a process that saves many times
/// (the library, a long-running tool) parses the 50 KB Guideline edition
/// once rather than on every save.
public enum DocumentReading {
    public static func parse(_ bytes: [UInt8], path: String) throws(DocumentError) -> Node {
        let key = CacheKey(isJSON: path.hasSuffix(".json"), content: ContentKey(bytes: bytes))
        // Small documents are cheaper to parse again than to look up; keep the big ones.
        let cacheable = bytes.count >= 8_192
        if cacheable, let cached = cache.withLock({ $0[key] }) { return cached }
        let node = key.isJSON ? try JSONReader().read(bytes) : try FastYAMLReader().read(bytes)
        if cacheable {
            cache.withLock { entries in
                if entries.count >= 32 { entries.removeAll(keepingCapacity: true) }
                entries[key] = node
            }
        }
        return node
    }

    private struct CacheKey: Hashable {
        var isJSON: Bool
        var content: ContentKey
    }

    private static let cache = Mutex<[CacheKey: Node]>([:])
}
