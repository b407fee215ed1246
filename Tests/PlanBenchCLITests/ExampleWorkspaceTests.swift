import Foundation
import PlanBench
import PlanDocument
import PlanSchema
import Testing

/// `planbench init --example` on the embedded corpus, and the commands that read it.
@Suite struct ExampleWorkspaceTests {
    func example(_ scratch: ScratchDirectory) throws -> String {
        let result = planbench(["init", "--example", "ws"], in: scratch.path)
        try #require(result.status == 0, "\(result.stderr)")
        return scratch.file("ws")
    }

    @Test func historyHasSeveralAuthorsDatesAndAConcurrentDraftBranch() throws {
        let scratch = ScratchDirectory()
        let ws = try example(scratch)
        let authors = Set(try git(["log", "--format=%ae"], in: ws).stdout.split(separator: "\n"))
        #expect(authors.count >= 4)
        let dates = Set(try git(["log", "--format=%ad", "--date=short"], in: ws).stdout.split(separator: "\n"))
        #expect(dates.count >= 5)
        let branches = try git(["branch", "--format=%(refname:short)"], in: ws).stdout.split(separator: "\n")
        #expect(branches.contains("main"))
        #expect(branches.count >= 2)
        #expect(try git(["status", "--porcelain"], in: ws).stdout.isEmpty)
        #expect(try git(["fsck", "--strict"], in: ws).status == 0)
    }

    @Test func validateFindsTheDeliberateDefectsAndNoErrors() throws {
        let scratch = ScratchDirectory()
        let ws = try example(scratch)
        let result = planbench(["validate", "--format", "json"], in: ws)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        let findings = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]] ?? []
        let codes = findings.compactMap { $0["code"] as? String }
        #expect(codes.contains("role-contradiction"))
        #expect(codes.contains("suspect-citation"))
        #expect(!findings.contains { $0["severity"] as? String == "error" })
    }

    @Test func coverageJSONHasOneEntryPerSectionWithPlanFlags() throws {
        let scratch = ScratchDirectory()
        let ws = try example(scratch)
        let result = planbench(["coverage", "--format", "json"], in: ws)
        #expect(result.status == 0, "\(result.stderr)")
        let sections = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]] ?? []
        #expect(sections.count == 69)
        let ivA1 = try #require(sections.first { $0["section"] as? String == "IV.A.1" })
        let plans = ivA1["plans"] as? [[String: Any]] ?? []
        let isr = try #require(plans.first { $0["plan"] as? String == "isr-peacetime" })
        #expect(isr["suspect"] as? Bool == true)
        #expect(isr["status"] as? String != nil)
        let bmd = try #require(sections.first { $0["section"] as? String == "IV.C.2.b.ii" })
        let amd = (bmd["plans"] as? [[String: Any]] ?? []).first { $0["plan"] as? String == "air-missile-defense" }
        #expect(amd?["roleConsistent"] as? Bool == false)
        #expect(sections.contains { ($0["plans"] as? [Any])?.isEmpty == true })
    }

    @Test func citingASectionThatDoesNotExistIsRefused() throws {
        let scratch = ScratchDirectory()
        let ws = try example(scratch)
        let before = try scratch.read("ws/plans/space-cooperation.yaml")
        let result = planbench(["cite", "space-cooperation", "space-situational-awareness", "VI.Z"], in: ws)
        #expect(result.status == 2)
        #expect(result.stderr.contains("VI.Z does not exist"))
        #expect(try scratch.read("ws/plans/space-cooperation.yaml") == before)
        // And a hand-written citation of it blocks the save.
        try scratch.write("ws/plans/space-cooperation.yaml", before.replacingOccurrences(of: "section: VI.A", with: "section: VI.Z"))
        let save = planbench(["save", "-m", "bad citation"], in: ws)
        #expect(save.status == 1)
        #expect(save.stderr.contains("section VI.Z does not exist in jus-2015"))
    }

    @Test func diffShowsWordLevelProseAndGroupsByGuideline() throws {
        let scratch = ScratchDirectory()
        let ws = try example(scratch)
        let text = planbench(["diff", "HEAD~3", "HEAD", "--by-guideline"], in: ws)
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("== IV.B.2  Maritime Security"))
        #expect(text.stdout.contains("{+within one hour of detection +}"))
        let patch = planbench(["diff", "HEAD~1", "HEAD", "--format", "patch"], in: ws)
        let operations = try JSONSerialization.jsonObject(with: Data(patch.stdout.utf8)) as? [[String: Any]] ?? []
        #expect(!operations.isEmpty)
        #expect(operations.allSatisfy { ["add", "remove", "replace", "move"].contains($0["op"] as? String ?? "") })
    }

    @Test func editionsAreComparedThroughTheCrosswalk() throws {
        let scratch = ScratchDirectory()
        let ws = try example(scratch)
        let result = planbench(["diff", "--editions", "jus-1997", "jus-2015", "--format", "json"], in: ws)
        #expect(result.status == 0, "\(result.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        let changes = json?["changes"] as? [[String: Any]] ?? []
        let relations = Set(changes.compactMap { $0["relation"] as? String })
        #expect(relations.isSuperset(of: ["renumbered", "rewritten"]))
        let v = changes.first { ($0["from"] as? [String]) == ["V"] }
        #expect((v?["to"] as? [String])?.contains("IV.B") == true)
    }
}

/// `diff --format json` matches its documented schemas (Schemas/workspace-diff.schema.json and diff.schema.json).
@Suite struct DiffJSONSchemaTests {
    @Test func diffJSONOutputValidatesAgainstItsSchema() throws {
        let scratch = ScratchDirectory()
        try #require(planbench(["init", "--example", "ws"], in: scratch.path).status == 0)
        let ws = scratch.file("ws")
        var registry = SchemaRegistry()
        let diffSchema = try JSONReader().read(try #require(EmbeddedResources.schemas["diff.schema.json"]))
        registry.register(diffSchema, uri: try #require(diffSchema["$id"]?.string))
        let schema = try JSONReader().read(try #require(EmbeddedResources.schemas["workspace-diff.schema.json"]))
        let validator = try Validator(schema: schema, registry: registry)
        for arguments in [["diff", "HEAD~3", "HEAD", "--format", "json"], ["diff", "HEAD~3", "HEAD", "--format", "json", "--by-guideline"]] {
            let result = planbench(arguments, in: ws)
            #expect(result.status == 0, "\(result.stderr)")
            let output = try JSONReader().read(result.stdout)
            #expect(output["documents"]?.sequence?.isEmpty == false)
            let verdict = validator.validate(output)
            #expect(verdict.isValid, "\(verdict.errors.prefix(5).map(\.description))")
        }
        // And a wrong shape is caught, so the check above can fail.
        #expect(!validator.validate(["format": "planbench-workspace-diff/1", "old": "a", "new": "b", "documents": [["path": "x"]]]).isValid)
    }
}
