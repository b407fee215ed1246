import Foundation
import PlanBench
import PlanDocument
import Testing

/// Property: random sequences of editing commands on example plans, with
/// comments added, leave every line that does not belong to what the command
/// named (its section, or its task) unchanged, byte for byte.
@Suite struct EditingBytePreservationTests {
    /// SplitMix64, so a failure names its seed and replays.
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

    /// What a command names: a section (by id) or a task (by id).
    enum Named: CustomStringConvertible {
        case section(old: String?, new: String?)
        case task(String)

        var description: String {
            switch self {
            case .section(let old, let new): "section \(old ?? "-") -> \(new ?? "-")"
            case .task(let id): "task \(id)"
            }
        }
    }

    static let actors = ["japan", "sdf", "us-forces", "united-states", "acm", "jcg"]
    static let responsibilities = ["primary", "support-and-supplement", "cooperate", "coordinate", "lead", "support"]
    static let citable = ["IV.A.1", "IV.A.3", "IV.B.2", "III.A", "VI.A", "IV.D.3", "IV.E"]
    static let proses = ["", "One line of prose.\n", "First line of a longer text\nthat runs over two lines.\n"]

    /// Comments as planners write them: a header, inline remarks on top-level
    /// keys, a remark inside every section and every task.
    static func commented(_ text: String) -> String {
        var out = ["# Draft held by the J5 planning cell; keep these comments"]
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("status: ") || line.hasPrefix("edition: ") {
                out.append(line + "  # confirmed")
            } else if line == "sections:" {
                out.append("# The sections follow in reading order")
                out.append(String(line))
            } else if line.hasPrefix("    title: ") {
                out.append(line + "  # title agreed")
                out.append("    # note: keep in step with the annex")
            } else if line.hasPrefix("        title: ") {
                out.append(line + "  # owner confirmed")
                out.append("        # task remark")
            } else {
                out.append(String(line))
            }
        }
        return out.joined(separator: "\n")
    }

    /// The line ranges of a block sequence's items, split as YAMLTextEditor
    /// splits them: an item's trailing comments and blank lines at or left of
    /// its dash go with the next item.
    static func itemRanges(_ sequence: Node, lines: [Substring], limit: Int) -> [Range<Int>] {
        guard let items = sequence.sequence, !items.isEmpty, sequence.position.isKnown else { return [] }
        let indent = sequence.position.column - 1
        func isBlankOrComment(_ line: Substring) -> Bool {
            let rest = line.drop { $0 == " " }
            return rest.isEmpty || rest.first == "#"
        }
        func indentation(_ line: Substring) -> Int { line.prefix { $0 == " " }.count }
        let starts = items.map { $0.position.line - 1 }
        var end = limit
        var j = starts.last! + 1
        while j < limit {
            let line = lines[j]
            if !isBlankOrComment(line) {
                let i = indentation(line)
                if i < indent || (i == indent && !line.dropFirst(indent).hasPrefix("-")) { end = j; break }
            }
            j += 1
        }
        var ranges: [Range<Int>] = []
        var previousEnd = starts[0]
        for (n, start) in starts.enumerated() {
            var bodyEnd = n + 1 < starts.count ? starts[n + 1] : end
            while bodyEnd > start + 1, isBlankOrComment(lines[bodyEnd - 1]), indentation(lines[bodyEnd - 1]) <= indent || lines[bodyEnd - 1].allSatisfy({ $0 == " " }) {
                bodyEnd -= 1
            }
            ranges.append(previousEnd..<bodyEnd)
            previousEnd = bodyEnd
        }
        return ranges
    }

    /// The lines of `text` without those of the named item.
    static func otherLines(_ text: String, without named: Named, old: Bool) throws -> [Substring] {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let tree = try DocumentReading.parse(Array(text.utf8), path: "plans/x.yaml")
        let sectionsNode = try #require(tree["sections"])
        let sections = sectionsNode.sequence ?? []
        let sectionRanges = itemRanges(sectionsNode, lines: lines, limit: lines.count)
        var drop: Range<Int>?
        switch named {
        case .section(let oldID, let newID):
            if let id = old ? oldID : newID, let i = sections.firstIndex(where: { $0["id"]?.string == id }) { drop = sectionRanges[i] }
        case .task(let id):
            for (i, section) in sections.enumerated() {
                guard let tasks = section["tasks"], let t = (tasks.sequence ?? []).firstIndex(where: { $0["id"]?.string == id }) else { continue }
                drop = itemRanges(tasks, lines: lines, limit: sectionRanges[i].upperBound)[t]
            }
        }
        guard let drop else { return lines }
        return Array(lines[..<drop.lowerBound] + lines[drop.upperBound...])
    }

    /// A random command on the plan as it is now, and what it names; nil when
    /// the plan offers nothing for the chosen kind.
    static func randomCommand(plan planID: String, tree: Node, step: Int, using rng: inout SplitMix) -> ([String], Named)? {
        let sections = tree["sections"]?.sequence ?? []
        let ids = sections.compactMap { $0["id"]?.string }
        let section = ids.randomElement(using: &rng)!
        let node = sections[ids.firstIndex(of: section)!]
        switch Int.random(in: 0..<11, using: &rng) {
        case 0:
            var arguments = ["section", "add", planID, "s\(step)", "--title", "Section \(step)"]
            switch Int.random(in: 0..<3, using: &rng) {
            case 0: arguments += ["--first"]
            case 1: arguments += ["--after", ids.randomElement(using: &rng)!]
            default: break
            }
            return (arguments, .section(old: nil, new: "s\(step)"))
        case 1:
            let others = ids.filter { $0 != section }
            guard let after = others.randomElement(using: &rng) else { return nil }
            let arguments = Bool.random(using: &rng) ? ["--first"] : ["--after", after]
            return (["section", "move", planID, section] + arguments, .section(old: section, new: section))
        case 2:
            return (["section", "rename", planID, section, "r\(step)"], .section(old: section, new: "r\(step)"))
        case 3:
            guard ids.count > 1 else { return nil }
            return (["section", "remove", planID, section, "--force"], .section(old: section, new: nil))
        case 4:
            let cited = Set((node["citations"]?.sequence ?? []).compactMap { $0["section"]?.string })
            guard let g = citable.filter({ !cited.contains($0) }).randomElement(using: &rng) else { return nil }
            return (["cite", planID, section, g], .section(old: section, new: section))
        case 5:
            guard let c = (node["citations"]?.sequence ?? []).randomElement(using: &rng), let g = c["section"]?.string else { return nil }
            return (["uncite", planID, section, g, "--edition", c["edition"]?.string ?? "jus-2015"], .section(old: section, new: section))
        case 6:
            var arguments = ["role", "set", planID, section, actors.randomElement(using: &rng)!, responsibilities.randomElement(using: &rng)!]
            if Bool.random(using: &rng) { arguments += ["--scope", "scope \(step)"] }
            return (arguments, .section(old: section, new: section))
        case 7:
            guard let actor = (node["roles"]?.sequence ?? []).compactMap({ $0["actor"]?.string }).randomElement(using: &rng) else { return nil }
            return (["role", "remove", planID, section, actor], .section(old: section, new: section))
        case 8:
            return (
                ["task", "add", planID, section, "t\(step)", "--title", "Task \(step)", "--owner", actors.randomElement(using: &rng)!,
                 "--due", "2027-0\(Int.random(in: 1...9, using: &rng))-15"],
                .section(old: section, new: section))
        case 9:
            let tasks = sections.flatMap { $0["tasks"]?.sequence ?? [] }.compactMap { $0["id"]?.string }
            guard let task = tasks.randomElement(using: &rng) else { return nil }
            var arguments = ["task", "set", planID, task]
            switch Int.random(in: 0..<3, using: &rng) {
            case 0: arguments += ["--state", ["open", "in-progress", "done", "blocked"].randomElement(using: &rng)!]
            case 1: arguments += ["--due", "2028-0\(Int.random(in: 1...9, using: &rng))-01"]
            default: arguments += ["--owner", actors.randomElement(using: &rng)!]
            }
            return (arguments, .task(task))
        default:
            // A refused command: an unknown section. It must leave the file as it was.
            return (["role", "set", planID, section + "-nosuch", "sdf", "primary"], .section(old: nil, new: nil))
        }
    }

    @Test(arguments: [
        ("maritime-security", UInt64(17)), ("disaster-relief", 1017), ("noncombatant-evacuation", 2017), ("isr-peacetime", 3017),
        ("rear-area-support-1997", 4017), ("air-missile-defense", 5017),
    ])
    func randomEditsKeepEveryOtherLine(plan: String, seed: UInt64) throws {
        let scratch = ScratchDirectory()
        let init_ = planbench(["init", "--example", "ws"], in: scratch.path)
        try #require(init_.status == 0, "\(init_.stderr)")
        let ws = scratch.file("ws")
        let path = ws + "/plans/\(plan).yaml"
        var text = Self.commented(try String(contentsOfFile: path, encoding: .utf8))
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        var rng = SplitMix(state: seed)
        var applied = 0
        for step in 0..<30 {
            let tree = try DocumentReading.parse(Array(text.utf8), path: "plans/\(plan).yaml")
            guard let (arguments, named) = Self.randomCommand(plan: plan, tree: tree, step: step, using: &rng) else { continue }
            let result = planbench(arguments, in: ws, environment: ["PLANBENCH_TODAY": "2026-11-26"])
            let after = try String(contentsOfFile: path, encoding: .utf8)
            let context = "seed \(seed) step \(step): planbench \(arguments.joined(separator: " "))"
            if case .section(nil, nil) = named {
                #expect(result.status == 2 && after == text, "\(context): a refused command changed the file")
                continue
            }
            // A command the plan's rules refuse (a second role for an actor, say) writes nothing.
            guard result.status == 0 else {
                #expect(after == text, "\(context) failed (\(result.stderr)) and changed the file")
                continue
            }
            applied += 1
            let before = try Self.otherLines(text, without: named, old: true)
            let now = try Self.otherLines(after, without: named, old: false)
            #expect(before == now, "\(context): lines outside \(named) changed\n--- before\n\(text)\n--- after\n\(after)")
            if before != now { return }
            #expect(after.hasPrefix("# Draft held by the J5 planning cell; keep these comments\n"))
            text = after
        }
        #expect(applied >= 15, "seed \(seed): only \(applied) commands applied")
        let validate = planbench(["validate", "plans/\(plan).yaml", "--format", "json"], in: ws)
        let problems = try JSONSerialization.jsonObject(with: Data(validate.stdout.utf8)) as? [[String: Any]] ?? []
        #expect(!problems.contains { $0["severity"] as? String == "error" }, "\(validate.stdout)")
    }
}
