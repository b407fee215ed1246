import Foundation
import PlanBench
import PlanBenchCLI
import Testing

/// A scratch directory per test, removed afterwards; tests never chdir.
final class ScratchDirectory {
    let path: String

    init(_ name: String = #function) {
        let safe = name.filter { $0.isLetter || $0.isNumber }
        path = FileManager.default.temporaryDirectory
            .appendingPathComponent("planbench-test-\(safe)-\(UUID().uuidString.prefix(8))").path
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    func file(_ relative: String) -> String { path + "/" + relative }

    func write(_ relative: String, _ text: String) throws {
        let full = file(relative)
        try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: full))
    }

    func read(_ relative: String) throws -> String {
        String(decoding: try Data(contentsOf: URL(fileURLWithPath: file(relative))), as: UTF8.self)
    }
}

/// The result of running planbench in-process.
struct RunResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Runs planbench in-process from `directory`, with a fixed author and no colour.
func planbench(
    _ arguments: [String], in directory: String, environment extra: [String: String] = [:], stderrIsTerminal: Bool = false
) -> RunResult {
    let output = CapturedOutput(errorIsTerminal: stderrIsTerminal)
    var environment = ["PLANBENCH_AUTHOR": "Test Author <test@example.org>", "NO_COLOR": "1", "HOME": "/nonexistent"]
    environment.merge(extra) { $1 }
    let status = CommandRunner.run(
        arguments, invocation: Invocation(console: output.console, environment: environment, currentDirectory: directory))
    return RunResult(status: status, stdout: output.stdout, stderr: output.stderr)
}

/// Runs an external program and returns its status and output.
@discardableResult
func runProcess(_ executable: String, _ arguments: [String], in directory: String? = nil, environment: [String: String]? = nil) throws -> RunResult {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
    if let environment { process.environment = environment.merging(sanitizerEnvironment) { mine, _ in mine } }
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return RunResult(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errData, as: UTF8.self))
}

/// The sanitizer settings of this process (Tools/test --sanitize sets them), for
/// child processes started with an environment of their own: a sanitized
/// planbench otherwise runs LeakSanitizer at exit and fails on libgit2's and the
/// Swift runtime's process-lifetime allocations.
let sanitizerEnvironment: [String: String] = ProcessInfo.processInfo.environment.filter {
    ["ASAN_OPTIONS", "TSAN_OPTIONS", "LSAN_OPTIONS", "UBSAN_OPTIONS"].contains($0.key)
}

/// The `git` program, used by tests only to cross-check what planbench wrote.
let gitExecutable: String? = ["/usr/bin/git", "/usr/local/bin/git"].first { FileManager.default.isExecutableFile(atPath: $0) }

/// Runs git in a repository with a fixed identity, for cross-checks.
func git(_ arguments: [String], in directory: String) throws -> RunResult {
    guard let gitExecutable else {
        throw TestEnvironmentError.missing("the git program (apt-get install git) is needed to cross-check repositories")
    }
    return try runProcess(gitExecutable, ["-C", directory] + arguments, environment: ["HOME": "/nonexistent", "GIT_CONFIG_NOSYSTEM": "1", "PATH": "/usr/bin:/bin"])
}

enum TestEnvironmentError: Error, CustomStringConvertible {
    case missing(String)
    var description: String {
        switch self { case .missing(let what): "missing: \(what)" }
    }
}

/// The built `planbench` executable, for tests that need real processes.
func planbenchExecutable() throws -> String {
    let candidates = [
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("planbench").path,
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent(".build/debug/planbench").path,
    ]
    guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
        throw TestEnvironmentError.missing("the planbench executable; build it first (swift build --build-tests), looked in \(candidates)")
    }
    return found
}
