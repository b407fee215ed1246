import PlanBench
import PlanDocument
import PlanMerge
import Testing

/// Property: when the other side of a merge changes one field, every other
/// line of our text (comments included) survives byte for byte.
@Suite struct MergeBytePreservationPropertyTests {
    /// A deterministic generator (SplitMix64), so a failure names its seed.
    struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// Pointers to every single-line scalar that is not an id (changing an id is a
    /// different item) and not inside a flow list (a changed flow list is one
    /// changed node, rewritten whole in block style).
    func scalarLeaves(_ node: Node, _ pointer: JSONPointer, lines: [Substring], into out: inout [JSONPointer]) {
        switch node.content {
        case .mapping(let m):
            for (key, value) in m where key != "id" { scalarLeaves(value, pointer.appending(key), lines: lines, into: &out) }
        case .sequence(let s):
            let line = lines[node.position.line - 1]
            let isFlow = line.unicodeScalars.dropFirst(node.position.column - 1).first == "["
            guard !isFlow else { return }
            for (i, value) in s.enumerated() { scalarLeaves(value, pointer.appending(i), lines: lines, into: &out) }
        case .string(let text) where !text.contains("\n") && text.count < 60:
            out.append(pointer)
        default:
            break
        }
    }

    func setting(_ node: Node, at tokens: ArraySlice<String>, to value: Node) -> Node {
        guard let token = tokens.first else { return value }
        var copy = node
        switch node.content {
        case .mapping(var m):
            m[token] = setting(m[token]!, at: tokens.dropFirst(), to: value)
            copy.content = .mapping(m)
        case .sequence(var s):
            let i = Int(token)!
            s[i] = setting(s[i], at: tokens.dropFirst(), to: value)
            copy.content = .sequence(s)
        default:
            break
        }
        return copy
    }

    @Test func theOtherSidesOneFieldChangeKeepsEveryOtherLine() throws {
        for name in ["maritime-security", "disaster-relief", "isr-peacetime", "logistic-support"] {
            let source = try #require(EmbeddedResources.corpus["plans/\(name).yaml"])
            // Comments on both kinds of line, as planners write them.
            let text = "# \(name): kept by the working group\n" + source
                .replacingOccurrences(of: "\nstatus: ", with: "\n# lifecycle\nstatus: ")
                .replacingOccurrences(of: "        state: open\n", with: "        state: open  # checked weekly\n")
            let path = "plans/\(name).yaml"
            let ours = try DocumentReading.parse(Array(text.utf8), path: path)
            var leaves: [JSONPointer] = []
            scalarLeaves(ours, .root, lines: text.split(separator: "\n", omittingEmptySubsequences: false), into: &leaves)
            var rng = SplitMix(state: UInt64(name.utf8.count))
            for round in 0..<40 {
                let pointer = leaves[Int.random(in: 0..<leaves.count, using: &rng)]
                let theirs = setting(ours, at: pointer.tokens[...], to: Node(.string("changed-\(round)")))
                let merged = ThreeWayMerge.merge(base: ours, ours: ours, theirs: theirs)
                #expect(merged.isClean)
                let bytes = DocumentEditing.bytes(of: merged.merged, replacing: ours, in: Array(text.utf8), path: path)
                let result = String(decoding: bytes, as: UTF8.self)
                #expect(try DocumentReading.parse(bytes, path: path) == theirs)
                let before = text.split(separator: "\n", omittingEmptySubsequences: false)
                let after = result.split(separator: "\n", omittingEmptySubsequences: false)
                let changedLine = ours.node(at: pointer)!.position.line - 1
                #expect(before.count == after.count, "\(name) \(pointer): line count changed")
                let differing = zip(before, after).enumerated().filter { $0.element.0 != $0.element.1 }.map(\.offset)
                #expect(differing == [changedLine], "\(name) \(pointer): lines \(differing) differ, expected only \(changedLine + 1)")
            }
        }
    }
}
