import PropertyBased
import Testing
@testable import PlanDocument

/// FastYAMLReader must be indistinguishable from YAMLReader: same trees,
/// same positions, same error kinds at the same places.
@Suite struct FastYAMLReaderTests {
    static let documents: [String] = [
        "id: isr\ntitle: ISR\n",
        "b: 1\na:\n  - x\n  - 2.5\n  - -3\n  - 0x1F\n  - 0o17\n  - 1e3\n  - .inf\n  - -.Inf\n  - .nan\n",
        "dates: [2026-03-01, 2027-01-31]\nyes: yes\nno: off\nnull: ~\nempty:\nt: true\nf: False\n",
        "quoted: \"1\"\nsingle: 'true'\nplain: 1\nkey with spaces: value:with colon\n",
        "prose: |\n  line one\n  line two\n\n  after blank\nfolded: >\n  folded\n  text\nstrip: |-\n  no newline\nkeep: |+\n  kept\n\n",
        "flow: {a: 1, b: [x, y, {c: d}]}\nempty_map: {}\nempty_seq: []\n",
        "base: &b\n  x: 1\n  y: [1, 2]\nuse: *b\nscalar: &s hello\nagain: *s\n",
        "tagged: !!str 123\nint: !!int \"42\"\nfloat: !!float 3\nbool: !!bool \"true\"\nnil: !!null ''\nbang: ! 12\n",
        "# comment\nid: x # trailing\nlist:\n- a\n- b\n",
        "---\nid: doc\n...\n",
        "multi line\n  plain scalar\n",
        "- 1\n- - nested\n  - seq\n- key: value\n  other: 2\n",
        "unicode: \"caf\\u00e9 \\U0001F600\"\nkana: カタカナ\nemoji_key_😀: ok\n",
        "1: numeric key\n2.5: float key\ntrue: bool key\n~: tilde key\n",
        "scalar only\n",
        "\"quoted root\"\n",
        "42\n",
        "? complex\n: value\n",
        "anchored_key: &k name\n*k : aliased key\n",
    ]

    @Test(arguments: documents)
    func readsTheSameTreeAsYAMLReader(text: String) throws {
        let expected = try YAMLReader().read(text)
        let actual = try FastYAMLReader().read(text)
        #expect(actual == expected)
        #expect(positions(of: actual) == positions(of: expected))
        #expect(try FastYAMLReader().read(Array(text.utf8)) == expected)
    }

    static let invalid: [String] = [
        "a: \"unclosed\n",
        "a: 1\n b: 2\n",
        "a: 1\na: 2\n",
        "x: 1\nb: 1\nb: 2\na: 3\na: 4\n",
        // Duplicates inside nested mappings, after sibling mappings have closed.
        "outer: 1\nsub:\n  x: 1\n  y: 2\n  x: 3\nz: 4\n",
        "a:\n  p: 1\n  q: 2\nb:\n  r: 1\n  s: {t: 1, u: 2, t: 3}\n",
        "- k: 1\n  m: {a: 1, b: 2}\n  n: 2\n  k: 2\n",
        "- {a: 1}\n- b: 1\n  c: {d: 1}\n  e: 1\n  c: 2\n",
        "a: *missing\n",
        "a: 1\n---\nb: 2\n",
        "a: !custom 1\n",
        "a: !!int nope\n",
        "a: !!float nope\n",
        "a: !!bool maybe\n",
        "[1, 2]: value\n",
        "{a: 1}: value\n",
        "",
        "# only a comment\n",
        "- [unclosed\n",
        "a: [1, 2\nb: 3\n",
        "a: !custom 1\nb: \"unclosed\n",
        "\t- tab indent\n",
    ]

    @Test(arguments: invalid)
    func failsLikeYAMLReader(text: String) {
        let expected = error { try YAMLReader().read(text) }
        let actual = error { try FastYAMLReader().read(text) }
        #expect(expected != nil)
        #expect(kind(actual) == kind(expected))
        #expect(actual?.position == expected?.position)
    }

    @Test func refusesInvalidUTF8AtTheSameOffset() {
        let bytes: [UInt8] = Array("a: ok\nb: ".utf8) + [0xC3, 0x28] + Array("\n".utf8)
        #expect(error { try FastYAMLReader().read(bytes) } == error { try YAMLReader().read(bytes) })
        #expect(error { try FastYAMLReader().read(bytes) } == .invalidUTF8(offset: 9))
    }

    @Test func limitsAliasExpansionAndDepth() {
        var bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1...6 {
            let previous = level == 1 ? "a" : "l\(level - 1)"
            bomb += "l\(level): &l\(level) [" + Array(repeating: "*\(previous)", count: 10).joined(separator: ", ") + "]\n"
        }
        let limited = FastYAMLReader(maximumNodeCount: 10_000)
        #expect(kind(error { try limited.read(bomb) }) == "aliasExpansionLimit")
        #expect(kind(error { try YAMLReader(maximumNodeCount: 10_000).read(bomb) }) == "aliasExpansionLimit")

        let deep = String(repeating: "[", count: 40) + String(repeating: "]", count: 40) + "\n"
        let shallow = FastYAMLReader(maximumDepth: 20)
        #expect(error { try shallow.read(deep) } == error { try YAMLReader(maximumDepth: 20).read(deep) })
        #expect(kind(error { try shallow.read(deep) }) == "nestingTooDeep")
    }

    @Test func agreesWithYAMLReaderOnWrittenRandomTrees() async throws {
        await propertyCheck(count: 300, input: Self.trees) { tree in
            let text = YAMLWriter.write(tree)
            let expected = try YAMLReader().read(text)
            let actual = try FastYAMLReader().read(text)
            #expect(actual == expected)
            #expect(actual == tree)
            #expect(positions(of: actual) == positions(of: expected))
        }
    }

    /// Documents in the styles people write: comments, block scalars with
    /// every chomping indicator, quoted keys, unicode, explicit document start.
    static let sampleDocuments: [String] = [
        "id: isr\ntitle: ISR\n",
        "# heading comment\nid: x\n\n# between\nlist:\n- a\n- b\nnext: 1\n",
        "empty:\nafter: 2\nnested:\n  deeper:\n    - 1\n    - two words\n    -\n      - inner\n",
        "\"quoted key\": \"caf\\u00e9 \\\"q\\\" \\x41\\t\"\n'single': 'it''s'\nplain: Japan's SDF\n",
        "prose: |\n  line one\n\n  line three\nstrip: |-\n  no newline\nkeep: |+\n  kept\n\nindicator: |2\n    leading spaces\n  kept\n",
        "sections:\n  - id: concept\n    roles:\n      - actor: sdf\n        scope: ISR over the waters\n    tasks: []\n    extra: {}\n  - id: b\n",
        "unicode: カタカナ\nkey_é: value é\nemoji: 😀 text\nurl: http://example.com/a:b\ndate: 2026-03-01\n",
        "---\nid: doc\nlast: |\n  no final newline",
        "- top\n- - 1\n",
    ]

    @Test(arguments: sampleDocuments)
    func matchesYAMLReaderOnSampleDocuments(text: String) throws {
        let expected = try YAMLReader().read(text)
        let events = try FastYAMLReader().read(text)
        #expect(events == expected)
        #expect(positions(of: events) == positions(of: expected))
    }

    /// Written trees with hand-editing noise (comments, blank lines,
    /// trailing spaces, shifted lines, stray characters): whatever the text
    /// has become, both readers agree on the tree or on the error.
    @Test func agreesWithYAMLReaderOnEditedText() async {
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
            for reader in [FastYAMLReader()] {
                let expected = Result { try YAMLReader().read(text) }
                let actual = Result { try reader.read(text) }
                switch (expected, actual) {
                case (.success(let e), .success(let a)):
                    #expect(a == e, "\(text)")
                    #expect(positions(of: a) == positions(of: e), "\(text)")
                case (.failure(let e), .failure(let a)):
                    #expect(kind(a as? DocumentError) == kind(e as? DocumentError), "\(text)")
                    #expect((a as? DocumentError)?.position == (e as? DocumentError)?.position, "\(text)")
                default:
                    Issue.record("readers disagree on:\n\(text)\nYAMLReader: \(expected)\nFastYAMLReader: \(actual)")
                }
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

/// Every node's position in document order, keys included implicitly by order.
private func positions(of node: Node) -> [SourcePosition] {
    var result = [node.position]
    switch node.content {
    case .sequence(let items): for item in items { result += positions(of: item) }
    case .mapping(let m): for value in m.values { result += positions(of: value) }
    default: break
    }
    return result
}

private func error(_ body: () throws -> Node) -> DocumentError? {
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

private func kind(_ error: DocumentError?) -> String? {
    guard let error else { return nil }
    switch error {
    case .syntax: return "syntax"
    case .aliasExpansionLimit: return "aliasExpansionLimit"
    case .nestingTooDeep: return "nestingTooDeep"
    case .unsupported: return "unsupported"
    case .invalidUTF8: return "invalidUTF8"
    case .empty: return "empty"
    }
}
