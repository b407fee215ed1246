import Foundation
import PlanGit
import Testing

/// Random change sets applied by `commit(updating:...)` must give the same files as a
/// plain dictionary model, including directories appearing, emptying and turning
/// into files.
@Suite struct ModelTests {
    /// A small deterministic generator (SplitMix64), so failures reproduce by seed.
    struct Generator {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Int((z ^ (z >> 31)) % UInt64(bound))
        }
    }

    enum Expected: Equatable { case ok, conflict, notAFile }

    @Test(arguments: [1, 2, 3] as [UInt64])
    func randomChangeSetsMatchADictionaryModel(seed: UInt64) throws {
        let fixture = try Fixture()
        let repository = fixture.repository
        let signature = Signature(name: "m", email: "m@m")
        let segments = ["a", "b", "c"]
        var random = Generator(state: seed)
        var model: [String: String] = [:]
        var head: ObjectID?
        var outcomes: [Expected: Int] = [:]

        for step in 0..<150 {
            var changes: [String: String?] = [:]
            for _ in 0..<(1 + random.next(3)) {
                let depth = 1 + random.next(3)
                let path = (0..<depth).map { _ in segments[random.next(segments.count)] }.joined(separator: "/")
                if random.next(3) == 0, !model.isEmpty {
                    let existing = model.keys.sorted()
                    changes[random.next(2) == 0 ? existing[random.next(existing.count)] : path] = .some(nil)
                } else {
                    changes[path] = "step \(step) \(path)"
                }
            }
            let expected = Self.predict(changes, model: model)
            outcomes[expected, default: 0] += 1
            do {
                let next = try repository.commit(
                    updating: head, changes: changes.mapValues { $0.map { Array($0.utf8) } },
                    message: "step \(step)", author: signature, committer: signature)
                #expect(expected == .ok, "step \(step): \(changes) on \(model.keys.sorted())")
                for (path, content) in changes {
                    model[path] = content
                }
                head = next
            } catch GitError.pathConflict {
                #expect(expected == .conflict, "step \(step): \(changes)")
            } catch GitError.notAFile {
                #expect(expected == .notAFile, "step \(step): \(changes)")
            }
            if let head {
                let files = try repository.files(in: head)
                #expect(files.keys.sorted() == model.keys.sorted(), "step \(step)")
            }
        }
        let head_ = try #require(head)
        for (path, content) in model {
            #expect(try fixture.text(at: path, in: head_) == content)
        }
        let listed = try runGit(["ls-tree", "-r", "--name-only", head_.hex], in: fixture.path)
        #expect(listed == model.keys.sorted().map { $0 + "\n" }.joined())
        #expect(try runGit(["fsck", "--strict", "--no-dangling"], in: fixture.path) == "")
        // Every kind of outcome was exercised, so the model was really tested.
        #expect(outcomes[.ok, default: 0] > 20)
        #expect(outcomes[.conflict, default: 0] > 5)
    }

    /// What applying `changes` to `model` should do, by the documented rules: writing
    /// both `a` and `a/b` conflicts; deleting a directory is refused (judged on the
    /// parent's tree); then a write conflicts with a file on its way or a directory
    /// at its place, judged after the deletions.
    static func predict(_ changes: [String: String?], model: [String: String]) -> Expected {
        func isDirectory(_ path: String, in files: [String: String]) -> Bool {
            files.keys.contains { $0.hasPrefix(path + "/") }
        }
        func ancestors(of path: String) -> [String] {
            var result: [String] = []
            var prefix = Substring(path)
            while let slash = prefix.lastIndex(of: "/") {
                prefix = prefix[..<slash]
                result.append(String(prefix))
            }
            return result
        }
        let additions = changes.filter { $0.value != nil }.map(\.key)
        if additions.contains(where: { ancestors(of: $0).contains(where: additions.contains) }) { return .conflict }
        var files = model
        for (path, content) in changes where content == nil {
            if isDirectory(path, in: model) { return .notAFile }
            files[path] = nil
        }
        for path in additions {
            if isDirectory(path, in: files) { return .conflict }
            if ancestors(of: path).contains(where: { files[$0] != nil }) { return .conflict }
        }
        return .ok
    }
}
