// Reading one large JSON text on two threads: a comma between two items of a
// large array near the middle of the text (the sections of a big plan, say)
// is picked; a second parser reads the items after it while the first reads
// everything else and takes those items over when it reaches the comma. Both
// run on threads of their own, whose heaps take huge pages (HugePageHeap). The
// tree, positions included, is the one a single parser builds; on any error
// the text is read again by one parser, so errors are reported exactly as
// before.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where a JSON text can be cut: the comma after which a second parser reads
/// the rest of an array, and the line state there.
struct JSONSplit: Equatable {
    /// Offset of the comma.
    var comma: Int
    /// The comma's line; 0 until counted (see ``withLineCounted(in:)``).
    var line = 0
    var lineStart = 0
    var continuationBytesOnLine = 0

    /// A split at `comma`, its line state not counted yet.
    init(comma: Int) {
        self.comma = comma
    }

    /// How far past the middle ``guess(in:)`` looks for a comma.
    static let guessWindow = 256 << 10

    /// A split near the middle, found without reading the first half. From a
    /// point known to be outside any string (see ``pointOutsideStrings``), the
    /// scan knows where strings are; of the commas in the window that separate
    /// array items (what follows is a value, not a key and a colon), the
    /// shallowest, first, is taken: the array that holds it spans the most
    /// text. The comma's depth is not known; the first parser confirms the
    /// split when it reaches the comma between two items of an array, and
    /// ignores it otherwise (only possible when the text is not valid JSON).
    /// When the middle cannot be placed, the text is scanned by ``find(in:)``.
    static func guess(in bytes: UnsafeBufferPointer<UInt8>) -> JSONSplit? {
        let end = min(bytes.count, bytes.count / 2 + guessWindow)
        guard let outside = pointOutsideStrings(from: bytes.count / 2, before: end, in: bytes) else {
            return find(in: bytes)
        }
        var best: (comma: Int, depth: Int)?
        var depth = 0
        var index = outside
        while index < end {
            switch bytes[index] {
            case UInt8(ascii: "\""):
                guard let after = endOfString(from: index + 1, in: bytes) else { return nil }
                index = after
                continue
            case UInt8(ascii: "["), UInt8(ascii: "{"): depth += 1
            case UInt8(ascii: "]"), UInt8(ascii: "}"): depth -= 1
            case UInt8(ascii: ","):
                if best == nil || depth < best!.depth, separatesArrayItems(comma: index, in: bytes) {
                    best = (index, depth)
                }
            default: break
            }
            index += 1
        }
        guard let best else { return find(in: bytes) }
        return JSONSplit(comma: best.comma)
    }

    /// An offset at or after `start` that is outside every string if the text
    /// is valid JSON, or nil when that cannot be told before `end`.
    ///
    /// A line break is never inside a string. Without one, the quotes that
    /// are not escaped alternate between opening and closing strings, and
    /// only one of the two ways to pair them fits JSON's grammar: an opening
    /// quote follows `:`, `,`, `[` or `{`, and a closing one is followed by
    /// `:`, `,`, `]` or `}`. The pairing the next 64 quotes fit is taken;
    /// when both fit (or neither), the caller scans from the start.
    static func pointOutsideStrings(from start: Int, before end: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        if let newline = (start..<min(end, start + 4096)).first(where: { bytes[$0] == UInt8(ascii: "\n") }) {
            return newline + 1
        }
        var quotes: [Int] = []
        var index = start
        while index < end, quotes.count < 64 {
            if bytes[index] == UInt8(ascii: "\""), !isEscaped(quote: index, in: bytes) { quotes.append(index) }
            index += 1
        }
        guard quotes.count >= 2 else { return nil }
        func fits(firstOpens: Bool) -> Bool {
            for (i, quote) in quotes.enumerated() {
                let opens = (i % 2 == 0) == firstOpens
                if opens {
                    var before = quote - 1
                    while before >= 0, isWhitespace(bytes[before]) { before -= 1 }
                    guard before >= 0, ":,[{".utf8.contains(bytes[before]) else { return false }
                } else {
                    let after = skippingWhitespace(from: quote + 1, in: bytes)
                    guard after < bytes.count, ":,]}".utf8.contains(bytes[after]) else { return false }
                }
            }
            return true
        }
        switch (fits(firstOpens: true), fits(firstOpens: false)) {
        case (true, false): return quotes[1] + 1
        case (false, true): return quotes[0] + 1
        default: return nil
        }
    }

    /// Whether the quote at `quote` follows an odd number of backslashes.
    private static func isEscaped(quote: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var backslashes = 0
        var index = quote - 1
        while index >= 0, bytes[index] == UInt8(ascii: "\\") {
            backslashes += 1
            index -= 1
        }
        return backslashes % 2 == 1
    }

    private static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
    }

    /// The offset after the quote that closes the string whose contents start
    /// at `start`.
    private static func endOfString(from start: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var index = start
        while index < bytes.count {
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
            if byte == UInt8(ascii: "\"") { return index + 1 }
            index += 1
        }
        return nil
    }

    /// Whether the comma at `comma` (outside any string) is followed by an
    /// array item rather than an object's next key: a value that is not a
    /// string, or a string with no colon after it.
    private static func separatesArrayItems(comma: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = skippingWhitespace(from: comma + 1, in: bytes)
        guard index < bytes.count else { return false }
        guard bytes[index] == UInt8(ascii: "\"") else { return bytes[index] != UInt8(ascii: "]") && bytes[index] != UInt8(ascii: "}") }
        guard let after = endOfString(from: index + 1, in: bytes) else { return false }
        index = skippingWhitespace(from: after, in: bytes)
        return index < bytes.count && bytes[index] != UInt8(ascii: ":")
    }

    private static func skippingWhitespace(from start: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var index = start
        while index < bytes.count, isWhitespace(bytes[index]) { index += 1 }
        return index
    }

    /// This split with its line state counted: the line is one more than the
    /// line breaks before the comma (JSON strings hold none, so every one ends
    /// a line); the column needs the continuation bytes since the last of
    /// them. Runs on the second parser's thread, while the first parser reads.
    func withLineCounted(in bytes: UnsafeBufferPointer<UInt8>) -> JSONSplit {
        var counted = self
        (counted.line, counted.lineStart, counted.continuationBytesOnLine) =
            Self.lineState(at: comma, in: bytes)
        return counted
    }

    /// The line, the offset where it starts and the continuation bytes on it
    /// before `offset`, eight bytes at a time.
    static func lineState(at offset: Int, in bytes: UnsafeBufferPointer<UInt8>) -> (line: Int, lineStart: Int, continuation: Int) {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let lows: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        let highs: UInt64 = 0x8080_8080_8080_8080
        var line = 1
        var lineStart = 0
        var continuation = 0
        var index = 0
        while index + 8 <= offset {
            let word = UnsafeRawPointer(bytes.baseAddress! + index).loadUnaligned(as: UInt64.self)
            let flipped = word ^ (ones &* 0x0A)
            // The high bit of exactly each byte that is `\n` (of `flipped`, zero).
            let newlines = ~(((flipped & lows) &+ lows) | flipped | lows)
            // The high bit of each byte 10xxxxxx.
            var continuations = word & ~(word << 1) & highs
            if newlines != 0 {
                line += newlines.nonzeroBitCount
                let last = (63 - newlines.leadingZeroBitCount) / 8
                lineStart = index + last + 1
                // Only the continuation bytes after the last line break count.
                continuations &= last == 7 ? 0 : ~UInt64(0) << UInt64((last + 1) * 8)
                continuation = 0
            }
            continuation += continuations.nonzeroBitCount
            index += 8
        }
        while index < offset {
            if bytes[index] == 0x0A {
                line += 1
                lineStart = index + 1
                continuation = 0
            } else if bytes[index] & 0xC0 == 0x80 {
                continuation += 1
            }
            index += 1
        }
        return (line, lineStart, continuation)
    }

    /// Scans `bytes` from the start for a split near the middle, or returns
    /// nil when no array spans the middle (or the text is not well-formed
    /// enough to tell). Used where ``guess(in:)`` cannot place the middle
    /// (quotes that pair either way, no comma between items near it).
    static func find(in bytes: UnsafeBufferPointer<UInt8>) -> JSONSplit? {
        let middle = bytes.count / 2
        var isArray: [Bool] = []
        var target: Int?
        var index = 0
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "\""):
                guard let after = endOfString(from: index + 1, in: bytes) else { return nil }
                index = after
                continue
            case UInt8(ascii: "["): isArray.append(true)
            case UInt8(ascii: "{"): isArray.append(false)
            case UInt8(ascii: "]"), UInt8(ascii: "}"):
                guard !isArray.isEmpty else { return nil }
                isArray.removeLast()
                // The chosen array closed before another item began.
                if let target, isArray.count < target { return nil }
            case UInt8(ascii: ","):
                if let target, isArray.count == target, isArray[target - 1] { return JSONSplit(comma: index) }
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
    /// The most containers open around a value the tail read, the array it
    /// started in included (the first parser checks the depth limit with it).
    var deepest: Int
    var bracket: Int
    var line: Int
    var lineStart: Int
    var continuationBytesOnLine: Int
}

/// What the first parser needs to take over the tail parser's items.
struct JSONSplice {
    var comma: Int
    /// Waits for the tail parser and returns its items, or its error.
    var tail: () throws(DocumentError) -> JSONTail
}

/// What a parser thread runs; not generic, so the C entry point of
/// `pthread_create` can call it.
private class ThreadBody: @unchecked Sendable {
    func run() {}
}

/// One parser's own thread, and the value it leaves.
///
/// Plain POSIX threads rather than a Dispatch queue: readers may already run
/// on every thread of Dispatch's pool (`schema check` reads files on all of
/// them), and a reader waiting for a parser that no pool thread is free to
/// start would wait forever.
private final class ParserThread<Value>: ThreadBody, @unchecked Sendable {
    // `value` is written by the thread before it ends and read only after
    // `join()` has returned; `join` is called by one thread at a time.
    private let work: () -> Value
    private var value: Value?
    private var thread = pthread_t()
    private var isJoined = true

    init(_ work: @escaping () -> Value) {
        self.work = work
    }

    override func run() { value = work() }

    /// Starts the thread; false when the system would not start one.
    func start() -> Bool {
        let context = Unmanaged<ThreadBody>.passRetained(self).toOpaque()
        let started = pthread_create(&thread, nil, { context in
            Unmanaged<ThreadBody>.fromOpaque(context!).takeRetainedValue().run()
            return nil
        }, context)
        guard started == 0 else {
            Unmanaged<ThreadBody>.fromOpaque(context).release()
            return false
        }
        isJoined = false
        return true
    }

    /// Waits for the thread (once) and returns its value; nil if it never ran.
    func join() -> Value? {
        if !isJoined {
            pthread_join(thread, nil)
            isJoined = true
        }
        return value
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
        guard let split = JSONSplit.guess(in: bytes) else { return nil }
        // The buffer outlives both parsers: this function joins both threads
        // before it returns, on every path.
        nonisolated(unsafe) let shared = bytes
        let tail = ParserThread { () -> Result<JSONTail, DocumentError> in
            HugePageHeap.adviseForThisThread()
            var tailParser = JSONParser(shared, maximumDepth: maximumDepth, tailOf: split.withLineCounted(in: shared))
            return Result { () throws(DocumentError) in try tailParser.parseTail() }
        }
        guard tail.start() else { return nil }
        defer { _ = tail.join() }
        // The first parser runs on a thread of its own too, so that its tree,
        // like the tail's, goes to a fresh heap on huge pages.
        let head = ParserThread { () -> Node? in
            HugePageHeap.adviseForThisThread()
            var parser = JSONParser(shared, maximumDepth: maximumDepth)
            parser.splice = JSONSplice(comma: split.comma) { () throws(DocumentError) in
                try (tail.join() ?? .failure(.empty)).get()
            }
            // A split the parser never confirmed leaves the tail unused; the tree
            // is then the first parser's alone, and just as right.
            return try? parser.parseDocument()
        }
        guard head.start() else { return nil }
        return head.join() ?? nil
    }
}
