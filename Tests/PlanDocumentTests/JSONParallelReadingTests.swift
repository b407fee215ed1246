import PropertyBased
import Testing
@testable import PlanDocument

/// Two parsers sharing one large text must build exactly the tree one parser
/// builds, positions included, and leave every error to the single parser.
@Suite struct JSONParallelReadingTests {
    /// Words that look like JSON structure inside strings, escapes, non-ASCII.
    static let words = ["a,b", "[x]", "{y}", "q\"uote", "back\\slash", "日本語", "é", "line\nline", "t\tab", "", "id", "12"]

    func readInParallel(_ bytes: [UInt8], maximumDepth: Int = 10_000) -> Node? {
        bytes.withUnsafeBufferPointer { JSONParallelReading.read($0, maximumDepth: maximumDepth) }
    }

    func split(_ bytes: [UInt8]) -> JSONSplit? {
        bytes.withUnsafeBufferPointer { JSONSplit.guess(in: $0) }
    }

    func scannedSplit(_ bytes: [UInt8]) -> JSONSplit? {
        bytes.withUnsafeBufferPointer { JSONSplit.find(in: $0) }
    }

    /// Whether two trees have the same values at the same lines and columns.
    func samePositions(_ a: Node, _ b: Node) -> Bool {
        guard a.position == b.position, a == b else { return false }
        if let left = a.sequence, let right = b.sequence {
            return zip(left, right).allSatisfy { samePositions($0, $1) }
        }
        if let left = a.mapping, let right = b.mapping {
            return zip(left.values, right.values).allSatisfy { samePositions($0, $1) }
        }
        return true
    }

    @Test func randomDocumentsReadTheSameOnTwoThreads() async {
        await propertyCheck(count: 300, input: Gen.int(in: 0...Int.max)) { seed in
            var rng = SplitMix(seed: UInt64(seed))
            let items = (0..<Int.random(in: 2...60, using: &rng)).map { _ in
                randomNode(depth: 3, words: Self.words, rng: &rng)
            }
            let root: Node = [
                "id": "doc", "items": Node(.sequence(items)),
                "after": randomNode(depth: 2, words: Self.words, rng: &rng),
            ]
            let bytes = Array(JSONWriter.write(root, pretty: Bool.random(using: &rng)).utf8)
            let sequential = try JSONReader().read(bytes)
            let parallel = readInParallel(bytes)
            if split(bytes) != nil { #expect(parallel != nil) }
            if let parallel { #expect(samePositions(parallel, sequential)) }
        }
    }

    @Test func guessesACommaOfTheOutermostArrayAfterTheMiddle() throws {
        let text = "{\"head\": 1,\n \"list\": [" + (0..<2_000).map { "[\"é,[\\\"\", \($0)]" }.joined(separator: ",\n  ") + "],\n \"tail\": true}"
        let bytes = Array(text.utf8)
        let found = try #require(split(bytes))
        // The commas inside the items (and inside their strings) are deeper or
        // not structure at all; the chosen one separates two items of "list".
        #expect(found.comma > bytes.count / 2)
        #expect(Array(bytes[found.comma..<found.comma + 5]) == Array(",\n  [".utf8))
        let parallel = try #require(readInParallel(bytes))
        #expect(samePositions(parallel, try JSONReader().read(bytes)))
        #expect(parallel["list"]?.sequence?.count == 2_000)
    }

    @Test func theGuessedSplitCountsLinesAsTheScanDoes() throws {
        // "é" puts continuation bytes on the comma's line, "\\n" is an escape, not a line break.
        let items = (0..<3_000).map { "{\"n\": \($0), \"s\": \"é\\n\"}" }
        let text = "[\n" + items.joined(separator: ",\n") + "\n]"
        let bytes = Array(text.utf8)
        let guessed = try #require(bytes.withUnsafeBufferPointer { buffer in
            JSONSplit.guess(in: buffer).map { $0.withLineCounted(in: buffer) }
        })
        let before = bytes[..<guessed.comma]
        #expect(guessed.line == 1 + before.filter { $0 == 0x0A }.count)
        #expect(guessed.lineStart == (before.lastIndex(of: 0x0A).map { $0 + 1 } ?? 0))
        #expect(guessed.continuationBytesOnLine == bytes[guessed.lineStart..<guessed.comma].filter { $0 & 0xC0 == 0x80 }.count)
    }

    @Test(arguments: [0, 1, 7, 8, 9, 63, 64, 1_000])
    func lineStateIsCountedEightBytesAtATime(length: Int) {
        var rng = SplitMix(seed: UInt64(length))
        // Line breaks, continuation bytes (10xxxxxx), lead bytes, ASCII.
        let alphabet: [UInt8] = [0x0A, 0x0B, 0x8A, 0xBF, 0xC3, 0x61]
        let bytes: [UInt8] = (0..<length + 3).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &rng)] }
        let counted = bytes.withUnsafeBufferPointer { JSONSplit.lineState(at: length, in: $0) }
        let before = bytes[..<length]
        let lineStart = before.lastIndex(of: 0x0A).map { $0 + 1 } ?? 0
        #expect(counted.line == 1 + before.filter { $0 == 0x0A }.count)
        #expect(counted.lineStart == lineStart)
        #expect(counted.continuation == bytes[lineStart..<length].filter { $0 & 0xC0 == 0x80 }.count)
    }

    @Test func textWithoutLineBreaksIsPlacedByItsQuotes() throws {
        // One line; the strings hold commas, brackets, colons and escaped quotes.
        let items = (0..<3_000).map { "{\"n\": \($0), \"s\": \"a \\\"b\\\", [c]: {d},\", \"é\": []}" }
        let text = "{\"list\": [" + items.joined(separator: ",") + "]}"
        let bytes = Array(text.utf8)
        let found = try #require(split(bytes))
        #expect(found.line == 0)  // to be counted on the second parser's thread
        #expect(Array(bytes[found.comma..<found.comma + 5]) == Array(",{\"n\"".utf8))
        let counted = bytes.withUnsafeBufferPointer { found.withLineCounted(in: $0) }
        #expect(counted.line == 1 && counted.lineStart == 0)
        #expect(counted.continuationBytesOnLine == bytes[..<found.comma].filter { $0 & 0xC0 == 0x80 }.count)
        let parallel = try #require(readInParallel(bytes))
        #expect(samePositions(parallel, try JSONReader().read(bytes)))
    }

    @Test func quotesThatPairEitherWayLeaveTheScan() {
        // `",",",",...`: every quote could open or close a string.
        let text = "[" + Array(repeating: "\",\"", count: 5_000).joined(separator: ",") + "]"
        let bytes = Array(text.utf8)
        #expect(bytes.withUnsafeBufferPointer { JSONSplit.pointOutsideStrings(from: $0.count / 2, before: $0.count, in: $0) } == nil)
        #expect(split(bytes) == scannedSplit(bytes))
        #expect(split(bytes) != nil)
    }

    @Test func aLineBreakInsideAStringMisleadsNoOne() {
        // Not JSON (a raw line break in a string), so the guess may land inside
        // the string; the first parser fails on the break and one parser reports it.
        let text = "[" + String(repeating: "\"ok\", ", count: 5_000) + "\"a\nb, [1], [2]\", " + String(repeating: "\"ok\", ", count: 5_000) + "0]"
        let bytes = Array(text.utf8)
        #expect(readInParallel(bytes) == nil)
        #expect(throws: DocumentError.self) { try JSONReader().read(bytes) }
    }

    @Test func noArrayAcrossTheMiddleMeansOneParser() {
        let text = "{\"a\": [1, 2], \"long\": \"" + String(repeating: "x,]", count: 10_000) + "\", \"b\": [3]}"
        #expect(scannedSplit(Array(text.utf8)) == nil)
        #expect(split(Array(text.utf8)) == nil)
        #expect(readInParallel(Array(text.utf8)) == nil)
    }

    @Test(arguments: [
        "[" + String(repeating: "1, ", count: 5_000) + "2, }",  // wrong bracket in the tail
        "[" + String(repeating: "\"ok\", ", count: 5_000) + "\"bad \u{01}\"]",  // control character in the tail
        "[" + String(repeating: "1, ", count: 5_000) + "2] 3",  // text after the document
    ])
    func errorsAreLeftToTheSingleParser(_ text: String) {
        let bytes = Array(text.utf8)
        #expect(readInParallel(bytes) == nil)
        #expect(throws: DocumentError.self) { try JSONReader().read(bytes) }
    }

    @Test(arguments: [", ", ",\n"])
    func depthIsCountedAcrossTheSplit(separator: String) throws {
        // On one line the middle is placed by its quotes, on many by a line
        // break; either way the second parser does not know its depth. Only items after the split are deep,
        // so the first parser's check on taking them over is what catches it.
        let deep = String(repeating: "[", count: 40) + String(repeating: "]", count: 40)
        let shallow = "\"" + String(repeating: "x", count: 100) + "\""
        let items = Array(repeating: shallow, count: 180) + Array(repeating: deep, count: 20)
        let text = "{\"list\": [" + items.joined(separator: separator) + "]}"
        let bytes = Array(text.utf8)
        let found = try #require(split(bytes))
        #expect(found.comma < text.utf8.count - 20 * (deep.utf8.count + separator.utf8.count))
        // The innermost `[]` is read with 41 containers open (the root, the list
        // and 39 arrays).
        #expect(readInParallel(bytes, maximumDepth: 40) == nil)
        #expect(throws: DocumentError.self) { try JSONReader(maximumDepth: 40).read(bytes) }
        let parallel = try #require(readInParallel(bytes, maximumDepth: 41))
        #expect(samePositions(parallel, try JSONReader(maximumDepth: 41).read(bytes)))
    }
}

#if os(Linux)
import Foundation

/// The VmFlags of the mapping that holds `address`, from /proc/self/smaps.
func memoryFlags(at address: UInt) throws -> [String]? {
    // Read to the end: /proc files say they are empty.
    let file = try #require(FileHandle(forReadingAtPath: "/proc/self/smaps"))
    let smaps = String(decoding: file.readDataToEndOfFile(), as: UTF8.self)
    var inside = false
    for line in smaps.split(separator: "\n") {
        let fields = line.split(separator: " ")
        if let range = fields.first, range.contains("-"), fields.count >= 5 {
            let bounds = range.split(separator: "-").compactMap { UInt($0, radix: 16) }
            inside = bounds.count == 2 && bounds[0] <= address && address < bounds[1]
        } else if inside, line.hasPrefix("VmFlags:") {
            return fields.dropFirst().map(String.init)
        }
    }
    return nil
}

@Suite struct HugePageHeapTests {
    @Test func aLargeTextsTreeLiesOnMemoryMarkedForHugePages() throws {
        let items = (0..<80_000).map { "{\"id\": \"item-\($0)\", \"title\": \"an item of a long list\", \"n\": \($0)}" }
        let text = "{\"list\": [\n" + items.joined(separator: ",\n") + "\n]}"
        let bytes = Array(text.utf8)
        #expect(bytes.count >= JSONParallelReading.minimumSize)
        let tree = try #require(bytes.withUnsafeBufferPointer { JSONParallelReading.read($0, maximumDepth: 100) })
        let list = try #require(tree["list"]?.sequence)
        #expect(list.count == 80_000)
        // A kernel without transparent huge pages (or a process barred from
        // them) refuses the advice; ask it once on memory of the test's own.
        let probe = mmap(nil, 4 << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
        #expect(probe != MAP_FAILED)
        let kernelHasHugePages = madvise(probe, 4 << 20, MADV_HUGEPAGE) == 0
        munmap(probe, 4 << 20)
        // Items from both halves: the first parser built one, the second the other.
        for item in [list[10], list[79_990]] {
            let address = try #require(item.mapping?.values.withUnsafeBufferPointer { UInt(bitPattern: $0.baseAddress) })
            let flags = try #require(try memoryFlags(at: address), "no mapping holds \(String(address, radix: 16))")
            // glibc may hand a new thread the main arena (below the program
            // break) once it has made eight arenas per CPU; that heap is not advised.
            let inThreadArena = address >= UInt(bitPattern: sbrk(0))
            // Under AddressSanitizer or ThreadSanitizer (Tools/test --sanitize) the
            // sanitizer's allocator replaces glibc's arenas, so no heap is advised.
            let sanitized = dlsym(nil, "__asan_init") != nil || dlsym(nil, "__tsan_init") != nil
            #expect(flags.contains("hg") == (kernelHasHugePages && inThreadArena && !sanitized), "VmFlags \(flags) of the heap holding an item")
        }
    }
}
#endif
