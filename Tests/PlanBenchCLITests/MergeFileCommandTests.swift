import ArgumentParser
import Foundation
import PlanDocument
import Testing

@testable import PlanBenchCLI

/// `planbench merge-file`, driven in-process the way git drives a merge driver.
@Suite struct MergeFileCommandTests {
    /// A fresh directory per test; tests run in parallel and never chdir.
    struct Scratch {
        let url: URL

        init() throws {
            url = FileManager.default.temporaryDirectory.appendingPathComponent("merge-file-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        }

        func write(_ name: String, _ text: String) throws -> String {
            let path = url.appendingPathComponent(name).path
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            return path
        }

        func read(_ path: String) throws -> String { try String(contentsOfFile: path, encoding: .utf8) }

        func remove() { try? FileManager.default.removeItem(at: url) }
    }

    static let base = """
        id: p
        status: draft
        tasks:
          - id: t1
            state: open
          - id: t2
            state: open

        """

    func run(_ arguments: [String]) throws -> Int32 {
        var command = try MergeFileCommand.parseAsRoot(arguments)
        do {
            try command.run()
            return 0
        } catch let code as ExitCode {
            return code.rawValue
        }
    }

    @Test func writesACleanMergeToOursLikeAGitDriver() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let base = try scratch.write("base.yaml", Self.base)
        let ours = try scratch.write("ours.yaml", Self.base.replacing("status: draft", with: "status: in-review"))
        let theirs = try scratch.write(
            "theirs.yaml", Self.base + "  - id: t3\n    state: open\n")
        #expect(try run([base, ours, theirs]) == 0)
        let merged = try YAMLReader().read(try scratch.read(ours))
        #expect(merged["status"] == "in-review")
        #expect(merged["tasks"]?.sequence?.count == 3)
    }

    @Test func writesToOutputAndMarksConflictsGitStyle() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let base = try scratch.write("base.yaml", Self.base)
        let oursText = Self.base.replacing("id: t2\n    state: open", with: "id: t2\n    state: done")
        let ours = try scratch.write("ours.yaml", oursText)
        let theirs = try scratch.write(
            "theirs.yaml", Self.base.replacing("id: t2\n    state: open", with: "id: t2\n    state: blocked"))
        let out = scratch.url.appendingPathComponent("out.yaml").path
        #expect(try run([base, ours, theirs, "-o", out, "-L", "mine", "-L", "old", "-L", "yours"]) == 1)
        #expect(try scratch.read(ours) == oursText)  // untouched when -o is given
        let text = try scratch.read(out)
        #expect(text.contains("<<<<<<< mine\n    state: done\n||||||| old\n    state: open\n=======\n    state: blocked\n>>>>>>> yours\n"))
        #expect(text.hasPrefix("id: p\nstatus: draft\n"))
    }

    @Test func reportsUnreadableInputWithItsPosition() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let base = try scratch.write("base.yaml", Self.base)
        let ours = try scratch.write("ours.yaml", "id: p\ntasks: [unclosed\n")
        let theirs = try scratch.write("theirs.yaml", Self.base)
        #expect(try run([base, ours, theirs]) == 2)
        #expect(try run([base, scratch.url.appendingPathComponent("missing.yaml").path, theirs]) == 2)
    }

    @Test func namesTheFileLineAndColumnOfASyntaxError() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let path = try scratch.write("bad.yaml", "id: p\ntasks: [unclosed\n")
        #expect {
            _ = try MergeFileCommand.read(path, near: scratch.url.path)
        } throws: { error in
            guard let failure = error as? MergeFileFailure else { return false }
            return failure.description.hasPrefix("\(path):") && failure.position.line >= 2
        }
    }

    @Test func treatsAnEmptyAncestorAsBothSidesAdding() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let base = try scratch.write("base.yaml", "")
        let ours = try scratch.write("ours.yaml", "id: p\ntitle: A\n")
        let theirs = try scratch.write("theirs.yaml", "id: p\nstatus: draft\n")
        #expect(try run([base, ours, theirs]) == 0)
        // Keys both sides added at one place are ordered by name, whichever side is ours.
        #expect(try YAMLReader().read(try scratch.read(ours)) == ["id": "p", "status": "draft", "title": "A"])
    }
}
