// planbench-bench: drives the workspace API in one process, for
// Tools/bench-commit's library measurement. Not part of the product's CLI.
//
//   planbench-bench saves WORKSPACE COUNT      edit one plan and save it, COUNT times
#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import Foundation
import PlanBench

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("planbench-bench: \(message)\n".utf8))
    exit(2)
}

let arguments = Array(CommandLine.arguments.dropFirst())
guard arguments.count == 3, arguments[0] == "saves", let count = Int(arguments[2]) else {
    fail("usage: planbench-bench saves WORKSPACE COUNT")
}
do {
    let workspace = try Workspace.open(at: arguments[1])
    let author = try AuthorResolution.parse("Bench <bench@example.org>")
    let plans = try workspace.workTree.paths(in: WorkspaceLayout.plansFolder).filter { $0.hasSuffix(".yaml") }
    guard !plans.isEmpty else { fail("the workspace has no plans") }
    let start = ContinuousClock.now
    for i in 0..<count {
        let path = plans[i % plans.count]
        let file = workspace.root + "/" + path
        var text = try String(contentsOfFile: file, encoding: .utf8)
        text += "# library edit \(i)\n"
        // A plain write, like an editor saving: the measured cost is the save.
        try text.write(toFile: file, atomically: false, encoding: .utf8)
        let outcome = try workspace.save(message: "library edit \(i)", paths: [path], author: author)
        guard outcome.commit != nil else { fail("save \(i) committed nothing") }
    }
    let elapsed = ContinuousClock.now - start
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    print(String(format: "%.6f", seconds))
} catch {
    fail("\(error)")
}
