import PropertyBased
import Testing
@testable import PlanDocument

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
            let decoded = try? NodeArchive.decode(NodeArchive.encode(read))
            #expect(decoded == read)
            #expect(decoded.map(allPositions) == allPositions(read))
        }
    }

    @Test func extremeScalarsSurvive() throws {
        let node: Node = ["min": .init(.integer(Int.min)), "max": .init(.integer(Int.max)), "nan": .init(.number(.nan)),
                          "inf": .init(.number(-.infinity)), "empty": "", "unicode": "日本 é 😀", "nested": [[[]], [:]]]
        #expect(try NodeArchive.decode(NodeArchive.encode(node)) == node)
    }

    @Test func damagedArchivesAreRefusedNotTrusted() {
        let bytes = NodeArchive.encode(["id": "isr", "list": [1, 2, 3]])
        #expect(throws: NodeArchive.DecodingError.malformed) { try NodeArchive.decode(Array(bytes.dropLast())) }
        #expect(throws: NodeArchive.DecodingError.malformed) { try NodeArchive.decode(Array("PBN0".utf8) + bytes.dropFirst(4)) }
        #expect(throws: NodeArchive.DecodingError.malformed) { try NodeArchive.decode(bytes + [0]) }
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
