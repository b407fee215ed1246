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

    @Test func splitsTheOutermostArrayAcrossTheMiddle() throws {
        let text = "{\"head\": 1,\n \"list\": [" + (0..<2_000).map { "[\"é,[\\\"\", \($0)]" }.joined(separator: ",\n  ") + "],\n \"tail\": true}"
        let bytes = Array(text.utf8)
        let found = try #require(split(bytes))
        #expect(found.depth == 2)
        #expect(bytes[found.comma] == UInt8(ascii: ","))
        let parallel = try #require(readInParallel(bytes))
        #expect(samePositions(parallel, try JSONReader().read(bytes)))
        #expect(parallel["list"]?.sequence?.count == 2_000)
    }

    @Test func noArrayAcrossTheMiddleMeansOneParser() {
        let text = "{\"a\": [1, 2], \"long\": \"" + String(repeating: "x,]", count: 10_000) + "\", \"b\": [3]}"
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

    @Test func depthIsCountedAcrossTheSplit() throws {
        let deep = String(repeating: "[", count: 40) + String(repeating: "]", count: 40)
        let text = "{\"list\": [" + Array(repeating: deep, count: 200).joined(separator: ", ") + "]}"
        let bytes = Array(text.utf8)
        #expect(split(bytes) != nil)
        // The innermost `[]` is read with 41 containers open (the root, the list
        // and 39 arrays), on both sides of the split.
        #expect(readInParallel(bytes, maximumDepth: 40) == nil)
        #expect(throws: DocumentError.self) { try JSONReader(maximumDepth: 40).read(bytes) }
        let parallel = try #require(readInParallel(bytes, maximumDepth: 41))
        #expect(samePositions(parallel, try JSONReader(maximumDepth: 41).read(bytes)))
    }
}
