import PropertyBased
import Testing
@testable import PlanDocument

@Suite struct YAMLWriterTests {
    static let plan: Node = [
        "id": "isr",
        "title": "ISR: peacetime",
        "lastReviewed": "2026-01-31",
        "sections": [
            [
                "id": "concept",
                "prose": "First line.\nSecond line: with colon.\n",
                "roles": [["actor": "sdf", "responsibility": "primary"]],
                "empty": [],
                "nothing": nil,
            ],
            ["id": "x", "tasks": [["n": 1, "ok": true, "ratio": 0.5]], "nested": [[1, 2], ["a"]]],
        ],
    ]

    @Test func writesCanonicalBlockStyle() {
        let text = YAMLWriter.write(Self.plan)
        #expect(text.hasPrefix("id: isr\ntitle: \"ISR: peacetime\"\nlastReviewed: 2026-01-31\nsections:\n  - id: concept\n    prose: |\n      First line.\n      Second line: with colon.\n"))
    }

    @Test func roundTripsAndIsStable() throws {
        let text = YAMLWriter.write(Self.plan)
        let reread = try YAMLReader().read(text)
        #expect(reread == Self.plan)
        #expect(YAMLWriter.write(reread) == text)
    }

    @Test(arguments: [
        "", " lead", "trail ", "yes", "No", "null", "~", "12", "1.0", "true", "a: b", "a #b", "-x", "#x",
        "line1\nline2", "line1\n\nline3\n", "  indented\nnext", "tab\there", "quote\"s", "back\\slash",
        "\u{7}bell", "ends with newline\n", "two newlines\n\n", "\n", "trailing space \nx", "é ünï 日本", "@at",
        "2026-01-31", "0x10", ".inf", "key:", "x: ", "[a]", "{b}", "*alias", "&anchor", "!tag", "%pct", "|pipe",
    ])
    func stringsSurviveWriting(text: String) throws {
        let node: Node = ["v": .init(.string(text)), "list": [.init(.string(text))]]
        let reread = try YAMLReader().read(YAMLWriter.write(node))
        #expect(reread == node)
    }

    @Test func randomTreesRoundTrip() async {
        await propertyCheck(count: 300, input: Gen.int(in: 0...Int.max)) { seed in
            var rng = SplitMix(seed: UInt64(seed))
            let node = randomNode(depth: 3, words: randomWords, rng: &rng, root: true)
            let text = YAMLWriter.write(node)
            let reread = try? YAMLReader().read(text)
            #expect(reread == node, "\(text)")
            if let reread { #expect(YAMLWriter.write(reread) == text) }
        }
    }
}

let randomWords = ["id", "title", "a b", "yes", "12", "x:y", "line\nline", "é", "", "-", "null", "# c", "t\tab", "ends\n"]

struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

func randomNode(depth: Int, words: [String], rng: inout SplitMix, root: Bool = false) -> Node {
    let choice = root ? 7 : Int.random(in: 0...(depth > 0 ? 8 : 5), using: &rng)
    switch choice {
    case 0: return Node(.integer(Int.random(in: -1000...1000, using: &rng)))
    case 1: return Node(.number(Double(Int.random(in: -1000...1000, using: &rng)) / 8))
    case 2: return Node(.bool(Bool.random(using: &rng)))
    case 3: return .null
    case 4, 5: return Node(.string(words.randomElement(using: &rng)!))
    case 6:
        let count = Int.random(in: 0...3, using: &rng)
        return Node(.sequence((0..<count).map { _ in randomNode(depth: depth - 1, words: words, rng: &rng) }))
    default:
        var node = Node(.mapping([:]))
        for _ in 0..<Int.random(in: 0...4, using: &rng) {
            node[words.randomElement(using: &rng)!] = randomNode(depth: depth - 1, words: words, rng: &rng)
        }
        return node
    }
}
