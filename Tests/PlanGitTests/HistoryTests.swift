import Foundation
import PlanGit
import Testing

@Suite struct HistoryTests {
    /// c1 adds plans/a and README; c2 edits plans/a; c3 adds reviews/r; c4 deletes plans/a, adds plans/sub/b.
    private func history() throws -> (Fixture, [ObjectID]) {
        let fixture = try Fixture()
        let ids = [
            try fixture.commit(["plans/a.yaml": "a1", "README": "r"], message: "c1", time: 1),
            try fixture.commit(["plans/a.yaml": "a2"], message: "c2", time: 2),
            try fixture.commit(["reviews/r.yaml": "r"], message: "c3", time: 3),
            try fixture.commit(["plans/a.yaml": nil, "plans/sub/b.yaml": "b"], message: "c4", time: 4),
        ]
        return (fixture, ids)
    }

    @Test func logListsNewestFirstWithChangedPaths() throws {
        let (fixture, ids) = try history()
        let log = try fixture.repository.log(from: ids[3])
        #expect(log.map(\.id) == ids.reversed())
        #expect(log.map(\.summary) == ["c4", "c3", "c2", "c1"])
        #expect(log.map(\.changedPaths) == [
            ["plans/a.yaml", "plans/sub/b.yaml"], ["reviews/r.yaml"], ["plans/a.yaml"], ["README", "plans/a.yaml"],
        ])
        #expect(log[0].parents == [ids[2]])
        #expect(log[3].parents.isEmpty)
    }

    @Test func logHonoursTheLimit() throws {
        let (fixture, ids) = try history()
        #expect(try fixture.repository.log(from: ids[3], limit: 2).map(\.id) == [ids[3], ids[2]])
        #expect(try fixture.repository.log(from: ids[3], limit: 0).isEmpty)
        #expect(try fixture.repository.log(from: ids[1]).map(\.id) == [ids[1], ids[0]])
    }

    @Test func pathFilterKeepsCommitsThatTouchedAFile() throws {
        let (fixture, ids) = try history()
        #expect(try fixture.repository.log(from: ids[3], paths: ["plans/a.yaml"]).map(\.id) == [ids[3], ids[1], ids[0]])
        #expect(try fixture.repository.log(from: ids[3], paths: ["reviews/r.yaml"]).map(\.id) == [ids[2]])
        #expect(try fixture.repository.log(from: ids[3], paths: ["plans/a.yaml"], limit: 1).map(\.id) == [ids[3]])
        #expect(try fixture.repository.log(from: ids[3], paths: ["nothing"]).isEmpty)
    }

    @Test func pathFilterMatchesDirectoriesByPrefix() throws {
        let (fixture, ids) = try history()
        #expect(try fixture.repository.log(from: ids[3], paths: ["plans"]).map(\.id) == [ids[3], ids[1], ids[0]])
        #expect(try fixture.repository.log(from: ids[3], paths: ["plans/"]).map(\.id) == [ids[3], ids[1], ids[0]])
        #expect(try fixture.repository.log(from: ids[3], paths: ["plans/sub"]).map(\.id) == [ids[3]])
        // "plan" is not a directory prefix of "plans/a.yaml".
        #expect(try fixture.repository.log(from: ids[3], paths: ["plan"]).isEmpty)
        #expect(try fixture.repository.log(from: ids[3], paths: ["reviews", "README"]).map(\.id) == [ids[2], ids[0]])
    }

    @Test(arguments: ["plans/a.yaml", "plans", "reviews", "README"])
    func pathFilterAgreesWithGitLogOnLinearHistory(path: String) throws {
        let (fixture, ids) = try history()
        let ours = try fixture.repository.log(from: ids[3], paths: [path]).map(\.id.hex)
        let theirs = try runGit(["log", "--format=%H", ids[3].hex, "--", path], in: fixture.path)
            .split(separator: "\n").map(String.init)
        #expect(ours == theirs)
    }

    @Test func logAgreesWithGitLogOnChangedFiles() throws {
        let (fixture, ids) = try history()
        for info in try fixture.repository.log(from: ids[3]) {
            let names = try runGit(["show", "--root", "--no-renames", "--format=", "--name-only", info.id.hex], in: fixture.path)
                .split(separator: "\n").map(String.init).sorted()
            #expect(info.changedPaths == names)
        }
    }

    @Test func mergeBaseAndAncestry() throws {
        let fixture = try Fixture()
        let base = try fixture.commit(["a": "a"], message: "base")
        try fixture.repository.createBranch("side", at: base)
        let side = try fixture.commit(["b": "b"], message: "side", on: "side")
        let main = try fixture.commit(["c": "c"], message: "main")
        #expect(try fixture.repository.mergeBase(main, side) == base)
        #expect(try fixture.repository.mergeBase(side, main) == base)
        #expect(try fixture.repository.mergeBase(main, base) == base)
        #expect(try fixture.repository.isAncestor(base, of: main))
        #expect(try fixture.repository.isAncestor(main, of: main))
        #expect(try !fixture.repository.isAncestor(side, of: main))
        #expect(try !fixture.repository.isAncestor(main, of: base))
        #expect(try runGit(["merge-base", main.hex, side.hex], in: fixture.path) == base.hex + "\n")
    }

    @Test func unrelatedHistoriesHaveNoMergeBase() throws {
        let fixture = try Fixture()
        let main = try fixture.commit(["a": "a"], message: "main root")
        let signature = Signature(name: "a", email: "a@b")
        let orphan = try fixture.repository.commit(updating: nil, changes: ["z": bytes("z")], message: "other root",
                                                   author: signature, committer: signature)
        #expect(try fixture.repository.mergeBase(main, orphan) == nil)
        #expect(try !fixture.repository.isAncestor(orphan, of: main))
    }

    @Test func mergeCommitsAppearWithTheirFirstParentDiff() throws {
        let fixture = try Fixture()
        let base = try fixture.commit(["plans/a.yaml": "a"], message: "base", time: 1)
        try fixture.repository.createBranch("side", at: base)
        let side = try fixture.commit(["plans/b.yaml": "b"], message: "side", on: "side", time: 2)
        let main = try fixture.commit(["notes.txt": "n"], message: "main", time: 3)
        let signature = Signature(name: "a", email: "a@b", date: Date(timeIntervalSince1970: 1_700_000_010))
        let merge = try fixture.repository.commit(updating: main, changes: ["plans/b.yaml": bytes("b")],
                                                  message: "merge", author: signature, committer: signature,
                                                  extraParents: [side])
        let log = try fixture.repository.log(from: merge)
        #expect(Set(log.map(\.id)) == [merge, main, side, base])
        #expect(log.first?.id == merge)
        #expect(log.last?.id == base)
        #expect(try fixture.repository.log(from: merge, paths: ["plans/b.yaml"]).map(\.id) == [merge, side])
    }

    @Test func logExcludingShowsWhatABranchAdds() throws {
        let fixture = try Fixture()
        let base = try fixture.commit(["a": "a"], message: "base", time: 1)
        try fixture.repository.createBranch("topic", at: base)
        let t1 = try fixture.commit(["plans/t.yaml": "1"], message: "t1", on: "topic", time: 2)
        let t2 = try fixture.commit(["notes": "2"], message: "t2", on: "topic", time: 3)
        let main = try fixture.commit(["m": "m"], message: "m1", time: 4)
        #expect(try fixture.repository.log(from: t2, excluding: [main]).map(\.id) == [t2, t1])
        #expect(try fixture.repository.log(from: t2, excluding: [main], paths: ["plans"]).map(\.id) == [t1])
        #expect(try fixture.repository.log(from: main, excluding: [t2]).map(\.id) == [main])
        #expect(try fixture.repository.log(from: base, excluding: [t2]).isEmpty)
        let ours = try runGit(["log", "--format=%H", "\(main.hex)..\(t2.hex)"], in: fixture.path)
        #expect(ours == "\(t2.hex)\n\(t1.hex)\n")
    }

    @Test func aheadBehindCountsEachSide() throws {
        let fixture = try Fixture()
        let base = try fixture.commit(["a": "a"], message: "base")
        try fixture.repository.createBranch("topic", at: base)
        let topic = try fixture.commit(["b": "b"], message: "t1", on: "topic")
        var main = try fixture.commit(["c": "c"], message: "m1")
        main = try fixture.commit(["c": "c2"], message: "m2")
        let counts = try fixture.repository.aheadBehind(main, topic)
        #expect(counts.ahead == 2)
        #expect(counts.behind == 1)
        let same = try fixture.repository.aheadBehind(main, main)
        #expect(same.ahead == 0 && same.behind == 0)
        #expect(try runGit(["rev-list", "--left-right", "--count", "\(main.hex)...\(topic.hex)"], in: fixture.path) == "2\t1\n")
    }
}
