import PlanDocument

/// Parses document bytes by file extension: JSON for `.json`, YAML otherwise.
///
/// Parsed trees are cached by content, so a process that saves many times
/// (the library, a long-running tool) parses the 50 KB Guideline edition
/// once rather than on every save.
public enum DocumentReading {
    /// The version of what ``parse(_:path:)`` makes of given bytes (nodes and
    /// positions). Raise it with any change to that, so trees cached on disk
    /// by an earlier parser are parsed again rather than trusted.
    public static let parserVersion = 2

    public static func parse(_ bytes: [UInt8], path: String) throws(DocumentError) -> Node {
        let key = CacheKey(isJSON: path.hasSuffix(".json"), content: ContentKey(bytes: bytes))
        // Small documents are cheaper to parse again than to look up; keep the big ones.
        let cacheable = bytes.count >= 8_192
        if cacheable, let cached = cache.withLock({ $0[key] }) { return cached }
        let node = key.isJSON ? try JSONReader().read(bytes) : try YAMLReader().read(bytes)
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

    private static let cache = Locked<[CacheKey: Node]>([:])
}

#if canImport(Glibc)
    @preconcurrency import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension DocumentReading {
    /// The bytes of the file at `path`, or `nil` when it cannot be read.
    ///
    /// Read straight into one array: going through Foundation's `Data` and
    /// then `Array` copied each megabyte twice and touched twice the memory,
    /// a measurable part of `merge-file` on large documents.
    public static func contents(atPath path: String) -> [UInt8]? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { return nil }
        // A regular file is read to the size fstat gave, with no last read to
        // find the end (for 10,000 small files that probe was 10,000 more system
        // calls); a file that shrank meanwhile ends where reading stopped.
        if status.st_mode & S_IFMT == S_IFREG {
            return readBytes(descriptor, upTo: Int(status.st_size))
        }
        // Not a regular file (a pipe): the size says nothing, so read until the end.
        var capacity = 4096
        var bytes: [UInt8] = []
        while true {
            guard let chunk = readBytes(descriptor, upTo: capacity) else { return nil }
            if bytes.isEmpty { bytes = chunk } else { bytes += chunk }
            if chunk.count < capacity { return bytes }
            capacity = 64 * 1024
        }
    }

    /// The bytes of the work-tree file at workspace-relative `path`, or `nil`
    /// when there is none, never following a symbolic link below `root`.
    ///
    /// Each folder on the way and the file itself are opened relative to the
    /// one before with `O_NOFOLLOW`, so neither `plans/x.yaml -> /etc/passwd`
    /// nor `plans -> /etc` is read through. `root` itself may be reached through
    /// a link (the user chose that directory).
    ///
    /// - Throws: ``PlanBenchError/symbolicLink(path:link:)`` naming the link;
    ///   ``PlanBenchError/io(path:message:)`` when the file cannot be read or is
    ///   not a regular file (a folder, a FIFO).
    static func workTreeContents(of path: String, under root: String) throws -> [UInt8]? {
        var folder = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard folder >= 0 else {
            throw PlanBenchError.io(path: root, message: "cannot open the workspace folder: \(String(cString: strerror(errno)))")
        }
        let components = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        for (index, component) in components.enumerated() {
            let isFile = index == components.count - 1
            // O_NONBLOCK: opening a FIFO left in a document's place must not hang.
            let flags = O_RDONLY | O_CLOEXEC | O_NOFOLLOW | (isFile ? O_NONBLOCK : O_DIRECTORY)
            let next = openat(folder, component, flags)
            let code = errno
            if next < 0 {
                // A link fails with ELOOP (ENOTDIR where a folder is asked for): tell them apart.
                var status = stat()
                let isLink = fstatat(folder, component, &status, AT_SYMLINK_NOFOLLOW) == 0 && status.st_mode & S_IFMT == S_IFLNK
                close(folder)
                if isLink { throw PlanBenchError.symbolicLink(path: path, link: components[...index].joined(separator: "/")) }
                if code == ENOENT || code == ENOTDIR { return nil }
                throw PlanBenchError.io(path: path, message: "cannot read: \(String(cString: strerror(code)))")
            }
            close(folder)
            folder = next
        }
        defer { close(folder) }
        var status = stat()
        guard fstat(folder, &status) == 0 else {
            throw PlanBenchError.io(path: path, message: "cannot read: \(String(cString: strerror(errno)))")
        }
        guard status.st_mode & S_IFMT == S_IFREG else {
            throw PlanBenchError.io(path: path, message: "not a regular file; a document must be a plain file")
        }
        guard let bytes = readBytes(folder, upTo: Int(status.st_size)) else {
            throw PlanBenchError.io(path: path, message: "cannot read: \(String(cString: strerror(errno)))")
        }
        return bytes
    }

    /// Up to `capacity` bytes, fewer at the end of the input, read straight into
    /// uninitialized storage; nil on a read error.
    private static func readBytes(_ descriptor: Int32, upTo capacity: Int) -> [UInt8]? {
        var failed = false
        let bytes = [UInt8](unsafeUninitializedCapacity: capacity) { buffer, count in
            count = 0
            while count < capacity {
                let n = read(descriptor, buffer.baseAddress! + count, capacity - count)
                if n > 0 {
                    count += n
                } else if n == 0 {
                    return
                } else if errno != EINTR {
                    failed = true
                    return
                }
            }
        }
        return failed ? nil : bytes
    }
}
