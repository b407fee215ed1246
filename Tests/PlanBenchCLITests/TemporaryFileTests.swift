import Foundation
import Testing

/// planbench's temporary files live in `.planbench/tmp/`: every command sweeps
/// that one folder of the files killed processes left, and sweeps the document
/// folders (where versions before it made them) only once, recorded by a marker.
@Suite struct TemporaryFileTests {
    /// The id of a process that has exited.
    func deadProcessID() throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/true")
        try process.run()
        process.waitUntilExit()
        return process.processIdentifier
    }

    func workspace(_ scratch: ScratchDirectory) throws -> String {
        let result = planbench(["init", "ws"], in: scratch.path)
        try #require(result.status == 0, "\(result.stderr)")
        return scratch.file("ws")
    }

    func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }

    @Test func theNextCommandRemovesWhatAKilledOneLeftInTheTemporaryFolder() throws {
        let scratch = ScratchDirectory()
        let ws = try workspace(scratch)
        let folder = ws + "/.planbench/tmp"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let abandoned = folder + "/.planbench-tmp-\(try deadProcessID())-1"
        let live = folder + "/.planbench-tmp-\(getpid())-2"
        for path in [abandoned, live] { try "half".write(toFile: path, atomically: false, encoding: .utf8) }
        let status = planbench(["status"], in: ws)
        #expect(status.status == 0, "\(status.stderr)")
        #expect(!exists(abandoned), "a dead process's temporary file is removed")
        #expect(exists(live), "a live process's temporary file is kept")
    }

    @Test func documentFoldersAreSweptOfOlderVersionsFilesOnce() throws {
        let scratch = ScratchDirectory()
        let ws = try workspace(scratch)
        let marker = ws + "/.planbench/tmp/document-folders-swept"
        // A workspace an older version worked in: no marker, its files beside the documents.
        try? FileManager.default.removeItem(atPath: marker)
        let dead = try deadProcessID()
        let old = [ws + "/plans/.planbench-tmp-\(dead)-1", ws + "/.planbench-tmp-\(dead)-2"]
        try FileManager.default.createDirectory(atPath: ws + "/.planbench", withIntermediateDirectories: true)
        for path in old { try "half".write(toFile: path, atomically: false, encoding: .utf8) }
        #expect(planbench(["status"], in: ws).status == 0)
        for path in old { #expect(!exists(path), "\(path) is swept") }
        #expect(exists(marker), "the sweep of the document folders is recorded")
        // Recorded: later commands list only .planbench/tmp, not every document folder.
        let later = ws + "/plans/.planbench-tmp-\(dead)-3"
        try "half".write(toFile: later, atomically: false, encoding: .utf8)
        #expect(planbench(["status"], in: ws).status == 0)
        #expect(exists(later), "the document folders are not listed again")
    }
}
