import Testing
@testable import PlanDocument

@Suite struct YAMLReaderTests {
    @Test func keepsKeyOrderAndPositions() throws {
        let node = try YAMLReader().read("b: 1\na:\n  - x\n  - 2.5\n")
        #expect(node.mapping.map { Array($0.keys) } == ["b", "a"])
        #expect(node["a"]?[0]?.string == "x")
        #expect(node["a"]?[1]?.position == SourcePosition(line: 4, column: 5))
        #expect(node["a"]?[1]?.kind == .number)
    }

    @Test(arguments: [
        ("2026-01-31", Node.Kind.string), ("yes", .string), ("on", .string), ("true", .bool),
        ("~", .null), ("null", .null), ("12", .integer), ("-0x1F", .string), ("0x1F", .integer),
        ("1.5e3", .number), (".inf", .number), ("'12'", .string), ("\"true\"", .string),
        ("99999999999999999999", .number), ("1_000", .string), ("P1Y", .string),
    ])
    func resolvesScalarsByTheCoreSchema(text: String, kind: Node.Kind) throws {
        let node = try YAMLReader().read("v: \(text)\n")
        #expect(node["v"]?.kind == kind)
    }

    @Test func reportsSyntaxErrorsWithLineAndColumn() {
        #expect {
            _ = try YAMLReader().read("id: a\ntitle: [unclosed\nother: 1\n")
        } throws: { error in
            guard let error = error as? DocumentError else { return false }
            return error.position.line >= 2 && !error.message.isEmpty
        }
    }

    @Test func refusesDuplicateKeys() {
        #expect(throws: DocumentError.self) { try YAMLReader().read("a: 1\na: 2\n") }
    }

    @Test func refusesBillionLaughs() {
        var text = "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        for i in 1...9 {
            let refs = Array(repeating: "*a\(i - 1)", count: 10).joined(separator: ", ")
            text += "a\(i): &a\(i) [\(refs)]\n"
        }
        #expect {
            _ = try YAMLReader().read(text)
        } throws: { error in
            guard case .aliasExpansionLimit = error as? DocumentError else { return false }
            return true
        }
    }

    @Test func expandsModestAliases() throws {
        let node = try YAMLReader().read("base: &b {x: 1}\ncopy: *b\n")
        #expect(node["copy"] == ["x": 1])
    }

    @Test func refusesInvalidUTF8() {
        let bytes: [UInt8] = Array("id: ".utf8) + [0xFF, 0xFE] + Array("\n".utf8)
        #expect(throws: DocumentError.invalidUTF8(offset: 4)) { try YAMLReader().read(bytes) }
    }

    @Test func refusesEmptyDocument() {
        #expect(throws: DocumentError.empty) { try YAMLReader().read("# only a comment\n") }
    }

    @Test func refusesUnknownTags() {
        #expect(throws: DocumentError.self) { try YAMLReader().read("a: !!binary aGVsbG8=\n") }
    }
}

@Suite struct JSONEqualityTests {
    @Test func numbersCompareByValueAndStringsByCodePoint() {
        #expect(Node(.integer(1)).isJSONEqual(to: Node(.number(1.0))))
        #expect(!Node(.string("\u{E9}")).isJSONEqual(to: Node(.string("e\u{301}"))))
        let a: Node = ["b": 1, "a": [2.0]]
        #expect(a.isJSONEqual(to: ["a": [2], "b": 1.0]))
    }
}
