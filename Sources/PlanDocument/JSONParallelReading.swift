// Reading one large JSON text on two threads: a quick scan finds a comma
// between two items of the outermost array that spans the middle of the text
// (the sections of a big plan, say); a second parser reads the items after it
// while the first reads everything else and takes those items over when it
// reaches the comma. The tree, positions included, is the one a single parser
// builds; on any error the text is read again by one parser, so errors are
// reported exactly as before.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where a JSON text can be cut: the comma after which a second parser reads
/// the rest of an array, and the line state there.
struct JSONSplit {
    /// Offset of the comma.
    var comma: Int
    /// Open containers when the array is the innermost one (the root is 1).
    var depth: Int
    var line: Int
    var lineStart: Int
    var continuationBytesOnLine: Int

    /// Scans `bytes` for a split near the middle, or returns nil when no array
    /// spans the middle (or the text is not well-formed enough to tell).
    static func find(in bytes: UnsafeBufferPointer<UInt8>) -> JSONSplit? {
        let middle = bytes.count / 2
        var isArray: [Bool] = []
        var target: Int?
        var inString = false
        var index = 0
        var line = 1
        var lineStart = 0
        var continuation = 0
        while index < bytes.count {
            if inString {
                // Eight ordinary bytes at a time, as the parser's strings do.
                while index + 8 <= bytes.count, JSONParser.arePlain(
                    UnsafeRawPointer(bytes.baseAddress! + index).loadUnaligned(as: UInt64.self))
                {
                    index += 8
                }
                guard index < bytes.count else { return nil }
                let byte = bytes[index]
                if byte == UInt8(ascii: "\\") {
                    index += 2
                    continue
                }
                if byte == UInt8(ascii: "\"") {
                    inString = false
                } else if byte & 0xC0 == 0x80 {
                    continuation += 1
                }
                index += 1
                continue
            }
            switch bytes[index] {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "["): isArray.append(true)
            case UInt8(ascii: "{"): isArray.append(false)
            case UInt8(ascii: "]"), UInt8(ascii: "}"):
                guard !isArray.isEmpty else { return nil }
                isArray.removeLast()
                // The chosen array closed before another item began.
                if let target, isArray.count < target { return nil }
            case UInt8(ascii: ","):
                if let target, isArray.count == target, isArray[target - 1] {
                    return JSONSplit(
                        comma: index, depth: target, line: line, lineStart: lineStart,
                        continuationBytesOnLine: continuation)
                }
            case UInt8(ascii: "\n"):
                line += 1
                lineStart = index + 1
                continuation = 0
            default: break
            }
            if target == nil, index >= middle {
                guard let outermost = isArray.firstIndex(of: true) else { return nil }
                target = outermost + 1
            }
            index += 1
        }
        return nil
    }
}

/// The items a tail parser read, and where the array's closing bracket is.
struct JSONTail: @unchecked Sendable {
    // Unchecked: handed from the thread that built it to the one that waits
    // for it, once, through the splice's semaphore.
    var items: [Node]
    var bracket: Int
    var line: Int
    var lineStart: Int
    var continuationBytesOnLine: Int
}

/// What the first parser needs to take over the tail parser's items.
struct JSONSplice {
    var comma: Int
    var depth: Int
    /// Waits for the tail parser and returns its items, or its error.
    var tail: () throws(DocumentError) -> JSONTail
}

/// The tail parser's own thread, and the result it leaves.
///
/// A plain POSIX thread rather than a Dispatch queue: readers may already run
/// on every thread of Dispatch's pool (`schema check` reads files on all of
/// them), and a reader waiting for a tail that no pool thread is free to start
/// would wait forever.
private final class TailThread: @unchecked Sendable {
    // `result` is written by the thread before it ends and read only after
    // `join()` has returned.
    private let work: () -> Result<JSONTail, DocumentError>
    private var result: Result<JSONTail, DocumentError> = .failure(.empty)
    private var thread = pthread_t()
    private var isJoined = true

    init(_ work: @escaping () -> Result<JSONTail, DocumentError>) {
        self.work = work
    }

    /// Starts the thread; false when the system would not start one.
    func start() -> Bool {
        let context = Unmanaged.passRetained(self).toOpaque()
        let started = pthread_create(&thread, nil, { context in
            let tail = Unmanaged<TailThread>.fromOpaque(context!).takeRetainedValue()
            tail.result = tail.work()
            return nil
        }, context)
        guard started == 0 else {
            Unmanaged<TailThread>.fromOpaque(context).release()
            return false
        }
        isJoined = false
        return true
    }

    /// Waits for the thread (once) and returns its result.
    func join() -> Result<JSONTail, DocumentError> {
        if !isJoined {
            pthread_join(thread, nil)
            isJoined = true
        }
        return result
    }
}

enum JSONParallelReading {
    /// Texts smaller than this are read by one parser: starting a thread and
    /// scanning costs more than it saves.
    static let minimumSize = 4 << 20

    /// Whether a second CPU is there to use.
    static var hasSecondProcessor: Bool {
        sysconf(Int32(_SC_NPROCESSORS_ONLN)) > 1
    }

    /// Reads `bytes` with two parsers when a split is found; nil when it is not
    /// worth it or any part fails (the caller then reads with one parser, which
    /// reports the error exactly).
    static func read(_ bytes: UnsafeBufferPointer<UInt8>, maximumDepth: Int) -> Node? {
        guard let split = JSONSplit.find(in: bytes) else { return nil }
        // The buffer outlives both parsers: this function joins the tail thread
        // before it returns, on every path.
        nonisolated(unsafe) let shared = bytes
        let tail = TailThread {
            var tailParser = JSONParser(shared, maximumDepth: maximumDepth, tailOf: split)
            return Result { () throws(DocumentError) in try tailParser.parseTail() }
        }
        guard tail.start() else { return nil }
        defer { _ = tail.join() }
        var parser = JSONParser(bytes, maximumDepth: maximumDepth)
        parser.splice = JSONSplice(comma: split.comma, depth: split.depth) { () throws(DocumentError) in
            try tail.join().get()
        }
        guard let node = try? parser.parseDocument(), parser.splice == nil else { return nil }
        return node
    }
}
