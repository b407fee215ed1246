// Scratch repositories and a `git` runner for cross-checks; test-only helpers.
import Foundation
import PlanGit
import Testing

/// A fresh temporary directory, removed when the last reference goes away.
/// Each test makes its own, so tests can run in parallel without `chdir`.
final class ScratchDirectory {
    let path: String

    init() throws {
        let base = FileManager.default.temporaryDirectory.path
        path = base + "/planbench-git-tests-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// Writes a UTF-8 file at a path relative to the directory, creating parent directories.
    func write(_ text: String, to relativePath: String) throws {
        let url = URL(fileURLWithPath: path + "/" + relativePath)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    func read(_ relativePath: String) -> String? {
        FileManager.default.contents(atPath: path + "/" + relativePath).map { String(decoding: $0, as: UTF8.self) }
    }

    func exists(_ relativePath: String) -> Bool {
        FileManager.default.fileExists(atPath: path + "/" + relativePath)
    }
}

/// A repository in a scratch directory with a local identity configured.
struct Fixture {
    let scratch: ScratchDirectory
    let repository: Repository

    init(bare: Bool = false) throws {
        scratch = try ScratchDirectory()
        repository = try Repository.create(at: scratch.path, initialBranch: "main", bare: bare)
        try repository.setConfigValue("Test Author", for: "user.name")
        try repository.setConfigValue("author@example.com", for: "user.email")
    }

    var path: String { scratch.path }

    /// Commits `changes` on top of the branch's head and moves the branch (CAS).
    @discardableResult
    func commit(_ changes: [String: String?], message: String, on branch: String = "main", time: Int = 0) throws -> ObjectID {
        let reference = "refs/heads/" + branch
        let parent = try repository.referenceTarget(reference)
        let when = Signature(name: "Alice Example", email: "alice@example.com",
                             date: Date(timeIntervalSince1970: 1_700_000_000 + Double(time)),
                             timeZoneOffsetMinutes: 540)
        let id = try repository.commit(
            updating: parent,
            changes: changes.mapValues { $0.map { Array($0.utf8) } },
            message: message, author: when, committer: when)
        try repository.updateReference(reference, to: id, expected: parent, message: "commit: \(message)")
        return id
    }

    func text(at path: String, in commit: ObjectID) throws -> String? {
        try repository.blob(at: path, in: commit).map { String(decoding: $0, as: UTF8.self) }
    }
}

/// Path of the `git` program; tests use it only to cross-check what libgit2 wrote.
let gitProgram: String? = ["/usr/bin/git", "/usr/local/bin/git", "/opt/homebrew/bin/git"]
    .first { FileManager.default.isExecutableFile(atPath: $0) }

struct GitCommandFailure: Error, CustomStringConvertible {
    var description: String
}

/// Runs `git -C directory arguments...` and returns its standard output.
/// Fails the test plainly when git is not installed.
@discardableResult
func runGit(_ arguments: [String], in directory: String) throws -> String {
    let program = try #require(gitProgram, "the git program is not installed; these cross-checks need it")
    let process = Process()
    process.executableURL = URL(fileURLWithPath: program)
    process.arguments = ["-C", directory] + arguments
    var environment = ProcessInfo.processInfo.environment
    environment["GIT_CONFIG_NOSYSTEM"] = "1"
    environment["LC_ALL"] = "C"
    process.environment = environment
    let output = Pipe()
    let errors = Pipe()
    process.standardOutput = output
    process.standardError = errors
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    let errorData = errors.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
        throw GitCommandFailure(description: "git \(arguments.joined(separator: " ")) failed: "
            + String(decoding: errorData, as: UTF8.self))
    }
    return String(decoding: data, as: UTF8.self)
}

func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }
