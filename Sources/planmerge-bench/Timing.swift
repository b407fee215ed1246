// Timing the merge engine alone: trees already in memory, one process, one
// thread. Documents are built from the example plans by repeating their
// sections under new ids until they reach the wanted size.
import Foundation
import PlanDocument
import PlanMerge

/// A plan of about `bytes` bytes of YAML, made of the example plans' sections.
func sizedPlan(_ plans: [Node], bytes: Int, tag: String) -> Node {
    var sections: [Node] = []
    var size = YAMLWriter.write(plans[0]).utf8.count
    var n = 0
    let all = plans.flatMap { $0["sections"]?.sequence ?? [] }
    while size < bytes {
        var section = all[n % all.count]
        section["id"] = Node(.string("\(section["id"]?.string ?? "s")-\(tag)\(n)"))
        size += YAMLWriter.write(["x": [section]]).utf8.count
        sections.append(section)
        n += 1
    }
    var plan = plans[0]
    plan["sections"] = Node(.sequence(sections))
    return plan
}

/// Two sides' scattered edits of one plan: titles, task states and prose
/// words on each side, a section moved by ours, a section added by theirs.
func concurrentEdits(of plan: Node, seed: UInt64) -> (ours: Node, theirs: Node) {
    var factory = ScenarioFactory(plans: [plan], seed: seed)
    let count = plan["sections"]?.sequence?.count ?? 0
    var ours = plan
    var theirs = plan
    let edits = max(2, min(20, count / 4))
    for k in 0..<edits {
        let s = (k * 2 * count) / (2 * edits)  // ours: even slots, theirs: odd slots
        let t = min(count - 1, s + max(1, count / (2 * edits)))
        ours = factory.titleEdit("/sections/\(s)/title", in: plan)(ours)
        if let e = factory.proseWordEdit(plan, "/sections/\(t)/prose", sentence: 0) { theirs = e.edit(theirs) }
        if (plan.node(at: "/sections/\(t)/tasks")?.sequence?.count ?? 0) > 0 {
            theirs = factory.taskStateEdit(plan, section: t, task: 0)(theirs)
        }
    }
    ours = ours.moving(in: "/sections", from: count - 1, to: 0)
    theirs = theirs.inserting(["id": "added-by-theirs", "title": "Added", "prose": "New text.\n"], in: "/sections", at: count / 2)
    return (ours, theirs)
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted[sorted.count / 2]
}

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

func runTiming(_ arguments: [String]) {
    guard let source = option("--source", in: arguments) else {
        fail("usage: planmerge-bench timing --source DIR [--out DIR]")
    }
    let plans = loadPlans(source)
    let clock = ContinuousClock()

    // One 1 MB document.
    let big = sizedPlan(plans, bytes: 1_048_576, tag: "m")
    let (bigOurs, bigTheirs) = concurrentEdits(of: big, seed: 1)
    let bigBytes = YAMLWriter.write(big).utf8.count
    var bigTimes: [Double] = []
    var bigResult = ThreeWayMerge.merge(base: big, ours: bigOurs, theirs: bigTheirs)
    for _ in 0..<21 {
        let elapsed = clock.measure { bigResult = ThreeWayMerge.merge(base: big, ours: bigOurs, theirs: bigTheirs) }
        bigTimes.append(seconds(elapsed))
    }
    print(String(format: "engine, 1 MB document (%d bytes, %d nodes, %d conflicts): median %.1f ms, min %.1f ms, max %.1f ms over 21 merges",
                 bigBytes, big.nodeCount, bigResult.conflicts.count, median(bigTimes) * 1000, bigTimes.min()! * 1000, bigTimes.max()! * 1000))

    // The same document with conflicts: both sides also retitle 20 sections differently.
    var conflictingTheirs = bigTheirs
    for k in 0..<20 {
        let s = (k * 2 * (big["sections"]?.sequence?.count ?? 1)) / 40
        conflictingTheirs = conflictingTheirs.setting(JSONPointer("/sections/\(s)/title"), to: Node(.string("Retitled \(k)")))
    }
    var conflictTimes: [Double] = []
    var conflictResult = ThreeWayMerge.merge(base: big, ours: bigOurs, theirs: conflictingTheirs)
    for _ in 0..<21 {
        conflictTimes.append(seconds(clock.measure { conflictResult = ThreeWayMerge.merge(base: big, ours: bigOurs, theirs: conflictingTheirs) }))
    }
    print(String(format: "engine, 1 MB document with conflicts (%d conflicts): median %.1f ms over 21 merges",
                 conflictResult.conflicts.count, median(conflictTimes) * 1000))

    // Reading and writing, which `merge-file` adds to the engine's time.
    let bigText = YAMLWriter.write(big)
    var readTimes: [Double] = []
    var writeTimes: [Double] = []
    for _ in 0..<5 {
        readTimes.append(seconds(clock.measure { _ = try? YAMLReader().read(bigText) }))
        writeTimes.append(seconds(clock.measure { _ = YAMLWriter.write(bigResult.merged) }))
    }
    print(String(format: "document layer, 1 MB: YAMLReader.read median %.0f ms, YAMLWriter.write median %.0f ms",
                 median(readTimes) * 1000, median(writeTimes) * 1000))

    // Many 50 KB documents.
    let small = (0..<20).map { i -> (Node, Node, Node) in
        var generator = SeededGenerator(seed: UInt64(i))
        let plan = sizedPlan(plans.shuffled(using: &generator), bytes: 50_000, tag: "k\(i)-")
        let (o, t) = concurrentEdits(of: plan, seed: UInt64(100 + i))
        return (plan, o, t)
    }
    let smallBytes = small.map { YAMLWriter.write($0.0).utf8.count }
    var merged = 0
    var conflicts = 0
    let start = clock.now
    while clock.now - start < .seconds(2) {
        for (b, o, t) in small {
            conflicts += ThreeWayMerge.merge(base: b, ours: o, theirs: t).conflicts.count
            merged += 1
        }
    }
    let elapsed = seconds(clock.now - start)
    print(String(format: "engine, 50 KB documents (%d-%d bytes): %.0f merges per second (%d merges in %.2f s, %d conflicts)",
                 smallBytes.min()!, smallBytes.max()!, Double(merged) / elapsed, merged, elapsed, conflicts))

    if let out = option("--out", in: arguments) {
        try? FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        writeText(YAMLWriter.write(big), to: out + "/base.yaml")
        writeText(YAMLWriter.write(bigOurs), to: out + "/ours.yaml")
        writeText(YAMLWriter.write(bigTheirs), to: out + "/theirs.yaml")
    }
}
