import Foundation
import PlanGit
import Testing

@Suite struct CommitWritingTests {
    @Test func commitsAreReadBackAtEachRevision() throws {
        let fixture = try Fixture()
        let first = try fixture.commit(["plans/isr.yaml": "version: 1\n"], message: "Add ISR plan")
        let second = try fixture.commit(["plans/isr.yaml": "version: 2\n"], message: "Revise ISR plan")
        #expect(try fixture.text(at: "plans/isr.yaml", in: first) == "version: 1\n")
        #expect(try fixture.text(at: "plans/isr.yaml", in: second) == "version: 2\n")
        #expect(try fixture.repository.headCommit() == second)
        #expect(try fixture.repository.commitInfo(for: second).parents == [first])
    }

    @Test func commitDoesNotMoveAnyReference() throws {
        let fixture = try Fixture()
        let head = try fixture.commit(["a.txt": "a"], message: "First")
        let signature = Signature(name: "B", email: "b@example.com")
        let detached = try fixture.repository.commit(updating: head, changes: ["a.txt": bytes("b")],
                                                     message: "Not published", author: signature, committer: signature)
        #expect(try fixture.repository.headCommit() == head)
        #expect(try fixture.repository.blob(at: "a.txt", in: detached) == bytes("b"))
    }

    @Test func nestedPathsCreateDirectoriesAndShareUnchangedSubtrees() throws {
        let fixture = try Fixture()
        let first = try fixture.commit([
            "plans/isr.yaml": "isr", "plans/deep/a/b/c.yaml": "c", "reviews/r1.yaml": "r1", "README": "hi",
        ], message: "Seed")
        let second = try fixture.commit(["plans/deep/a/b/c.yaml": "c2"], message: "Edit deep file")
        let files = try fixture.repository.files(in: second)
        #expect(files.keys.sorted() == ["README", "plans/deep/a/b/c.yaml", "plans/isr.yaml", "reviews/r1.yaml"])
        #expect(try fixture.text(at: "plans/deep/a/b/c.yaml", in: second) == "c2")
        // Untouched files keep their blob ids.
        #expect(try fixture.repository.files(in: first)["reviews/r1.yaml"] == files["reviews/r1.yaml"])
        #expect(try runGit(["ls-tree", "-r", "--name-only", second.hex], in: fixture.path)
                == "README\nplans/deep/a/b/c.yaml\nplans/isr.yaml\nreviews/r1.yaml\n")
    }

    @Test func listingUnderADirectoryKeepsFullPaths() throws {
        let fixture = try Fixture()
        let head = try fixture.commit(["plans/a.yaml": "a", "plans/sub/b.yaml": "b", "plansX/c.yaml": "c", "top": "t"],
                                      message: "Seed")
        #expect(try fixture.repository.files(in: head, under: "plans").keys.sorted() == ["plans/a.yaml", "plans/sub/b.yaml"])
        #expect(try fixture.repository.files(in: head, under: "plans/").keys.sorted() == ["plans/a.yaml", "plans/sub/b.yaml"])
        #expect(try fixture.repository.files(in: head, under: "missing").isEmpty)
        #expect(try fixture.repository.files(in: head, under: "top").isEmpty)
    }

    @Test func deletingTheLastFileRemovesItsDirectory() throws {
        let fixture = try Fixture()
        try fixture.commit(["plans/only/one.yaml": "1", "keep.txt": "k"], message: "Seed")
        let after = try fixture.commit(["plans/only/one.yaml": nil], message: "Delete")
        #expect(try fixture.repository.blob(at: "plans/only/one.yaml", in: after) == nil)
        #expect(try fixture.repository.files(in: after).keys.sorted() == ["keep.txt"])
        #expect(try runGit(["ls-tree", "-r", "-t", "--name-only", after.hex], in: fixture.path) == "keep.txt\n")
    }

    @Test func deletingAnAbsentFileIsANoOp() throws {
        let fixture = try Fixture()
        let first = try fixture.commit(["a.txt": "a"], message: "Seed")
        let second = try fixture.commit(["missing.txt": nil, "dir/missing.txt": nil], message: "Nothing")
        #expect(try fixture.repository.treeID(ofCommit: second) == fixture.repository.treeID(ofCommit: first))
    }

    @Test func fileCanBecomeADirectoryInOneCommit() throws {
        let fixture = try Fixture()
        try fixture.commit(["notes": "a file"], message: "Seed")
        let after = try fixture.commit(["notes": nil, "notes/one.txt": "now a directory"], message: "Reshape")
        #expect(try fixture.text(at: "notes/one.txt", in: after) == "now a directory")
        #expect(throws: GitError.notAFile(path: "notes")) { try fixture.repository.blob(at: "notes", in: after) }
    }

    @Test func writingUnderAFileIsAPathConflict() throws {
        let fixture = try Fixture()
        let head = try fixture.commit(["notes": "a file"], message: "Seed")
        let signature = Signature(name: "a", email: "a@b")
        #expect(throws: GitError.pathConflict("notes")) {
            try fixture.repository.commit(updating: head, changes: ["notes/x.txt": bytes("x")],
                                          message: "bad", author: signature, committer: signature)
        }
        #expect(throws: GitError.pathConflict("dir")) {
            try fixture.repository.commit(updating: head, changes: ["dir": bytes("x"), "dir/y": bytes("y")],
                                          message: "bad", author: signature, committer: signature)
        }
    }

    @Test func replacingADirectoryWithAFileIsAPathConflict() throws {
        let fixture = try Fixture()
        let head = try fixture.commit(["dir/a.txt": "a"], message: "Seed")
        let signature = Signature(name: "a", email: "a@b")
        #expect(throws: GitError.pathConflict("dir")) {
            try fixture.repository.commit(updating: head, changes: ["dir": bytes("x")],
                                          message: "bad", author: signature, committer: signature)
        }
        #expect(throws: GitError.notAFile(path: "dir")) {
            try fixture.repository.commit(updating: head, changes: ["dir": nil],
                                          message: "bad", author: signature, committer: signature)
        }
    }

    @Test(arguments: ["", "/abs.txt", "a//b", "a/../b", "./a", ".git/config", "dir/.GIT/x", "trailing/"])
    func invalidPathsAreRejected(_ path: String) throws {
        let fixture = try Fixture()
        let signature = Signature(name: "a", email: "a@b")
        #expect(throws: GitError.invalidPath(path)) {
            try fixture.repository.commit(updating: nil, changes: [path: bytes("x")],
                                          message: "bad", author: signature, committer: signature)
        }
    }

    @Test func signaturesAndMessageAreStoredExactly() throws {
        let fixture = try Fixture()
        let author = Signature(name: "山田 太郎", email: "taro@example.jp",
                               date: Date(timeIntervalSince1970: 1_445_000_000), timeZoneOffsetMinutes: 540)
        let committer = Signature(name: "Jane Roe", email: "jane@example.com",
                                  date: Date(timeIntervalSince1970: 1_445_000_100), timeZoneOffsetMinutes: -300)
        let id = try fixture.repository.commit(updating: nil, changes: ["a": bytes("a")],
                                               message: "Subject line\n\nBody text", author: author, committer: committer)
        let info = try fixture.repository.commitInfo(for: id)
        #expect(info.author == author)
        #expect(info.committer == committer)
        #expect(info.message == "Subject line\n\nBody text\n")
        #expect(info.summary == "Subject line")
        #expect(info.changedPaths == ["a"])
        #expect(try runGit(["log", "-1", "--format=%an|%ae|%at|%ai|%cn|%ci", id.hex], in: fixture.path)
                == "山田 太郎|taro@example.jp|1445000000|2015-10-16 21:53:20 +0900|Jane Roe|2015-10-16 07:55:00 -0500\n")
    }

    @Test func extraParentsMakeAMergeCommit() throws {
        let fixture = try Fixture()
        let base = try fixture.commit(["a": "a"], message: "Base")
        try fixture.repository.createBranch("side", at: base)
        let side = try fixture.commit(["b": "b"], message: "Side", on: "side")
        let main = try fixture.commit(["c": "c"], message: "Main")
        let signature = Signature(name: "a", email: "a@b")
        let merge = try fixture.repository.commit(updating: main, changes: ["b": bytes("b")], message: "Merge side",
                                                  author: signature, committer: signature, extraParents: [side])
        let info = try fixture.repository.commitInfo(for: merge)
        #expect(info.parents == [main, side])
        #expect(info.isMerge)
        #expect(info.changedPaths == ["b"])
        #expect(try fixture.repository.isAncestor(side, of: merge))
    }

    @Test func binaryContentRoundTrips() throws {
        let fixture = try Fixture()
        let content: [UInt8] = (0...255).map { UInt8($0) } + [0, 0, 10, 13]
        let id = try fixture.repository.writeBlob(content)
        #expect(try fixture.repository.readBlob(id) == content)
        #expect(try fixture.repository.writeBlob(content) == id)
        #expect(try fixture.repository.readBlob(fixture.repository.writeBlob([])) == [])
    }

    @Test func blobIDMatchesGitHashObject() throws {
        let fixture = try Fixture()
        try fixture.scratch.write("hello\n", to: "hello.txt")
        let id = try fixture.repository.writeBlob(bytes("hello\n"))
        #expect(try runGit(["hash-object", "hello.txt"], in: fixture.path) == id.hex + "\n")
    }

    @Test func nonASCIIPathsRoundTrip() throws {
        let fixture = try Fixture()
        let path = "plans/日米防衛協力/指針 2015.yaml"
        try fixture.scratch.write("x: 1\n", to: path)
        #expect(try fixture.repository.status().map(\.path) == [path])
        let head = try fixture.commit([path: "x: 1\n"], message: "日本語のメッセージ")
        try fixture.repository.updateIndex(paths: [path], from: head)
        #expect(try fixture.repository.files(in: head).keys.sorted() == [path])
        #expect(try fixture.text(at: path, in: head) == "x: 1\n")
        #expect(try fixture.repository.log(from: head, paths: ["plans/日米防衛協力"]).map(\.summary) == ["日本語のメッセージ"])
        #expect(try fixture.repository.status().isEmpty)
        #expect(try runGit(["-c", "core.quotepath=off", "ls-tree", "-r", "--name-only", head.hex], in: fixture.path) == path + "\n")
        #expect(try runGit(["status", "--porcelain"], in: fixture.path) == "")
    }

    @Test func hashingABlobMatchesWritingIt() throws {
        let fixture = try Fixture()
        for content in [bytes(""), bytes("hello\n"), (0...255).map { UInt8($0) }] {
            #expect(ObjectID(hashingBlob: content) == (try fixture.repository.writeBlob(content)))
        }
        #expect(ObjectID(hashingBlob: bytes("hello\n")).hex == "ce013625030ba8dba906f756967f9e9ca394464a")
    }

    @Test func unknownObjectsAreReportedById() throws {
        let fixture = try Fixture()
        let missing = try #require(ObjectID(hex: "1234567890123456789012345678901234567890"))
        #expect(throws: GitError.objectNotFound(missing)) { try fixture.repository.readBlob(missing) }
        #expect(throws: GitError.objectNotFound(missing)) { try fixture.repository.blob(at: "a", in: missing) }
        #expect(throws: GitError.objectNotFound(missing)) { try fixture.repository.commitInfo(for: missing) }
    }
}
