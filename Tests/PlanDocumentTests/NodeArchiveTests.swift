import PropertyBased
import Testing
@testable import PlanDocument

/// What the archives in these tests record as their producer.
let producer = "node-archive-tests 1"

/// An archive around a hand-written root node: magic, producer, the node, its checksum.
func archive(_ node: [UInt8], producer: String = producer, magic: String = "PBN2") -> [UInt8] {
    var bytes = Array(magic.utf8) + [UInt8(producer.utf8.count)] + Array(producer.utf8) + node
    var checksum = Checksum()
    bytes.withUnsafeBytes { checksum.combine($0) }
    withUnsafeBytes(of: checksum.value.littleEndian) { bytes.append(contentsOf: $0) }
    return bytes
}

@Suite struct NodeArchiveTests {
    @Test func randomTreesSurviveWithTheirPositions() async {
        await propertyCheck(count: 300, input: Gen.int(in: 0...Int.max)) { seed in
            var rng = SplitMix(seed: UInt64(seed))
            let tree = randomNode(depth: 4, words: randomWords, rng: &rng, root: true)
            let text = YAMLWriter.write(tree)
            guard let read = try? YAMLReader().read(text) else {
                Issue.record("written tree did not read back: \(text)")
                return
            }
            let decoded = try? NodeArchive.decode(NodeArchive.encode(read, producer: producer), producer: producer)
            #expect(decoded == read)
            #expect(decoded.map(allPositions) == allPositions(read))
        }
    }

    @Test func extremeScalarsSurvive() throws {
        let node: Node = ["min": .init(.integer(Int.min)), "max": .init(.integer(Int.max)), "nan": .init(.number(.nan)),
                          "inf": .init(.number(-.infinity)), "empty": "", "unicode": "日本 é 😀", "nested": [[[]], [:]]]
        #expect(try NodeArchive.decode(NodeArchive.encode(node, producer: producer), producer: producer) == node)
    }

    @Test func damagedArchivesAreRefusedNotTrusted() {
        let bytes = NodeArchive.encode(["id": "isr", "list": [1, 2, 3]], producer: producer)
        #expect(throws: NodeArchive.DecodingError.malformed) { try NodeArchive.decode(Array(bytes.dropLast()), producer: producer) }
        #expect(throws: NodeArchive.DecodingError.otherVersion) { try NodeArchive.decode(Array("PBN1".utf8) + bytes.dropFirst(4), producer: producer) }
        #expect(throws: NodeArchive.DecodingError.malformed) { try NodeArchive.decode(bytes + [0], producer: producer) }
    }

    /// Decodes `bytes` as if read from a file `pieceSize` bytes per call.
    func decodeInPieces(_ bytes: [UInt8], pieceSize: Int, byteCount: Int? = nil) throws(NodeArchive.DecodingError) -> Node {
        var delivered = 0
        return try NodeArchive.decode(byteCount: byteCount ?? bytes.count, producer: producer) { buffer in
            let count = min(pieceSize, buffer.count, bytes.count - delivered)
            for i in 0..<count { buffer[i] = bytes[delivered + i] }
            delivered += count
            return count
        }
    }

    @Test(arguments: [1, 3, 7, 4096, 1 << 20])
    func archivesReadInPiecesDecodeTheSame(pieceSize: Int) throws {
        // Strings longer than the 64 KB window, and a tree larger than it.
        let long = String(repeating: "long prose, ", count: 12_000)
        let items = (0..<3_000).map { i -> Node in ["id": .init(.string("s\(i)")), "n": .init(.integer(i)), "x": 0.5] }
        let node = Node(.mapping(["long": .init(.string(long)), "items": .init(.sequence(items)), "tail": .init(.string(long + "!"))]),
                        at: SourcePosition(line: 3, column: 9))
        let bytes = NodeArchive.encode(node, producer: producer)
        #expect(bytes.count > 128 * 1024)
        let decoded = try decodeInPieces(bytes, pieceSize: pieceSize)
        #expect(decoded == node)
        #expect(allPositions(decoded) == allPositions(node))
    }

    @Test func damagedArchivesReadInPiecesAreRefused() {
        let bytes = NodeArchive.encode(["id": "isr", "list": [1, 2, 3], "text": .init(.string(String(repeating: "x", count: 70_000)))], producer: producer)
        // Cut short: the source ends early, or the stated size is short.
        #expect(throws: NodeArchive.DecodingError.malformed) { try decodeInPieces(Array(bytes.dropLast()), pieceSize: 5, byteCount: bytes.count) }
        #expect(throws: NodeArchive.DecodingError.malformed) { try decodeInPieces(bytes, pieceSize: 5, byteCount: bytes.count - 1) }
        // Longer than the tree.
        #expect(throws: NodeArchive.DecodingError.malformed) { try decodeInPieces(bytes + [0], pieceSize: 5) }
        // A failing source.
        #expect(throws: NodeArchive.DecodingError.malformed) {
            try NodeArchive.decode(byteCount: bytes.count, producer: producer) { _ in -1 }
        }
    }

    @Test func equalStringsShareTheReferenceTreesStorage() throws {
        let prose = "A paragraph long enough to be stored out of line.\n"
        let old: Node = ["id": "s1", "prose": .init(.string(prose)), "a long key, out of line too": "x"]
        let new: Node = ["id": "s1", "prose": .init(.string(prose)), "a long key, out of line too": "x",
                         "other": "A different string, also out of line."]
        let bytes = NodeArchive.encode(new, producer: producer)
        var delivered = 0
        let decoded = try NodeArchive.decode(byteCount: bytes.count, producer: producer, sharingStringsWith: old) { buffer in
            let count = min(buffer.count, bytes.count - delivered)
            for i in 0..<count { buffer[i] = bytes[delivered + i] }
            delivered += count
            return count
        }
        #expect(decoded == new)
        func storage(_ string: String?) -> UnsafeRawPointer? {
            guard var string else { return nil }
            return string.withUTF8 { UnsafeRawPointer($0.baseAddress) }
        }
        #expect(storage(decoded["prose"]?.string) == storage(old["prose"]?.string))
        #expect(storage(decoded.mapping?.keys[2]) == storage(old.mapping?.keys[2]))
        #expect(storage(decoded["other"]?.string) != nil)
        #expect(NodeArchive.allocatedStrings(in: old) == [prose, "a long key, out of line too"])
    }

    @Test func mappingsWithTheSameKeysShareOneKeyArray() throws {
        let sections = (0..<40).map { i -> Node in
            i % 3 == 0 ? ["id": .init(.string("s\(i)")), "title": "T", "tasks": [["id": "t", "state": "open"]]]
                : ["id": .init(.string("s\(i)")), "title": "T"]
        }
        let node: Node = ["sections": .init(.sequence(sections)), "id": "plan"]
        let decoded = try NodeArchive.decode(NodeArchive.encode(node, producer: producer), producer: producer)
        #expect(decoded == node)
        let keyArrays = decoded["sections"]!.sequence!.map { section in
            section.mapping!.keys.elements.withUnsafeBufferPointer { UnsafeRawPointer($0.baseAddress) }
        }
        // Two key lists ("id, title, tasks" and "id, title"): two arrays for forty mappings.
        #expect(Set(keyArrays).count == 2)
        #expect(decoded["sections"]![0]!.mapping!.keys.elements == ["id", "title", "tasks"])
        #expect(decoded["sections"]![1]!.mapping!.keys.elements == ["id", "title"])
    }

    @Test func repeatedKeysAreRefusedEvenAfterTheListWasSeen() {
        // {a: null, b: null} then {a: null, a: null}, written by hand (the encoder cannot repeat a key).
        func header(_ tag: UInt8) -> [UInt8] { [tag, 1, 1] }
        func key(_ k: String) -> [UInt8] { [UInt8(k.utf8.count)] + Array(k.utf8) }
        let null = header(0)
        let good = header(6) + [2] + key("a") + null + key("b") + null
        let bad = header(6) + [2] + key("a") + null + key("a") + null
        #expect(throws: NodeArchive.DecodingError.malformed) { try NodeArchive.decode(archive(header(5) + [2] + good + bad), producer: producer) }
        #expect((try? NodeArchive.decode(archive(header(5) + [2] + good + good), producer: producer))?.sequence?.count == 2)
    }

    func allPositions(_ node: Node) -> [SourcePosition] {
        var result = [node.position]
        switch node.content {
        case .sequence(let items): for item in items { result += allPositions(item) }
        case .mapping(let entries): for value in entries.values { result += allPositions(value) }
        default: break
        }
        return result
    }
}
