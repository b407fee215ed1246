import PropertyBased
import Testing
@testable import PlanDocument

/// Objects whose keys are, byte for byte, a list the reader has seen take
/// that list; every other object must read exactly as before.
@Suite struct JSONKeyTableTests {
    /// The storage address of a mapping's key array.
    func keyStorage(_ node: Node?) -> UnsafeRawPointer? {
        node?.mapping?.keys.elements.withUnsafeBufferPointer { UnsafeRawPointer($0.baseAddress) }
    }

    @Test func objectsWithTheSameKeysShareOneKeyArray() throws {
        let text = #"[{"id": 1, "title": "a"}, {"id": 2, "title": "b"}, {"id": 3, "title": "c", "extra": true}]"#
        let items = try #require(try JSONReader().read(text).sequence)
        #expect(keyStorage(items[0]) != nil)
        #expect(keyStorage(items[0]) == keyStorage(items[1]))
        #expect(keyStorage(items[2]) != keyStorage(items[0]))
        #expect(items[2].mapping.map { Array($0.keys) } == ["id", "title", "extra"])
    }

    @Test(arguments: [
        // A prefix of a known list, a longer list, another order, an escaped key, a non-ASCII key.
        (#"[{"a": 1, "b": 2}, {"a": 3}]"#, [["a", "b"], ["a"]]),
        (#"[{"a": 1}, {"a": 2, "b": 3}]"#, [["a"], ["a", "b"]]),
        (#"[{"a": 1, "b": 2}, {"b": 3, "a": 4}]"#, [["a", "b"], ["b", "a"]]),
        (#"[{"a": 1, "b": 2}, {"a": 3, "\u0062": 4}]"#, [["a", "b"], ["a", "b"]]),
        (#"[{"a": 1, "é": 2}, {"a": 3, "é": 4}]"#, [["a", "é"], ["a", "é"]]),
        (#"[{"ab": 1}, {"a": 2}, {"abc": 3}, {"": 4}]"#, [["ab"], ["a"], ["abc"], [""]]),
    ])
    func keysReadAsWritten(text: String, expected: [[String]]) throws {
        let items = try #require(try JSONReader().read(text).sequence)
        #expect(items.map { Array($0.mapping!.keys) } == expected)
    }

    @Test func aListInASlotAnotherListTookReadsAsWritten() throws {
        // Two one-key lists whose hashes pick the same slot of the first 64.
        func hash(_ key: String) -> UInt64 {
            Array(key.utf8).withUnsafeBufferPointer { JSONKeyTable.adding($0, to: JSONKeyTable.emptyHash) }
        }
        let first = "k0"
        let second = try #require((1..<10_000).map { "k\($0)" }.first { hash($0) & 63 == hash(first) & 63 })
        let text = "[{\"\(first)\": 1}, {\"\(second)\": 2}, {\"\(first)\": 3}, {\"\(second)\": 4}]"
        let items = try #require(try JSONReader().read(text).sequence)
        #expect(items.map { Array($0.mapping!.keys) } == [[first], [second], [first], [second]])
    }

    @Test func aListUnderTheSameHashWithOtherKeysIsNotTaken() {
        var table = JSONKeyTable()
        table.insert(["id", "title"], hash: 42)
        let text = Array(#""id""title""tilte""#.utf8)
        text.withUnsafeBufferPointer { bytes in
            let same = [JSONKeyReference(start: 1, end: 3, decoded: nil), JSONKeyReference(start: 5, end: 10, decoded: nil)]
            let other = [JSONKeyReference(start: 1, end: 3, decoded: nil), JSONKeyReference(start: 12, end: 17, decoded: nil)]
            #expect(same.withUnsafeBufferPointer { table.list(hash: 42, keys: $0, in: bytes) } == ["id", "title"])
            #expect(other.withUnsafeBufferPointer { table.list(hash: 42, keys: $0, in: bytes) } == nil)
            #expect(same.withUnsafeBufferPointer { table.list(hash: 43, keys: $0, in: bytes) } == nil)
        }
    }

    @Test func aRepeatedKeyAfterAKnownListIsStillRefused() {
        let text = #"[{"a": 1, "b": 2}, {"a": 1, "b": 2, "a": 3}]"#
        #expect(throws: DocumentError.self) { try JSONReader().read(text) }
        let prefix = #"[{"a": 1, "b": 2}, {"a": 1, "a": 3}]"#
        #expect(throws: DocumentError.self) { try JSONReader().read(prefix) }
    }

    @Test func aControlCharacterInAKeyIsRefusedEvenWhenTheListIsKnown() {
        let text = "[{\"a\": 1, \"b\": 2}, {\"a\": 1, \"b\u{01}\": 2}]"
        #expect(throws: DocumentError.self) { try JSONReader().read(text) }
    }

    /// More distinct key lists than the reader remembers, nested inside
    /// objects whose lists they push out, in random documents.
    @Test func randomDocumentsRoundTrip() async {
        let words = (0..<30).map { "k\($0)" } + ["a much longer key than fifteen bytes", "é", "q\"uote", ""]
        await propertyCheck(count: 300, input: Gen.int(in: 0...Int.max)) { seed in
            var rng = SplitMix(seed: UInt64(seed))
            let items = (0..<Int.random(in: 1...40, using: &rng)).map { _ in
                randomNode(depth: 4, words: words, rng: &rng, root: true)
            }
            let document = Node(.sequence(items))
            let text = JSONWriter.write(document, pretty: Bool.random(using: &rng))
            let read = try JSONReader().read(text)
            #expect(read == document)
            #expect(read.mapping == nil)
            for (a, b) in zip(read.sequence ?? [], items) {
                #expect(a.mapping.map { Array($0.keys) } == b.mapping.map { Array($0.keys) })
            }
        }
    }
}
