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

/// Appends `text` with one `write(2)`, without the fsync Foundation's writers add.
func append(_ text: String, to file: String) throws {
    let descriptor = open(file, O_WRONLY | O_APPEND)
    guard descriptor >= 0 else { fail("cannot open \(file)") }
    defer { close(descriptor) }
    let bytes = Array(text.utf8)
    guard write(descriptor, bytes, bytes.count) == bytes.count else { fail("cannot append to \(file)") }
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
    // Only the saves are timed, as bench-commit times only `git add` + `git commit`
    // in its loop; the edit is a plain append, like the loop's.
    var elapsed = Duration.zero
    for i in 0..<count {
        let path = plans[i % plans.count]
        try append("# library edit \(i)\n", to: workspace.root + "/" + path)
        let start = ContinuousClock.now
        let outcome = try workspace.save(message: "library edit \(i)", paths: [path], author: author)
        elapsed += ContinuousClock.now - start
        guard outcome.commit != nil else { fail("save \(i) committed nothing") }
    }
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    print(String(format: "%.6f", seconds))
} catch {
    fail("\(error)")
}
