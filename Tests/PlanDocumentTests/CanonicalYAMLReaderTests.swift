import OrderedCollections
import PropertyBased
import Testing

@testable import PlanDocument

/// The fast reader for YAMLWriter's style must agree with the general reader,
/// positions included, on everything it accepts.
@Suite struct CanonicalYAMLReaderTests {
    static let strings = [
        "plain", "two words", "Wide-area ISR", "", " leading", "trailing ", "a: b", "a #b", "#x", "-x", "- x", "?x",
        "yes", "No", "null", "~", "true", "1", "-5", "1.5", "0x1F", "1e3", ".inf", "x:", "\"quoted\"", "back\\slash",
        "line\nbreak", "two\nlines\n", "trailing\n\n", "\nleading newline", "  indented\nsecond", "tab\there", "sp \n x", " \nx", "a \u{301}\nb", "x\n \u{301}y\n", "\r\n", "a\r\nb\n",
        "日本語のテキスト", "emoji 🙂 ok", "colon:inside", "http://example.com/a#b", "[x]", "{y}", "|", ">", "@at", "`tick",
        "IV.A.1", "2026-03-01", "P1Y", "sha256:abc", "UNCLASSIFIED//FOR TRAINING", "a\u{7F}b", "nel\u{85}x", "ls\u{2028}ps\u{2029}", "\u{FEFF}bom",
    ]

    static func tree(_ rng: inout any SeededRandomNumberGenerator, depth: Int) -> Node {
        let choice = depth >= 4 ? Int.random(in: 0..<6, using: &rng) : Int.random(in: 0..<9, using: &rng)
        switch choice {
        case 0: return .null
        case 1: return Node(.bool(Bool.random(using: &rng)))
        case 2: return Node(.integer(Int.random(in: -1000...1000, using: &rng)))
        case 3: return Node(.number([0.5, -2.25, 1e20, 3.0, .infinity][Int.random(in: 0..<5, using: &rng)]))
        case 4, 5: return Node(.string(strings[Int.random(in: 0..<strings.count, using: &rng)]))
        case 6:
            return Node(.sequence((0..<Int.random(in: 0...4, using: &rng)).map { _ in tree(&rng, depth: depth + 1) }))
        default:
            var m = OrderedDictionary<String, Node>()
            for _ in 0..<Int.random(in: 0...4, using: &rng) {
                m[strings[Int.random(in: 0..<strings.count, using: &rng)]] = tree(&rng, depth: depth + 1)
            }
            return Node(.mapping(m))
        }
    }

    static let trees = Generator<Node, Shrink.None<Node>> { rng in tree(&rng, depth: 0) }

    func positions(_ node: Node) -> [SourcePosition] {
        switch node.content {
        case .sequence(let s): [node.position] + s.flatMap(positions)
        case .mapping(let m): [node.position] + m.values.flatMap(positions)
        default: [node.position]
        }
    }

    @Test func agreesWithTheGeneralReaderOnWrittenDocuments() async throws {
        var accepted = 0
        await propertyCheck(count: 2_000, input: Self.trees) { node in
            let text = YAMLWriter.write(node)
            guard let slow = try? YAMLReader().read(text) else { return }
            if let fast = YAMLReader().readCanonical(text) {
                accepted += 1
                #expect(fast == slow, "\(text)")
                #expect(positions(fast) == positions(slow), "\(text)")
            }
        }
        // The fast path must carry most written documents, or it is not worth having.
        #expect(accepted >= 1_200, "accepted \(accepted) of 2000")
    }

    @Test func acceptsWrittenPlans() throws {
        let plan = try YAMLReader().read("""
            id: isr
            title: Bilateral ISR
            parties:
              - japan
              - united-states
            sections:
              - id: concept
                prose: |
                  First line.

                  Third line: after a blank one.
                tasks:
                  - id: t1
                    due: 2027-01-31
                    done: false
                  - - nested
                    - 2
                empty: []
                none: {}
                quoted: "a: b"
                count: -3
            """)
        let text = YAMLWriter.write(plan)
        let fast = try #require(YAMLReader().readCanonical(text))
        #expect(fast == (try YAMLReader().read(text)))
        #expect(positions(fast) == positions(try YAMLReader().read(text)))
    }

    @Test(arguments: ["a: 1 # comment\n", "a: &x 1\nb: *x\n", "a: [1, 2]\n", "a:\n- 1\n", "a: 'single'\n", "a: !!str 1\n", "---\na: 1\n", "a:\tb\n", "a: 1\na: 2\n", "a:  spaced\n", "-  x\n", "a: x\u{2028}y\n", "a: x\u{85}y\n", "a: |\n  x\n\nb: 1\n", "a:\n  b\n"])
    func declinesOtherStyles(_ text: String) {
        #expect(YAMLReader().readCanonical(text) == nil)
    }
}
