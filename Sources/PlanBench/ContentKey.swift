/// A document's bytes as a dictionary key, for caches keyed by content.
///
/// Hashes the bytes as one block: the synthesised conformance would feed them to
/// the hasher one `UInt8` at a time, which costs more than parsing a 50 KB file.
struct ContentKey: Hashable, Sendable {
    let bytes: [UInt8]

    func hash(into hasher: inout Hasher) {
        hasher.combine(bytes.count)
        bytes.withUnsafeBytes { hasher.combine(bytes: $0) }
    }
}
