import PropertyBased
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

    /// Documents in the styles people write, each with the tree and the
    /// positions the reader gives (the same as the Yams-based reader gave
    /// before it, so no diagnostic moved when the readers became one).
    static let documents: [(text: String, outline: String)] = [
        (
            "id: isr\ntitle: ISR\n",
            "1:1 {\"id\": 1:5 \"isr\", \"title\": 2:8 \"ISR\"}"
        ),
        (
            "b: 1\na:\n  - x\n  - 2.5\n  - -3\n  - 0x1F\n  - 0o17\n  - 1e3\n  - .inf\n  - -.Inf\n  - .nan\n",
            "1:1 {\"b\": 1:4 1, \"a\": 3:3 [3:5 \"x\", 4:5 2.5d, 5:5 -3, 6:5 31, 7:5 15, 8:5 1000.0d, 9:5 infd, 10:5 -infd, 11:5 nand]}"
        ),
        (
            "dates: [2026-03-01, 2027-01-31]\nyes: yes\nno: off\nnull: ~\nempty:\nt: true\nf: False\n",
            "1:1 {\"dates\": 1:8 [1:9 \"2026-03-01\", 1:21 \"2027-01-31\"], \"yes\": 2:6 \"yes\", \"no\": 3:5 \"off\", \"null\": 4:7 null, \"empty\": 5:7 null, \"t\": 6:4 true, \"f\": 7:4 false}"
        ),
        (
            "quoted: \"1\"\nsingle: 'true'\nplain: 1\nkey with spaces: value:with colon\n",
            "1:1 {\"quoted\": 1:9 \"1\", \"single\": 2:9 \"true\", \"plain\": 3:8 1, \"key with spaces\": 4:18 \"value:with colon\"}"
        ),
        (
            "prose: |\n  line one\n  line two\n\n  after blank\nfolded: >\n  folded\n  text\nstrip: |-\n  no newline\nkeep: |+\n  kept\n\n",
            "1:1 {\"prose\": 1:8 \"line one\\nline two\\n\\nafter blank\\n\", \"folded\": 6:9 \"folded text\\n\", \"strip\": 9:8 \"no newline\", \"keep\": 11:7 \"kept\\n\\n\"}"
        ),
        (
            "flow: {a: 1, b: [x, y, {c: d}]}\nempty_map: {}\nempty_seq: []\n",
            "1:1 {\"flow\": 1:7 {\"a\": 1:11 1, \"b\": 1:17 [1:18 \"x\", 1:21 \"y\", 1:24 {\"c\": 1:28 \"d\"}]}, \"empty_map\": 2:12 {}, \"empty_seq\": 3:12 []}"
        ),
        (
            "base: &b\n  x: 1\n  y: [1, 2]\nuse: *b\nscalar: &s hello\nagain: *s\n",
            "1:1 {\"base\": 1:7 {\"x\": 2:6 1, \"y\": 3:6 [3:7 1, 3:10 2]}, \"use\": 1:7 {\"x\": 2:6 1, \"y\": 3:6 [3:7 1, 3:10 2]}, \"scalar\": 5:9 \"hello\", \"again\": 5:9 \"hello\"}"
        ),
        (
            "tagged: !!str 123\nint: !!int \"42\"\nfloat: !!float 3\nbool: !!bool \"true\"\nnil: !!null ''\nbang: ! 12\n",
            "1:1 {\"tagged\": 1:9 \"123\", \"int\": 2:6 42, \"float\": 3:8 3.0d, \"bool\": 4:7 true, \"nil\": 5:6 null, \"bang\": 6:7 \"12\"}"
        ),
        (
            "# comment\nid: x # trailing\nlist:\n- a\n- b\n",
            "2:1 {\"id\": 2:5 \"x\", \"list\": 4:1 [4:3 \"a\", 5:3 \"b\"]}"
        ),
        (
            "---\nid: doc\n...\n",
            "2:1 {\"id\": 2:5 \"doc\"}"
        ),
        (
            "multi line\n  plain scalar\n",
            "1:1 \"multi line plain scalar\""
        ),
        (
            "- 1\n- - nested\n  - seq\n- key: value\n  other: 2\n",
            "1:1 [1:3 1, 2:3 [2:5 \"nested\", 3:5 \"seq\"], 4:3 {\"key\": 4:8 \"value\", \"other\": 5:10 2}]"
        ),
        (
            "unicode: \"caf\\u00e9 \\U0001F600\"\nkana: \u{30ab}\u{30bf}\u{30ab}\u{30ca}\nemoji_key_\u{1f600}: ok\n",
            "1:1 {\"unicode\": 1:10 \"caf\\u{e9} \\u{1f600}\", \"kana\": 2:7 \"\\u{30ab}\\u{30bf}\\u{30ab}\\u{30ca}\", \"emoji_key_\\u{1f600}\": 3:14 \"ok\"}"
        ),
        (
            "1: numeric key\n2.5: float key\ntrue: bool key\n~: tilde key\n",
            "1:1 {\"1\": 1:4 \"numeric key\", \"2.5\": 2:6 \"float key\", \"true\": 3:7 \"bool key\", \"~\": 4:4 \"tilde key\"}"
        ),
        (
            "scalar only\n",
            "1:1 \"scalar only\""
        ),
        (
            "\"quoted root\"\n",
            "1:1 \"quoted root\""
        ),
        (
            "42\n",
            "1:1 42"
        ),
        (
            "? complex\n: value\n",
            "1:1 {\"complex\": 2:3 \"value\"}"
        ),
        (
            "anchored_key: &k name\n*k : aliased key\n",
            "1:1 {\"anchored_key\": 1:15 \"name\", \"name\": 2:6 \"aliased key\"}"
        ),
        (
            "# heading comment\nid: x\n\n# between\nlist:\n- a\n- b\nnext: 1\n",
            "2:1 {\"id\": 2:5 \"x\", \"list\": 6:1 [6:3 \"a\", 7:3 \"b\"], \"next\": 8:7 1}"
        ),
        (
            "empty:\nafter: 2\nnested:\n  deeper:\n    - 1\n    - two words\n    -\n      - inner\n",
            "1:1 {\"empty\": 1:7 null, \"after\": 2:8 2, \"nested\": 4:3 {\"deeper\": 5:5 [5:7 1, 6:7 \"two words\", 8:7 [8:9 \"inner\"]]}}"
        ),
        (
            "\"quoted key\": \"caf\\u00e9 \\\"q\\\" \\x41\\t\"\n'single': 'it''s'\nplain: Japan's SDF\n",
            "1:1 {\"quoted key\": 1:15 \"caf\\u{e9} \\\"q\\\" A\\t\", \"single\": 2:11 \"it's\", \"plain\": 3:8 \"Japan's SDF\"}"
        ),
        (
            "prose: |\n  line one\n\n  line three\nstrip: |-\n  no newline\nkeep: |+\n  kept\n\nindicator: |2\n    leading spaces\n  kept\n",
            "1:1 {\"prose\": 1:8 \"line one\\n\\nline three\\n\", \"strip\": 5:8 \"no newline\", \"keep\": 7:7 \"kept\\n\\n\", \"indicator\": 10:12 \"  leading spaces\\nkept\\n\"}"
        ),
        (
            "sections:\n  - id: concept\n    roles:\n      - actor: sdf\n        scope: ISR over the waters\n    tasks: []\n    extra: {}\n  - id: b\n",
            "1:1 {\"sections\": 2:3 [2:5 {\"id\": 2:9 \"concept\", \"roles\": 4:7 [4:9 {\"actor\": 4:16 \"sdf\", \"scope\": 5:16 \"ISR over the waters\"}], \"tasks\": 6:12 [], \"extra\": 7:12 {}}, 8:5 {\"id\": 8:9 \"b\"}]}"
        ),
        (
            "unicode: \u{30ab}\u{30bf}\u{30ab}\u{30ca}\nkey_\u{e9}: value \u{e9}\nemoji: \u{1f600} text\nurl: http://example.com/a:b\ndate: 2026-03-01\n",
            "1:1 {\"unicode\": 1:10 \"\\u{30ab}\\u{30bf}\\u{30ab}\\u{30ca}\", \"key_\\u{e9}\": 2:8 \"value \\u{e9}\", \"emoji\": 3:8 \"\\u{1f600} text\", \"url\": 4:6 \"http://example.com/a:b\", \"date\": 5:7 \"2026-03-01\"}"
        ),
        (
            "---\nid: doc\nlast: |\n  no final newline",
            "2:1 {\"id\": 2:5 \"doc\", \"last\": 3:7 \"no final newline\"}"
        ),
        (
            "- top\n- - 1\n",
            "1:1 [1:3 \"top\", 2:3 [2:5 1]]"
        ),
    ]

    @Test(arguments: documents)
    func readsTreesWithTheirPositions(text: String, outline expected: String) throws {
        #expect(outline(try YAMLReader().read(text)) == expected)
        #expect(outline(try YAMLReader().read(Array(text.utf8))) == expected)
    }

    /// Invalid documents, the kind of error and where it is reported.
    static let invalid: [(text: String, kind: String, position: SourcePosition)] = [
        ("a: \"unclosed\n", "syntax", SourcePosition(line: 1, column: 4)),
        ("a: 1\n b: 2\n", "syntax", SourcePosition(line: 2, column: 3)),
        ("a: 1\na: 2\n", "syntax", SourcePosition(line: 1, column: 1)),
        ("x: 1\nb: 1\nb: 2\na: 3\na: 4\n", "syntax", SourcePosition(line: 4, column: 1)),
        ("outer: 1\nsub:\n  x: 1\n  y: 2\n  x: 3\nz: 4\n", "syntax", SourcePosition(line: 3, column: 3)),
        ("a:\n  p: 1\n  q: 2\nb:\n  r: 1\n  s: {t: 1, u: 2, t: 3}\n", "syntax", SourcePosition(line: 6, column: 7)),
        ("- k: 1\n  m: {a: 1, b: 2}\n  n: 2\n  k: 2\n", "syntax", SourcePosition(line: 1, column: 3)),
        ("- {a: 1}\n- b: 1\n  c: {d: 1}\n  e: 1\n  c: 2\n", "syntax", SourcePosition(line: 3, column: 3)),
        ("a: *missing\n", "syntax", SourcePosition(line: 1, column: 4)),
        ("a: 1\n---\nb: 2\n", "syntax", SourcePosition(line: 2, column: 1)),
        ("a: !custom 1\n", "unsupported", SourcePosition(line: 1, column: 4)),
        ("a: !!int nope\n", "unsupported", SourcePosition(line: 1, column: 4)),
        ("a: !!float nope\n", "unsupported", SourcePosition(line: 1, column: 4)),
        ("a: !!bool maybe\n", "unsupported", SourcePosition(line: 1, column: 4)),
        ("[1, 2]: value\n", "unsupported", SourcePosition(line: 1, column: 1)),
        ("{a: 1}: value\n", "unsupported", SourcePosition(line: 1, column: 1)),
        ("", "empty", .unknown),
        ("# only a comment\n", "empty", .unknown),
        // Unclosed quotes and brackets are reported where they were opened.
        ("- [unclosed\n", "syntax", SourcePosition(line: 1, column: 3)),
        ("a: [1, 2\nb: 3\n", "syntax", SourcePosition(line: 1, column: 4)),
        ("a: !custom 1\nb: \"unclosed\n", "syntax", SourcePosition(line: 2, column: 4)),
        ("\t- tab indent\n", "syntax", SourcePosition(line: 1, column: 1)),
    ]

    @Test(arguments: invalid)
    func refusesInvalidDocumentsAtTheirPosition(text: String, kind expected: String, position: SourcePosition) {
        let error = readingError { try YAMLReader().read(text) }
        #expect(errorKind(error) == expected)
        #expect(error?.position == position)
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
        #expect(errorKind(readingError { try YAMLReader().read(text) }) == "aliasExpansionLimit")
    }

    @Test func expandsModestAliases() throws {
        let node = try YAMLReader().read("base: &b {x: 1}\ncopy: *b\n")
        #expect(node["copy"] == ["x": 1])
    }

    @Test func refusesInvalidUTF8() {
        let bytes: [UInt8] = Array("id: ".utf8) + [0xFF, 0xFE] + Array("\n".utf8)
        #expect(throws: DocumentError.invalidUTF8(offset: 4)) { try YAMLReader().read(bytes) }
        let later: [UInt8] = Array("a: ok\nb: ".utf8) + [0xC3, 0x28] + Array("\n".utf8)
        #expect(readingError { try YAMLReader().read(later) } == .invalidUTF8(offset: 9))
    }

    @Test func refusesEmptyDocument() {
        #expect(throws: DocumentError.empty) { try YAMLReader().read("# only a comment\n") }
    }

    @Test func refusesUnknownTags() {
        #expect(throws: DocumentError.self) { try YAMLReader().read("a: !!binary aGVsbG8=\n") }
    }

    @Test func limitsNestingDepth() {
        let deep = String(repeating: "[", count: 40) + String(repeating: "]", count: 40) + "\n"
        #expect(errorKind(readingError { try YAMLReader(maximumDepth: 20).read(deep) }) == "nestingTooDeep")
        #expect(throws: Never.self) { try YAMLReader(maximumDepth: 40).read(deep) }
    }

    @Test func agreesWithTheWriterOnRandomTrees() async throws {
        await propertyCheck(count: 300, input: Self.trees) { tree in
            let text = YAMLWriter.write(tree)
            let fromText = try YAMLReader().read(text)
            let fromBytes = try YAMLReader().read(Array(text.utf8))
            #expect(fromText == tree)
            #expect(fromBytes == tree)
        }
    }

    /// Written trees with hand-editing noise (comments, blank lines,
    /// trailing spaces, shifted lines, stray characters): whatever the text
    /// has become, the reader gives a tree that survives writing and reading
    /// again, or an error that says where.
    @Test func readsOrRefusesEditedText() async {
        let edited = Generator<String, Shrink.None<String>> { rng in
            var lines = YAMLWriter.write(Self.tree(&rng, depth: 0)).split(separator: "\n", omittingEmptySubsequences: false)
                .map(String.init)
            for _ in 0..<Int.random(in: 1...4, using: &rng) {
                let at = Int.random(in: 0..<lines.count, using: &rng)
                let pad = String(repeating: " ", count: Int.random(in: 0...6, using: &rng))
                switch Int.random(in: 0..<8, using: &rng) {
                case 0: lines.insert(pad + "# note", at: at)
                case 1: lines.insert("", at: at)
                case 2: lines[at] += " # trailing"
                case 3: lines[at] += "  "
                case 4: lines[at] = " " + lines[at]
                case 5: if lines[at].hasPrefix("  ") { lines[at].removeFirst(2) }
                case 6: lines[at] += [":", " x", "'", "\"", " &a", " *a", "- y"].randomElement(using: &rng)!
                default: lines.insert(pad + "key: value", at: at)
                }
            }
            return lines.joined(separator: "\n")
        }
        await propertyCheck(count: 500, input: edited) { text in
            do {
                let tree = try YAMLReader().read(text)
                #expect(try YAMLReader().read(YAMLWriter.write(tree)) == tree, "\(text)")
            } catch let error as DocumentError {
                if case .empty = error { return }
                #expect(error.position.isKnown, "\(text)")
            } catch {
                Issue.record("unexpected error \(error)")
            }
        }
    }

    static let trees = Generator<Node, Shrink.None<Node>> { rng in tree(&rng, depth: 0) }

    static func tree(_ rng: inout any SeededRandomNumberGenerator, depth: Int) -> Node {
        let strings = ["plain", "two words", "1", "true", "null", "", " lead", "trail ", "a: b", "#x", "- x",
                       "multi\nline\n", "multi\nline", "  indented\nblock", "tab\there", "quote\"s", "é ü", "~", "'"]
        switch Int.random(in: 0..<(depth > 3 ? 5 : 8), using: &rng) {
        case 0: return .null
        case 1: return Node(.bool(Bool.random(using: &rng)))
        case 2: return Node(.integer(Int.random(in: -1000...1000, using: &rng)))
        case 3: return Node(.number(Double(Int.random(in: -100...100, using: &rng)) / 8))
        case 4: return Node(.string(strings.randomElement(using: &rng)!))
        case 5, 6:
            var entries: [(String, Node)] = []
            for key in strings.shuffled(using: &rng).prefix(Int.random(in: 0...4, using: &rng)) {
                entries.append((key, tree(&rng, depth: depth + 1)))
            }
            return Node(.mapping(.init(uniqueKeysWithValues: entries)))
        default:
            return Node(.sequence((0..<Int.random(in: 0...4, using: &rng)).map { _ in tree(&rng, depth: depth + 1) }))
        }
    }
}

func readingError(_ body: () throws -> Node) -> DocumentError? {
    do {
        _ = try body()
        return nil
    } catch let error as DocumentError {
        return error
    } catch {
        Issue.record("unexpected error \(error)")
        return nil
    }
}

func errorKind(_ error: DocumentError?) -> String? {
    guard let error else { return nil }
    switch error {
    case .syntax: return "syntax"
    case .aliasExpansionLimit: return "aliasExpansionLimit"
    case .tooManyNodes: return "tooManyNodes"
    case .nestingTooDeep: return "nestingTooDeep"
    case .unsupported: return "unsupported"
    case .invalidUTF8: return "invalidUTF8"
    case .empty: return "empty"
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

/// The limits every command reads YAML under, and text editors' habits.
@Suite struct YAMLReaderLimitTests {
    /// 381 bytes that aliases expand to a million nodes: under the node
    /// limit, far over what aliases may copy into a text that short.
    static let shortBomb: String = {
        var bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1...6 {
            let previous = level == 1 ? "a" : "l\(level - 1)"
            bomb += "l\(level): &l\(level) [" + Array(repeating: "*\(previous)", count: 10).joined(separator: ", ") + "]\n"
        }
        return bomb
    }()

    @Test func refusesAShortAliasBombUnderTheNodeLimit() {
        let error = readingError { try YAMLReader().read(Array(Self.shortBomb.utf8)) }
        let allowance = YAMLReader().aliasAllowance(forByteCount: Self.shortBomb.utf8.count)
        #expect(allowance == 10_000 + 8 * 381)
        #expect(error == .aliasExpansionLimit(limit: allowance, position: SourcePosition(line: 5, column: 10)))
    }

    @Test func saysTheNodeLimitWhenADocumentWithoutAliasesExceedsIt() throws {
        let text = (0..<200).map { "- item \($0)\n" }.joined()
        let error = try #require(readingError { try YAMLReader(maximumNodeCount: 100).read(text) })
        #expect(error == .tooManyNodes(limit: 100, position: SourcePosition(line: 100, column: 3)))
        #expect(error.message.contains("more than 100 values"))
        #expect(!error.message.contains("alias"))
        #expect(try YAMLReader(maximumNodeCount: 201).read(text).sequence?.count == 200)
    }

    @Test func countsAliasCopiesAgainstTheNodeLimit() {
        let text = "a: &a [1, 2, 3, 4, 5, 6, 7, 8]\nb: *a\nc: *a\n"
        #expect(errorKind(readingError { try YAMLReader(maximumNodeCount: 20).read(text) }) == "tooManyNodes")
        #expect(errorKind(readingError { try YAMLReader(maximumAliasedNodes: 10).read(text) }) == "aliasExpansionLimit")
        #expect(readingError { try YAMLReader(maximumNodeCount: 40, maximumAliasedNodes: 18).read(text) } == nil)
    }

    @Test func skipsAByteOrderMarkBeforeAMultiLineMapping() throws {
        let text = "id: isr\ntitle: ISR\nsections:\n  - id: a\n"
        let expected = "1:1 {\"id\": 1:5 \"isr\", \"title\": 2:8 \"ISR\", \"sections\": 4:3 [4:5 {\"id\": 4:9 \"a\"}]}"
        #expect(outline(try YAMLReader().read([0xEF, 0xBB, 0xBF] + Array(text.utf8))) == expected)
        #expect(outline(try YAMLReader().read("\u{FEFF}" + text)) == expected)
    }

    @Test func expandsAnAliasAsACopyWithTheAnchoredPositions() throws {
        let node = try YAMLReader().read("base: &b\n  x: 1\ncopy: *b\n")
        #expect(node["copy"] == node["base"])
        #expect(node["copy"]?["x"]?.position == SourcePosition(line: 2, column: 6))
    }
}
