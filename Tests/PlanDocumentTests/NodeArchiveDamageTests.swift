import Testing
@testable import PlanDocument

/// Archives are read back from disk, so decoding treats them as untrusted: any
/// byte string decodes to the tree that was encoded or throws, never traps.
@Suite struct NodeArchiveDamageTests {
    static let tree: Node = [
        "id": "isr", "title": "Bilateral ISR, with a title long enough to be stored out of line",
        "sections": [["id": "s1", "tasks": [["id": "t1", "done": true, "weight": 0.25, "count": .init(.integer(-7))]]], [:]],
        "prose": "日本 é 😀 and some more words", "nothing": .init(.null),
    ]
    static let bytes = NodeArchive.encode(tree, producer: producer)

    func decodeInPieces(_ bytes: [UInt8], pieceSize: Int) throws(NodeArchive.DecodingError) -> Node {
        var delivered = 0
        return try NodeArchive.decode(byteCount: bytes.count, producer: producer) { buffer in
            let count = min(pieceSize, buffer.count, bytes.count - delivered)
            for i in 0..<count { buffer[i] = bytes[delivered + i] }
            delivered += count
            return count
        }
    }

    @Test func everyTruncationIsRefused() throws {
        #expect(try NodeArchive.decode(Self.bytes, producer: producer) == Self.tree)
        for length in 0..<Self.bytes.count {
            let cut = Array(Self.bytes.prefix(length))
            #expect(throws: NodeArchive.DecodingError.self) { try NodeArchive.decode(cut, producer: producer) }
            #expect(throws: NodeArchive.DecodingError.self) { try decodeInPieces(cut, pieceSize: 3) }
        }
    }

    /// A changed byte anywhere (a string's text included, which decodes to a
    /// well-formed but wrong tree unless the checksum catches it) is refused.
    @Test(arguments: [0x01, 0x20, 0x80, 0xFF] as [UInt8])
    func everyChangedByteIsRefused(mask: UInt8) {
        for index in Self.bytes.indices {
            var garbled = Self.bytes
            garbled[index] ^= mask
            #expect(throws: NodeArchive.DecodingError.self, "byte \(index) ^ \(mask)") {
                try NodeArchive.decode(garbled, producer: producer)
            }
            #expect(throws: NodeArchive.DecodingError.self, "byte \(index) ^ \(mask), in pieces") {
                try decodeInPieces(garbled, pieceSize: 5)
            }
        }
    }

    @Test func randomBytesAreRefusedOrDecodedWithoutATrap() {
        var rng = SplitMix(seed: 13)
        for round in 0..<3_000 {
            let length = Int(rng.next() % 300)
            var body = (0..<length).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            // Most rounds start like a real archive (magic, producer, a plausible tag),
            // so the bytes reach the node decoder.
            if round % 4 != 0, !body.isEmpty { body[0] %= 7 }
            let bytes = round % 4 == 0 ? body : Array("PBN2".utf8) + [UInt8(producer.utf8.count)] + Array(producer.utf8) + body
            #expect(throws: NodeArchive.DecodingError.self) { try NodeArchive.decode(bytes, producer: producer) }
            // With a valid checksum, some are archives (a null at some position):
            // decoding them must end, one way or the other, without a trap.
            _ = try? NodeArchive.decode(archive(body), producer: producer)
        }
    }

    /// Numbers that do not fit: a line of 2^64 - 1 (once a trap converting it to
    /// Int), a varint of eleven bytes, counts far beyond the bytes there are.
    @Test func outOfRangeNumbersAreRefused() throws {
        let largest: [UInt8] = [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01]
        let tooLong: [UInt8] = Array(repeating: 0x80, count: 10) + [0x01]
        let nulls: [[UInt8]] = [
            [0] + largest + [1],  // line 2^64 - 1
            [0, 1] + largest,  // column 2^64 - 1
            [0] + tooLong + [1],
            [0, 0x80, 0x80, 0x80, 0x80, 0x08, 1],  // line 2^31, beyond what a position holds
            [5, 1, 1, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F] + [0, 1, 1],  // a sequence "of" 2^32 - 1 items
            [6, 1, 1, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x40] + [1, 0x61, 0, 1, 1],  // a mapping of 2^62 entries
            [4, 1, 1, 0xFF, 0xFF, 0xFF, 0x7F] + Array("text".utf8),  // a string longer than the archive
            [2, 1, 1] + Array(repeating: 0x80, count: 9) + [0x02],  // an integer of 65 bits
        ]
        for body in nulls {
            #expect(throws: NodeArchive.DecodingError.malformed, "\(body)") { try NodeArchive.decode(archive(body), producer: producer) }
        }
        // The same shapes with fitting numbers decode.
        #expect(try NodeArchive.decode(archive([0, 0x7F, 1]), producer: producer) == Node(.null, at: SourcePosition(line: 127, column: 1)))
        #expect(try NodeArchive.decode(archive([0, 0xFF, 0xFF, 0xFF, 0xFF, 0x07, 1]), producer: producer).position.line == Int(Int32.max))
    }

    /// Nesting beyond the limit is refused before it can exhaust the stack.
    @Test func nestingBeyondTheLimitIsRefused() throws {
        func nested(_ depth: Int) -> [UInt8] {
            Array(repeating: [5, 1, 1, 1] as [UInt8], count: depth - 1).flatMap { $0 } + [0, 1, 1]
        }
        let deepest = try NodeArchive.decode(archive(nested(NodeArchive.maximumDepth)), producer: producer)
        var depth = 1
        var node = deepest
        while let inner = node.sequence?.first {
            depth += 1
            node = inner
        }
        #expect(depth == NodeArchive.maximumDepth)
        #expect(throws: NodeArchive.DecodingError.malformed) {
            try NodeArchive.decode(archive(nested(NodeArchive.maximumDepth + 1)), producer: producer)
        }
        #expect(throws: NodeArchive.DecodingError.malformed) {
            try NodeArchive.decode(archive(nested(200_000)), producer: producer)
        }
    }

    @Test func anotherProducerOrFormatIsRefused() {
        #expect(throws: NodeArchive.DecodingError.otherVersion) { try NodeArchive.decode(Self.bytes, producer: producer + "1") }
        #expect(throws: NodeArchive.DecodingError.otherVersion) { try NodeArchive.decode(archive([0, 1, 1], producer: "old parser"), producer: producer) }
        #expect(throws: NodeArchive.DecodingError.otherVersion) { try NodeArchive.decode(archive([0, 1, 1], magic: "PBN1"), producer: producer) }
        #expect(throws: NodeArchive.DecodingError.malformed) { try NodeArchive.decode(archive([0, 1, 1], magic: "GIT2"), producer: producer) }
    }
}
