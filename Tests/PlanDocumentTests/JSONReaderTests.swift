import PropertyBased
import Testing
@testable import PlanDocument

@Suite struct JSONReaderTests {
    @Test func keepsKeyOrderKindsAndPositions() throws {
        let text = "{\n  \"b\": 1,\n  \"a\": [\"x\", 2.5, true, null],\n  \"é\": \"ü\", \"c\": {}\n}"
        let node = try JSONReader().read(text)
        #expect(node.mapping.map { Array($0.keys) } == ["b", "a", "é", "c"])
        #expect(node["b"]?.kind == .integer)
        #expect(node["a"]?[1]?.kind == .number)
        #expect(node["a"]?[2] == true)
        #expect(node["a"]?[3]?.isNull == true)
        #expect(node.position == SourcePosition(line: 1, column: 1))
        #expect(node["b"]?.position == SourcePosition(line: 2, column: 8))
        #expect(node["a"]?[1]?.position == SourcePosition(line: 3, column: 14))
        // Columns count characters, not bytes: "é" is two bytes but one column.
        #expect(node["c"]?.position == SourcePosition(line: 4, column: 18))
    }

    @Test func decodesEscapesAndSurrogatePairs() throws {
        let node = try JSONReader().read(#"["a\"b\\c\/d\n\t", "\u00e9\ud83d\ude00", "\u0041"]"#)
        #expect(node[0]?.string == "a\"b\\c/d\n\t")
        #expect(node[1]?.string == "é😀")
        #expect(node[2]?.string == "A")
    }

    @Test func integersBeyondIntBecomeNumbers() throws {
        let node = try JSONReader().read("[9223372036854775807, -9223372036854775808, 9223372036854775808, 1e400, -0, 1.0]")
        #expect(node[0]?.content == .integer(Int.max))
        #expect(node[1]?.content == .integer(Int.min))
        #expect(node[2]?.content == .number(9_223_372_036_854_775_808.0))
        #expect(node[3]?.content == .number(.infinity))
        #expect(node[4]?.content == .integer(0))
        #expect(node[5]?.content == .number(1.0))
    }

    /// Found by the json fuzz target (fuzz-regressions/json): `111e11111111`
    /// read as infinity was written back as `null`.
    @Test func infinityIsWrittenAsANumberThatReadsBackAsInfinity() throws {
        let node = try JSONReader().read("[1e400, -111e11111111, 1.5]")
        let text = JSONWriter.write(node)
        #expect(text == "[1e400,-1e400,1.5]")
        #expect(try JSONReader().read(text) == node)
        #expect(JSONWriter.write([Node(.number(.nan))]) == "[null]")
    }

    @Test(arguments: [
        ("{\"a\" 1}", 1, 6), ("[1,]", 1, 4), ("[01]", 1, 3), ("{\"a\":1,\"a\":2}", 1, 8),
        ("\"abc", 1, 5), ("[1] 2", 1, 5), ("[\"\\x\"]", 1, 3), ("tru", 1, 1), ("[\n  -]", 2, 4),
        ("\"\u{1}\"", 1, 2), ("[1.]", 1, 4), ("{\"a\":1", 1, 7),
    ])
    func reportsSyntaxErrorsWithPositions(text: String, line: Int, column: Int) {
        #expect {
            try JSONReader().read(text)
        } throws: { error in
            guard case .syntax(_, let position) = error as? DocumentError else { return false }
            return position == SourcePosition(line: line, column: column)
        }
    }

    @Test func emptyInputIsEmpty() {
        #expect(throws: DocumentError.empty) { try JSONReader().read("  \n ") }
    }

    @Test func refusesInvalidUTF8WithItsOffset() {
        let inString: [UInt8] = Array("[\"ab".utf8) + [0xC3, 0x28] + Array("\"]".utf8)
        #expect(throws: DocumentError.invalidUTF8(offset: 4)) { try JSONReader().read(inString) }
        let surrogate: [UInt8] = Array("\"".utf8) + [0xED, 0xA0, 0x80] + Array("\"".utf8)
        #expect(throws: DocumentError.invalidUTF8(offset: 1)) { try JSONReader().read(surrogate) }
        let outside: [UInt8] = Array("[1,".utf8) + [0xFF] + Array("]".utf8)
        #expect(throws: DocumentError.invalidUTF8(offset: 3)) { try JSONReader().read(outside) }
        let truncated: [UInt8] = Array("\"".utf8) + [0xE2, 0x82]
        #expect(throws: DocumentError.invalidUTF8(offset: 1)) { try JSONReader().read(truncated) }
    }

    @Test func readsTenThousandLevelsAndRefusesDeeper() throws {
        let depth = 10_000
        let ok = String(repeating: "[", count: depth) + "1" + String(repeating: "]", count: depth)
        let node = try JSONReader().read(ok)
        var current = node
        var levels = 0
        while let first = current[0] {
            current = first
            levels += 1
        }
        #expect(levels == depth)
        // The root is depth 0, so the scalar inside 10,001 arrays is one level too deep.
        let tooDeep = String(repeating: "[", count: depth + 1) + "1" + String(repeating: "]", count: depth + 1)
        #expect {
            try JSONReader().read(tooDeep)
        } throws: { error in
            guard case .nestingTooDeep(let limit, _) = error as? DocumentError else { return false }
            return limit == depth
        }
    }

    @Test func agreesWithJSONWriterOnGeneratedDocuments() async {
        let scalar = Gen<Node>.oneOf(
            Gen.always(Node.null),
            Gen.bool.map { Node(.bool($0)) },
            Gen.int().map { Node(.integer($0)) },
            Gen.double(in: -1e6...1e6).map { Node(.number($0)) },
            Gen.unicodeScalar(in: "\u{1}"..."\u{D7FF}").map { Character($0) }.string(of: 0...8).map { Node(.string($0)) }
        )
        let document = scalar.array(of: 0...5).map { Node(.sequence($0)) }
            .array(of: 0...4)
            .map { items in
                var members: [(String, Node)] = []
                for (i, item) in items.enumerated() { members.append(("k\(i)", item)) }
                return Node(.mapping(.init(uniqueKeysWithValues: members)))
            }
        await propertyCheck(input: document, Gen.bool) { node, pretty in
            let text = JSONWriter.write(node, pretty: pretty)
            let read = try JSONReader().read(text)
            #expect(read.isJSONEqual(to: node))
        }
    }

    @Test func survivesMutatedInput() {
        // Deterministic mutations of a valid document: every outcome is a
        // tree or a DocumentError, never a crash or a hang.
        let seed = Array(#"{"id": "isr-1", "n": [1, -2.5e3, true, null, {"k": "\u00e9\n"}], "s": "Größe"}"#.utf8)
        var state: UInt64 = 2015
        func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int(state >> 33) % bound
        }
        var parsed = 0
        for _ in 0..<3_000 {
            var bytes = seed
            for _ in 0..<(1 + next(3)) {
                switch next(3) {
                case 0: bytes[next(bytes.count)] = UInt8(next(256))
                case 1: bytes.insert(UInt8(next(256)), at: next(bytes.count + 1))
                default: if !bytes.isEmpty { bytes.remove(at: next(bytes.count)) }
                }
            }
            do {
                _ = try JSONReader().read(bytes)
                parsed += 1
            } catch {
                #expect(error.position.isKnown || error == .empty || { if case .invalidUTF8 = error { true } else { false } }())
            }
        }
        #expect(parsed > 0)
    }
}
