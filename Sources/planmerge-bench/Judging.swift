// Scoring each tool's merge of each scenario against the known result.
import PlanDocument

enum Verdict: String, CaseIterable {
    case cleanCorrect = "clean and correct"
    case cleanWrong = "clean but wrong"
    case conflicted = "conflicted"
}

struct Tally {
    var counts: [String: [Verdict: Int]] = [:]

    mutating func add(_ kind: String, _ verdict: Verdict) { counts[kind, default: [:]][verdict, default: 0] += 1 }

    func count(_ kind: String?, _ verdict: Verdict) -> Int {
        if let kind { return counts[kind]?[verdict] ?? 0 }
        return counts.values.reduce(0) { $0 + ($1[verdict] ?? 0) }
    }
}

/// The verdict on one tool's output: exit 0 with a document equal (as JSON
/// data) to one of the expected results is correct; exit 0 otherwise, or
/// unreadable YAML, is wrong; exit 1 is a conflict. For a true conflict,
/// "clean" is always wrong.
func judge(exitCode: Int, output: String?, expected: [Node]) -> Verdict {
    guard exitCode == 0 else { return .conflicted }
    guard let output, let merged = try? YAMLReader().read(output) else { return .cleanWrong }
    return expected.contains { merged.isJSONEqual(to: $0) } ? .cleanCorrect : .cleanWrong
}
