// planmerge-bench: the merge benchmark's driver. It writes concurrent-edit
// scenarios from example plans, scores the merges Tools/bench-merge ran, and
// times the merge engine alone. Timing lives here, not in unit tests.
import PlanBenchCLI
import PlanDocument
import PlanMerge

import Foundation

func fail(_ message: String) -> Never {
    print("planmerge-bench: \(message)")
    exit(2)
}

func option(_ name: String, in arguments: [String]) -> String? {
    guard let i = arguments.firstIndex(of: name), i + 1 < arguments.count else { return nil }
    return arguments[i + 1]
}

func readText(_ path: String) -> String? {
    FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) }
}

func writeText(_ text: String, to path: String) {
    do { try Data(text.utf8).write(to: URL(fileURLWithPath: path)) } catch { fail("cannot write \(path): \(error)") }
}

func loadPlans(_ directory: String) -> [Node] {
    guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else {
        fail("no plan directory at \(directory)")
    }
    let plans = names.filter { $0.hasSuffix(".yaml") }.sorted().compactMap { name -> Node? in
        guard let text = readText(directory + "/" + name), let node = try? YAMLReader().read(text),
            node["sections"]?.sequence != nil
        else { return nil }
        return node
    }
    guard !plans.isEmpty else { fail("no plans with sections in \(directory)") }
    return plans
}

// MARK: scenarios

func writeScenarios(_ arguments: [String]) {
    guard let source = option("--source", in: arguments), let out = option("--out", in: arguments) else {
        fail("usage: planmerge-bench scenarios --source DIR --out DIR [--count N] [--seed S]")
    }
    let count = Int(option("--count", in: arguments) ?? "600") ?? 600
    let seed = UInt64(option("--seed", in: arguments) ?? "2015") ?? 2015
    let plans = loadPlans(source)
    var factory = ScenarioFactory(plans: plans, seed: seed)
    try? FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
    let kinds = Scenario.Kind.allCases
    var written = 0
    var attempt = 0
    var perKind: [Scenario.Kind: Int] = [:]
    while written < count && attempt < count * 20 {
        // Kinds take turns by attempt, so a kind the plans cannot supply does not stall the
        // others, and each kind stops at its share of the count.
        let kind = kinds[attempt % kinds.count]
        let plan = plans[(attempt / kinds.count) % plans.count]
        attempt += 1
        let share = count / kinds.count + (kinds.firstIndex(of: kind)! < count % kinds.count ? 1 : 0)
        guard perKind[kind, default: 0] < share else { continue }
        guard let s = factory.make(kind, from: plan), s.ours != s.base, s.theirs != s.base, s.ours != s.theirs,
            s.expected.allSatisfy({ $0 != s.ours && $0 != s.theirs })
        else { continue }
        let directory = out + "/" + String(format: "%04d", written) + "-" + kind.rawValue
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        writeText(YAMLWriter.write(s.base), to: directory + "/base.yaml")
        writeText(YAMLWriter.write(s.ours), to: directory + "/ours.yaml")
        writeText(YAMLWriter.write(s.theirs), to: directory + "/theirs.yaml")
        for (i, expected) in s.expected.enumerated() {
            writeText(YAMLWriter.write(expected), to: directory + "/expected-\(i).yaml")
        }
        writeText(kind.rawValue + "\n", to: directory + "/kind")
        written += 1
        perKind[kind, default: 0] += 1
    }
    print("wrote \(written) scenarios to \(out)")
}

// MARK: judge

func judgeScenarios(_ arguments: [String]) {
    guard let directory = arguments.dropFirst().first(where: { !$0.hasPrefix("-") }) else {
        fail("usage: planmerge-bench judge DIR")
    }
    // git: `git merge-file --diff3` (Myers in git 2.39); git-ort: `git merge-tree` (ort, histogram).
    let tools = ["planbench", "git", "git-ort"]
    var tallies = [String: Tally]()
    var gitConflictedPlanbenchCorrect: [String: Int] = [:]
    var gitConflictedTotal: [String: Int] = [:]
    let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).sorted()
    var wrong: [String] = []
    for name in names {
        let path = directory + "/" + name
        guard let kind = readText(path + "/kind")?.trimmingCharacters(in: .whitespacesAndNewlines) else { continue }
        var expected: [Node] = []
        var i = 0
        while let text = readText(path + "/expected-\(i).yaml") {
            expected.append(try! YAMLReader().read(text))
            i += 1
        }
        var verdicts: [String: Verdict] = [:]
        for tool in tools {
            guard let code = readText(path + "/\(tool).exit").flatMap({ Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }) else {
                fail("\(path): no \(tool).exit; run Tools/bench-merge")
            }
            let verdict = judge(exitCode: code, output: readText(path + "/\(tool).yaml"), expected: expected)
            verdicts[tool] = verdict
            tallies[tool, default: Tally()].add(kind, verdict)
            if tool == "planbench" && verdict == .cleanWrong { wrong.append(name) }
        }
        for git in ["git", "git-ort"] where kind != Scenario.Kind.trueConflict.rawValue && verdicts[git] == .conflicted {
            gitConflictedTotal[git, default: 0] += 1
            if verdicts["planbench"] == .cleanCorrect { gitConflictedPlanbenchCorrect[git, default: 0] += 1 }
        }
    }
    let kinds = Scenario.Kind.allCases.map(\.rawValue)
    func pad(_ s: String, _ n: Int) -> String { s + String(repeating: " ", count: max(0, n - s.count)) }
    print(pad("scenario kind", 22) + tools.map { pad("\($0): ok / wrong / conflict", 32) }.joined())
    for kind in kinds + ["all"] {
        let k: String? = kind == "all" ? nil : kind
        var line = pad(kind, 22)
        for tool in tools {
            let t = tallies[tool] ?? Tally()
            line += pad("\(t.count(k, .cleanCorrect)) / \(t.count(k, .cleanWrong)) / \(t.count(k, .conflicted))", 32)
        }
        print(line)
    }
    let conflictKind = Scenario.Kind.trueConflict.rawValue
    let trueConflicts = (tallies["planbench"] ?? Tally()).counts[conflictKind]?.values.reduce(0, +) ?? 0
    print("")
    for git in ["git", "git-ort"] {
        let total = gitConflictedTotal[git] ?? 0
        let resolved = gitConflictedPlanbenchCorrect[git] ?? 0
        print("\(git) conflicted on \(total) scenarios that have a correct merge; planbench merged \(resolved) of them cleanly and correctly"
            + (total > 0 ? String(format: " (%.1f%%)", 100.0 * Double(resolved) / Double(total)) : ""))
    }
    for tool in tools {
        print("\(tool): reported \((tallies[tool] ?? Tally()).count(conflictKind, .conflicted)) of \(trueConflicts) true conflicts")
    }
    if !wrong.isEmpty { print("planbench clean but wrong: \(wrong.joined(separator: ", "))") }
}

// MARK: dispatch

let arguments = Array(CommandLine.arguments.dropFirst())
switch arguments.first {
case "scenarios": writeScenarios(arguments)
case "judge": judgeScenarios(arguments)
case "timing": runTiming(arguments)
case "merge-file": MergeFileCommand.main(Array(arguments.dropFirst()))
default:
    fail("usage: planmerge-bench scenarios|judge|timing|merge-file ...")
}
