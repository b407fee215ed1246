import Foundation
import Testing

/// `planbench merge` on the example workspace's real branches, and git's merge using planbench as its driver.
@Suite struct MergeCommandTests {
    func example(_ scratch: ScratchDirectory) throws -> String {
        let result = planbench(["init", "--example", "ws"], in: scratch.path)
        try #require(result.status == 0, "\(result.stderr)")
        return scratch.file("ws")
    }

    @Test func aConcurrentDraftThatGitConflictsOnMergesCleanly() throws {
        let scratch = ScratchDirectory()
        let ws = try example(scratch)
        let head = try git(["rev-parse", "HEAD"], in: ws).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let result = planbench(["merge", "draft/us-review"], in: ws)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        let parents = try git(["log", "-1", "--format=%P"], in: ws).stdout.split(separator: " ")
        #expect(parents.count == 2)
        #expect(parents.first.map(String.init) == head)
        // Both sides' edits to the same task are in the result.
        let merged = try git(["show", "HEAD:plans/disaster-relief.yaml"], in: ws).stdout
        let ours = try git(["show", "\(head):plans/disaster-relief.yaml"], in: ws).stdout
        let theirs = try git(["show", "draft/us-review:plans/disaster-relief.yaml"], in: ws).stdout
        #expect(merged != ours && merged != theirs)
        #expect(try git(["status", "--porcelain"], in: ws).stdout.isEmpty)
    }

    @Test func conflictsAreRecordedResolvedAndCommitted() throws {
        let scratch = ScratchDirectory()
        let ws = try example(scratch)
        let before = try git(["rev-parse", "HEAD"], in: ws).stdout
        let merge = planbench(["merge", "draft/boarding-support"], in: ws)
        #expect(merge.status == 1)
        #expect(try git(["rev-parse", "HEAD"], in: ws).stdout == before)
        // The document in the work tree is valid YAML holding our value.
        let status = planbench(["status"], in: ws)
        #expect(!status.stderr.contains("error"), "\(status.stderr)")
        let conflicts = planbench(["conflicts", "--format", "json"], in: ws)
        #expect(conflicts.status == 1)
        let json = try JSONSerialization.jsonObject(with: Data(conflicts.stdout.utf8)) as? [String: Any]
        let documents = json?["documents"] as? [[String: Any]] ?? []
        #expect(documents.count == 1)
        let conflict = (documents.first?["conflicts"] as? [[String: Any]])?.first
        #expect(conflict?["kind"] as? String == "modify-modify")
        #expect(conflict?["base"] as? String == "2027-01-31")
        #expect(conflict?["ours"] as? String == "2027-04-30")
        #expect(conflict?["theirs"] as? String == "2027-06-30")
        #expect(planbench(["save", "-m", "not now"], in: ws).status == 2)
        #expect(planbench(["merge", "--continue"], in: ws).status == 2)
        #expect(planbench(["resolve", "plans/maritime-security.yaml", "--take", "theirs"], in: ws).status == 0)
        let done = planbench(["merge", "--continue"], in: ws)
        #expect(done.status == 0, "\(done.stderr)")
        #expect(try git(["log", "-1", "--format=%P"], in: ws).stdout.split(separator: " ").count == 2)
        let merged = try git(["show", "HEAD:plans/maritime-security.yaml"], in: ws).stdout
        #expect(merged.contains("due: 2027-06-30"))
        #expect(!merged.contains("due: 2027-04-30"))
        #expect(try git(["status", "--porcelain"], in: ws).stdout.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: ws + "/.planbench/merge.yaml"))
    }

    @Test func abortRestoresTheExactStateBeforeTheMerge() throws {
        let scratch = ScratchDirectory()
        let ws = try example(scratch)
        let head = try git(["rev-parse", "HEAD"], in: ws).stdout
        let original = try scratch.read("ws/plans/maritime-security.yaml")
        #expect(planbench(["merge", "draft/boarding-support"], in: ws).status == 1)
        #expect(try scratch.read("ws/plans/maritime-security.yaml") != original)
        #expect(planbench(["merge", "--abort"], in: ws).status == 0)
        #expect(try scratch.read("ws/plans/maritime-security.yaml") == original)
        #expect(try git(["rev-parse", "HEAD"], in: ws).stdout == head)
        #expect(try git(["status", "--porcelain"], in: ws).stdout.isEmpty)
    }

    @Test func aBranchAheadIsFastForwardedAndLocalFilesSurvive() throws {
        let scratch = ScratchDirectory()
        #expect(planbench(["init", "ws"], in: scratch.path).status == 0)
        let ws = scratch.file("ws")
        #expect(try git(["branch", "topic"], in: ws).status == 0)
        #expect(try git(["checkout", "-q", "topic"], in: ws).status == 0)
        #expect(planbench(["new", "plan", "a", "--title", "A"], in: ws).status == 0)
        #expect(planbench(["save", "-m", "a"], in: ws).status == 0)
        let topic = try git(["rev-parse", "topic"], in: ws).stdout
        #expect(try git(["checkout", "-q", "main"], in: ws).status == 0)
        try scratch.write("ws/NOTES.txt", "mine\n")
        let result = planbench(["merge", "topic"], in: ws)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Fast-forwarded"))
        #expect(try git(["rev-parse", "HEAD"], in: ws).stdout == topic)
        #expect(FileManager.default.fileExists(atPath: ws + "/plans/a.yaml"))
        #expect(try scratch.read("ws/NOTES.txt") == "mine\n")
        #expect(planbench(["merge", "topic"], in: ws).stdout.contains("Already up to date"))
    }

    @Test func gitMergeUsesPlanbenchAsItsMergeDriver() throws {
        let executable = try planbenchExecutable()
        let scratch = ScratchDirectory()
        let ws = try example(scratch)
        // Without the driver, git's line merge conflicts on the concurrent draft.
        let plain = try git(["-c", "user.name=T", "-c", "user.email=t@example.org", "merge", "--no-edit", "draft/us-review"], in: ws)
        #expect(plain.status != 0)
        #expect(try git(["merge", "--abort"], in: ws).status == 0)
        // With the driver configured as `planbench init` prints, it merges cleanly.
        #expect(try git(["config", "merge.planbench.driver", "\(executable) merge-file %O %A %B"], in: ws).status == 0)
        let driven = try git(["-c", "user.name=T", "-c", "user.email=t@example.org", "merge", "--no-edit", "draft/us-review"], in: ws)
        #expect(driven.status == 0, "\(driven.stdout)\(driven.stderr)")
        #expect(planbench(["validate"], in: ws).status == 0)
        #expect(try git(["status", "--porcelain"], in: ws).stdout.isEmpty)
    }

    @Test func gitDiffUsesPlanbenchAsItsDiffDriver() throws {
        let executable = try planbenchExecutable()
        let scratch = ScratchDirectory()
        let ws = try example(scratch)
        #expect(try git(["config", "diff.planbench.command", "\(executable) git-diff-driver"], in: ws).status == 0)
        let diff = try git(["diff", "HEAD~1", "HEAD"], in: ws)
        #expect(diff.status == 0, "\(diff.stderr)")
        #expect(diff.stdout.contains("planbench structural diff"))
        #expect(diff.stdout.contains("sections[ship-inspection]"))
    }
}

/// Large documents are parsed once: a save caches their tree by blob id, and
/// diff and merge-file decode it instead of parsing the YAML again.
@Suite struct ParsedTreeCacheTests {
    /// A plan of more than 64 KB (the size from which trees are cached).
    static func largePlan(title: String) -> String {
        var text = "id: big\ntitle: \(title)\nstatus: draft\nparties: [japan]\nedition: jus-2015\nowners:\n  - name: A\n    email: a@example.org\nreviewCycle: P1Y\nlastReviewed: 2026-01-01\nclassification: UNCLASSIFIED\nsections:\n"
        for i in 0..<400 {
            text += "  - id: s\(i)\n    title: Section \(i)\n    prose: |\n      Both sides share information on activities of concern in area \(i) and\n      coordinate their collection so that gaps are covered in every season.\n"
        }
        return text
    }

    @Test func aSaveCachesLargeDocumentsAndDiffAndMergeFileUseTheCache() throws {
        let scratch = ScratchDirectory()
        #expect(planbench(["init", "ws"], in: scratch.path).status == 0)
        let ws = scratch.file("ws")
        let text = Self.largePlan(title: "Big")
        #expect(text.utf8.count > 64 * 1024)
        try scratch.write("ws/plans/big.yaml", text)
        #expect(planbench(["save", "-m", "big"], in: ws).status == 0)
        let cacheFolder = ws + "/.planbench/cache/trees"
        let cached = try FileManager.default.contentsOfDirectory(atPath: cacheFolder)
        #expect(cached.count == 1)
        // `git status` stays clean: the cache lives in the ignored .planbench/.
        #expect(try git(["status", "--porcelain"], in: ws).stdout.isEmpty)

        // A damaged cache entry is not trusted: the diff parses the YAML instead.
        try Data("PBN1 garbage".utf8).write(to: URL(fileURLWithPath: cacheFolder + "/" + cached[0]))
        try scratch.write("ws/plans/big.yaml", Self.largePlan(title: "Bigger"))
        #expect(planbench(["save", "-m", "bigger"], in: ws).status == 0)
        let diff = planbench(["diff", "HEAD~1", "HEAD", "--format", "json"], in: ws)
        #expect(diff.status == 0, "\(diff.stderr)")
        #expect(diff.stdout.contains("\"newValue\": \"Bigger\""))

        // merge-file inside the workspace finds the trees by content.
        try scratch.write("ws/base.txt", Self.largePlan(title: "Big"))
        try scratch.write("ws/ours.txt", Self.largePlan(title: "Bigger"))
        try scratch.write("ws/theirs.txt", Self.largePlan(title: "Big").replacingOccurrences(of: "area 7 and", with: "area seven and"))
        let merge = planbench(["merge-file", "base.txt", "ours.txt", "theirs.txt"], in: ws)
        #expect(merge.status == 0, "\(merge.stderr)")
        let merged = try scratch.read("ws/ours.txt")
        #expect(merged.contains("title: Bigger"))
        #expect(merged.contains("area seven and"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: cacheFolder).count >= 3)
    }

    /// A cache entry is untrusted: a damaged one, or one another format or
    /// parser made, gives the same diff as no cache at all (and is replaced).
    @Test func damagedCacheEntriesAreParsedAgain() throws {
        let scratch = ScratchDirectory()
        #expect(planbench(["init", "ws"], in: scratch.path).status == 0)
        let ws = scratch.file("ws")
        try scratch.write("ws/plans/big.yaml", Self.largePlan(title: "Big"))
        #expect(planbench(["save", "-m", "big"], in: ws).status == 0)
        try scratch.write("ws/plans/big.yaml", Self.largePlan(title: "Bigger"))
        #expect(planbench(["save", "-m", "bigger"], in: ws).status == 0)
        let cacheFolder = ws + "/.planbench/cache/trees"
        try FileManager.default.removeItem(atPath: cacheFolder)
        let reference = planbench(["diff", "HEAD~1", "HEAD", "--format", "json"], in: ws)
        #expect(reference.status == 0, "\(reference.stderr)")
        let oldBlob = try git(["rev-parse", "HEAD~1:plans/big.yaml"], in: ws).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let entry = cacheFolder + "/" + oldBlob + ".pbn"
        let intact = try [UInt8](Data(contentsOf: URL(fileURLWithPath: entry)))

        var rng = SystemRandomNumberGenerator()
        let prose = Array("Both sides".utf8)
        let at = try #require(intact.indices.first { intact[$0...].starts(with: prose) })
        var letterChanged = intact
        letterChanged[at] = UInt8(ascii: "C")  // well-formed, but says "Coth sides"
        var headerOfAnotherFormat = intact
        headerOfAnotherFormat[3] = UInt8(ascii: "1")
        let damaged: [(String, [UInt8])] = [
            ("a changed letter in a string", letterChanged),
            ("cut short", Array(intact.prefix(intact.count / 2))),
            ("cut before the checksum", Array(intact.dropLast(8))),
            ("empty", []),
            ("random bytes", (0..<intact.count).map { _ in UInt8.random(in: 0...255, using: &rng) }),
            ("another format version", headerOfAnotherFormat),
            // Magic and producer as written, then a null whose line is 2^64 - 1.
            ("a line number of 64 bits", Array(intact.prefix(5 + Int(intact[4])))
                + [0, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01, 1] + Array(repeating: 0, count: 8)),
        ]
        for (damage, bytes) in damaged {
            try Data(bytes).write(to: URL(fileURLWithPath: entry))
            let diff = planbench(["diff", "HEAD~1", "HEAD", "--format", "json"], in: ws)
            #expect(diff.status == 0, "\(damage): \(diff.stderr)")
            #expect(diff.stdout == reference.stdout, "\(damage)")
            #expect(try [UInt8](Data(contentsOf: URL(fileURLWithPath: entry))) == intact, "\(damage): the entry is written again")
        }
    }
}
