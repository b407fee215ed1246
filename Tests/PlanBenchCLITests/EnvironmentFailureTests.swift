import Foundation
import PlanBench
import Testing

/// Failures of the environment (read-only or full file systems, state that
/// cannot be recorded, damaged records, very long values) exit 2 with a message
/// that names the file and says what to do.
@Suite struct EnvironmentFailureTests {
    /// A small tmpfs mounted at a scratch folder (needs root and mount(8)); the
    /// test fails, saying what is missing, where it cannot be made.
    final class SmallFileSystem {
        let path: String
        init(megabytes: Int, in scratch: ScratchDirectory) throws {
            path = scratch.file("mnt")
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            let mount = try runProcess("/bin/mount", ["-t", "tmpfs", "-o", "size=\(megabytes)m", "tmpfs", path])
            guard mount.status == 0 else {
                throw TestEnvironmentError.missing("a tmpfs mount for this test (run the tests as root where mount(8) works): \(mount.stderr)")
            }
        }
        func remountReadOnly() throws {
            let result = try runProcess("/bin/mount", ["-o", "remount,ro", path])
            guard result.status == 0 else { throw TestEnvironmentError.missing("remounting the tmpfs read-only: \(result.stderr)") }
        }
        /// Fills the file system, leaving no free block.
        func fill() throws {
            _ = try runProcess("/bin/dd", ["if=/dev/zero", "of=\(path)/filler", "bs=4k"])
        }
        deinit { _ = try? runProcess("/bin/umount", ["-l", path]) }
    }

    @Test func aSaveInAReadOnlyWorkspaceSaysSoAndExits2() throws {
        let scratch = ScratchDirectory()
        let mount = try SmallFileSystem(megabytes: 8, in: scratch)
        #expect(planbench(["init", "ws"], in: mount.path).status == 0)
        let ws = mount.path + "/ws"
        #expect(planbench(["new", "plan", "p", "--title", "Plan p"], in: ws).status == 0)
        try mount.remountReadOnly()
        let save = planbench(["save", "-m", "Read-only"], in: ws)
        #expect(save.status == 2, "\(save.stderr)")
        #expect(save.stderr.contains("read-only"), "\(save.stderr)")
        #expect(save.stderr.contains("nothing was committed"), "\(save.stderr)")
        #expect(!save.stderr.contains("NSCocoaErrorDomain"), "\(save.stderr)")
        let merge = planbench(["merge", "main"], in: ws)
        #expect(merge.status == 2, "\(merge.stderr)")
        #expect(!merge.stderr.contains("NSCocoaErrorDomain"), "\(merge.stderr)")
    }

    @Test func aSaveOnAFullDiskSaysSoAndExits2() throws {
        let scratch = ScratchDirectory()
        let mount = try SmallFileSystem(megabytes: 4, in: scratch)
        #expect(planbench(["init", "ws"], in: mount.path).status == 0)
        let ws = mount.path + "/ws"
        #expect(planbench(["new", "plan", "p", "--title", "Plan p"], in: ws).status == 0)
        let before = try git(["rev-parse", "HEAD"], in: ws).stdout
        try mount.fill()
        let save = planbench(["save", "-m", "Full"], in: ws)
        #expect(save.status == 2, "\(save.stderr)")
        #expect(save.stderr.contains("no space left"), "\(save.stderr)")
        #expect(!save.stderr.contains("unknown error"), "\(save.stderr)")
        #expect(try git(["rev-parse", "HEAD"], in: ws).stdout == before)
        try FileManager.default.removeItem(atPath: mount.path + "/filler")
        let retry = planbench(["save", "-m", "Room again"], in: ws)
        #expect(retry.status == 0, "\(retry.stderr)")
        #expect(try git(["fsck", "--strict", "--no-dangling"], in: ws).status == 0)
    }

    @Test func aMergeThatCannotCreateItsStateFolderNamesItAndExits2() throws {
        let scratch = ScratchDirectory()
        #expect(planbench(["init", "ws"], in: scratch.path).status == 0)
        let ws = scratch.file("ws")
        #expect(try git(["branch", "other"], in: ws).status == 0)
        try scratch.write("ws/.planbench", "a file where the folder goes\n")
        let merge = planbench(["merge", "other"], in: ws)
        #expect(merge.status == 2, "\(merge.stderr)")
        #expect(merge.stderr.contains(".planbench"), "\(merge.stderr)")
        #expect(merge.stderr.contains("move that file away"), "\(merge.stderr)")
        #expect(!merge.stderr.contains("NSCocoaErrorDomain"), "\(merge.stderr)")
    }

    @Test(arguments: ["", "ours: [\n"])
    func aDamagedMergeRecordIsDroppedByAbortWithoutPointingBackAtIt(record: String) throws {
        let scratch = ScratchDirectory()
        #expect(planbench(["init", "ws"], in: scratch.path).status == 0)
        let ws = scratch.file("ws")
        try scratch.write("ws/.planbench/merge.yaml", record)
        let conflicts = planbench(["conflicts"], in: ws)
        #expect(conflicts.status == 2)
        #expect(conflicts.stderr.contains("merge.yaml"), "\(conflicts.stderr)")
        #expect(conflicts.stderr.contains("planbench merge --abort"), "\(conflicts.stderr)")
        let abort = planbench(["merge", "--abort"], in: ws)
        #expect(abort.status == 2, "\(abort.stderr)")
        #expect(!abort.stderr.contains("planbench merge --abort"), "abort must not point at itself: \(abort.stderr)")
        #expect(abort.stderr.contains("no merge is in progress now"), "\(abort.stderr)")
        #expect(!FileManager.default.fileExists(atPath: ws + "/.planbench/merge.yaml"))
        #expect(planbench(["save", "-m", "x"], in: ws).status == 0)
    }

    @Test(arguments: [["merge"], ["diff"], ["show"], ["log"]])
    func longValuesAreCutInMessages(command: [String]) throws {
        let scratch = ScratchDirectory()
        #expect(planbench(["init", "ws"], in: scratch.path).status == 0)
        let result = planbench(command + [String(repeating: "a", count: 5_000)], in: scratch.file("ws"))
        #expect(result.status == 2)
        #expect(result.stderr.count < 1_000, "\(result.stderr.count) characters")
        #expect(result.stderr.contains("5000 characters") || result.stderr.contains("characters)"), "\(result.stderr)")
    }

    @Test func aFIFOInADocumentsPlaceIsNotARegularFile() throws {
        let scratch = ScratchDirectory()
        #expect(planbench(["init", "ws"], in: scratch.path).status == 0)
        let ws = scratch.file("ws")
        #expect(mkfifo(ws + "/plans/pipe.yaml", 0o644) == 0)
        let save = planbench(["save", "-m", "pipe", "plans/pipe.yaml"], in: ws)
        #expect(save.status == 2)
        #expect(save.stderr.contains("not a regular file"), "\(save.stderr)")
        #expect(!save.stderr.contains("ermission denied"), "\(save.stderr)")
    }
}
