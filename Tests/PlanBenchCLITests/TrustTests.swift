import Foundation
import Testing

/// Edits people can trust: hints that work as printed, re-pinning that keeps
/// the author's bytes, checks that agree with each other.
@Suite struct TrustTests {
    func example(_ scratch: ScratchDirectory) throws -> String {
        let result = planbench(["init", "--example", "ws"], in: scratch.path)
        try #require(result.status == 0, "\(result.stderr)")
        return scratch.file("ws")
    }

    @Test func theSuspectCitationHintIsACommandThatWorksAsPrinted() throws {
        let scratch = ScratchDirectory()
        let ws = try example(scratch)
        let validate = planbench(["validate"], in: ws)
        let warnings = (validate.stdout + validate.stderr).split(separator: "\n").filter { $0.contains("is suspect") }
        try #require(warnings.count == 2)
        for warning in warnings {
            let hint = try #require(warning.range(of: "planbench ").map { String(warning[$0.upperBound...]) })
            let result = planbench(hint.split(separator: " ").map(String.init), in: ws)
            #expect(result.status == 0, "hint `planbench \(hint)` failed: \(result.stderr)")
        }
        #expect(planbench(["save", "-m", "Re-pin IV.A.1 after review"], in: ws).status == 0)
        let after = planbench(["validate"], in: ws)
        #expect(!(after.stdout + after.stderr).contains("is suspect"))
    }

    @Test func refreshChangesOnlyTheFingerprintLinesAndKeepsComments() throws {
        let scratch = ScratchDirectory()
        let ws = try example(scratch)
        let path = ws + "/plans/isr-peacetime.yaml"
        let original = try String(contentsOfFile: path, encoding: .utf8)
        let commented = "# Header comment kept\n" + original.replacingOccurrences(of: "status: approved", with: "status: approved  # TODO: confirm with J6")
        try commented.write(toFile: path, atomically: true, encoding: .utf8)
        let result = planbench(["cite", "isr-peacetime", "--refresh"], in: ws)
        #expect(result.status == 0, "\(result.stderr)")
        let after = try String(contentsOfFile: path, encoding: .utf8)
        let before = commented.split(separator: "\n", omittingEmptySubsequences: false)
        let now = after.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(before.count == now.count)
        let changed = zip(before, now).filter { $0 != $1 }
        #expect(changed.count == 2, "the two suspect IV.A.1 fingerprints")
        #expect(changed.allSatisfy { $0.0.contains("fingerprint: sha256:") && $0.1.contains("fingerprint: sha256:") })
        let unknown = planbench(["cite", "isr-peacetime", "nosuch", "--refresh"], in: ws)
        #expect(unknown.status == 2 && unknown.stderr.contains("has no section \"nosuch\""))
    }

    @Test func aNewPlanHasNoLastReviewedAndSaves() throws {
        let scratch = ScratchDirectory()
        let ws = try example(scratch)
        #expect(planbench(["new", "plan", "fresh", "--title", "Fresh plan"], in: ws).status == 0)
        let text = try String(contentsOfFile: ws + "/plans/fresh.yaml", encoding: .utf8)
        #expect(!text.contains("lastReviewed"))
        #expect(planbench(["save", "-m", "Start a fresh plan"], in: ws).status == 0)
        // A plan never reviewed is not overdue.
        let due = planbench(["review", "due", "--format", "json"], in: ws, environment: ["PLANBENCH_TODAY": "2026-11-26"])
        #expect(!due.stdout.contains("\"fresh\""))
    }

    @Test func coverageAndValidateCountTheSameSuspectCitationsAndContradictions() throws {
        let scratch = ScratchDirectory()
        let ws = try example(scratch)
        let validate = try JSONSerialization.jsonObject(with: Data(planbench(["validate", "--format", "json"], in: ws).stdout.utf8)) as? [[String: Any]] ?? []
        let onCurrentEdition = validate.filter { ($0["file"] as? String) != "plans/rear-area-support-1997.yaml" }
        let suspect = onCurrentEdition.filter { $0["code"] as? String == "suspect-citation" }.count
        let contradictions = onCurrentEdition.filter { $0["code"] as? String == "role-contradiction" }.count
        let summary = planbench(["coverage"], in: ws).stdout.split(separator: "\n").last.map(String.init) ?? ""
        #expect(summary.contains("\(suspect) suspect citation"), "\(summary) vs validate \(suspect)")
        #expect(summary.contains("\(contradictions) role contradiction"), "\(summary) vs validate \(contradictions)")
        #expect(suspect == 2 && contradictions == 2)
    }

    @Test func aSaveRefusesAChangeThatBreaksDocumentsOutsideIt() throws {
        let scratch = ScratchDirectory()
        let ws = try example(scratch)
        let count = { try git(["rev-list", "--count", "HEAD"], in: ws).stdout }
        let before = try count()
        let editionPath = ws + "/guidelines/jus-2015.yaml"
        let edition = try String(contentsOfFile: editionPath, encoding: .utf8)
        try edition.replacingOccurrences(of: "id: IV.A.6\n", with: "id: IV.A.9\n").write(toFile: editionPath, atomically: true, encoding: .utf8)
        let renumbered = planbench(["save", "-m", "Renumber IV.A.6"], in: ws)
        #expect(renumbered.status == 1)
        #expect(renumbered.stderr.contains("plans/logistic-support.yaml:"))
        #expect(renumbered.stderr.contains("section IV.A.6 does not exist in jus-2015"))
        try edition.write(toFile: editionPath, atomically: true, encoding: .utf8)

        let configPath = ws + "/planbench.yaml"
        let configuration = try String(contentsOfFile: configPath, encoding: .utf8)
        try configuration.replacingOccurrences(of: "  - id: jcg\n    name: Japan Coast Guard\n    party: japan\n", with: "")
            .write(toFile: configPath, atomically: true, encoding: .utf8)
        let removed = planbench(["save", "-m", "Drop the Coast Guard"], in: ws)
        #expect(removed.status == 1)
        #expect(removed.stderr.contains("plans/maritime-security.yaml:") && removed.stderr.contains("unknown actor \"jcg\""))
        try configuration.write(toFile: configPath, atomically: true, encoding: .utf8)
        #expect(try count() == before, "nothing was committed")

        // A change that only makes citations suspect is saved and names them.
        try edition.replacingOccurrences(of: "title: Maritime Operations\n", with: "title: Maritime Operations at Sea\n")
            .write(toFile: editionPath, atomically: true, encoding: .utf8)
        let retitled = planbench(["save", "-m", "Retitle IV.D.3"], in: ws)
        #expect(retitled.status == 0, "\(retitled.stderr)")
        #expect((retitled.stdout + retitled.stderr).contains("plans/maritime-security.yaml"))
        #expect((retitled.stdout + retitled.stderr).contains("made suspect by this change"))
        #expect(!(retitled.stdout + retitled.stderr).contains("isr-peacetime"), "citations suspect before the change are not news")
    }

    @Test func schemaErrorsSpeakInTermsOfThePlan() throws {
        let scratch = ScratchDirectory()
        let ws = try example(scratch)
        let path = ws + "/plans/maritime-security.yaml"
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let broken = text.replacingOccurrences(of: "title: Maritime Security", with: "titel: Maritime Security")
            .replacingOccurrences(of: "        responsibility: cooperate\n        scope: combined maritime presence schedule\n      - actor: us-forces", with: "        responsibility: cooperates\n        scope: combined maritime presence schedule\n      - actor: us-forces")
            .replacingOccurrences(of: "- id: ms-t1", with: "- id: \"ms t1\"")
        try broken.write(toFile: path, atomically: true, encoding: .utf8)
        let result = planbench(["validate", "plans/maritime-security.yaml"], in: ws)
        let output = result.stdout + result.stderr
        #expect(result.status == 1)
        #expect(output.contains("titel: unknown field \"titel\"; did you mean \"title\"?"))
        #expect(output.contains("sections[presence].roles[0].responsibility: expected one of"))
        #expect(output.contains("did you mean \"cooperate\"?"))
        #expect(output.contains("sections[presence].tasks[0].id: expected a stable identifier: letters, digits, dot, underscore and hyphen"))
        #expect(!output.contains("/sections/0"), "no JSON Pointers in messages for people")
    }
}

/// Messages say what happened in the command that ran, and what is in the way.
@Suite struct MessageTests {
    @Test func initIntoANonEmptyFolderSaysWhatIsThere() throws {
        let scratch = ScratchDirectory()
        try scratch.write("full/notes.txt", "mine\n")
        try scratch.write("full/.git/HEAD", "ref: refs/heads/main\n")
        let result = planbench(["init", "full"], in: scratch.path)
        #expect(result.status == 2)
        #expect(result.stderr.contains("is not empty: it holds .git, notes.txt (it is already a git repository)"), "\(result.stderr)")
    }

    @Test func onlyCommandsThatCommitSayNothingWasCommitted() throws {
        let scratch = ScratchDirectory()
        #expect(planbench(["init", "--example", "ws"], in: scratch.path).status == 0)
        let ws = scratch.file("ws")
        try (try scratch.read("ws/plans/cyber-defense.yaml")).replacingOccurrences(of: "title: ", with: "title: [broken ")
            .write(toFile: scratch.file("ws/plans/cyber-defense.yaml"), atomically: true, encoding: .utf8)
        for command in [["diff"], ["show", "cyber-defense", "--format", "json"], ["validate"]] {
            let result = planbench(command, in: ws)
            #expect(result.status != 0, "\(command)")
            #expect(!(result.stdout + result.stderr).contains("committed"), "\(command): \(result.stderr)")
            #expect(!(result.stdout + result.stderr).lowercased().contains("save again"), "\(command)")
        }
        let save = planbench(["save", "-m", "x"], in: ws)
        #expect(save.status == 1 && save.stderr.contains("nothing was committed"))
    }
}

/// Shell completions ask planbench for the ids of the workspace the shell is in.
@Suite struct CompletionTests {
    @Test func completionsOfferPlanIdsSectionsAndBranches() throws {
        let executable = try planbenchExecutable()
        let scratch = ScratchDirectory()
        #expect(planbench(["init", "--example", "ws"], in: scratch.path).status == 0)
        let ws = scratch.file("ws")
        // The protocol the generated scripts use: ---completion SUBCOMMAND -- ARGUMENT WORD-INDEX CURSOR WORDS...
        let plans = try runProcess(executable, ["---completion", "show", "--", "positional@0", "2", "3", "planbench", "show", "mar"], in: ws)
        #expect(plans.stdout.split(separator: "\n") == ["maritime-security"], "\(plans.stdout)\(plans.stderr)")
        let sections = try runProcess(executable, ["---completion", "guidelines", "show", "--", "positional@0", "3", "6", "planbench", "guidelines", "show", "IV.C.2"], in: ws)
        #expect(sections.stdout.contains("IV.C.2.b.iii"))
        let branches = try runProcess(executable, ["---completion", "merge", "--", "positional@0", "2", "6", "planbench", "merge", "draft/"], in: ws)
        #expect(Set(branches.stdout.split(separator: "\n")) == ["draft/boarding-support", "draft/us-review"])
        let script = try runProcess(executable, ["--generate-completion-script", "bash"], in: ws)
        #expect(script.stdout.contains("---completion show -- positional@0"))
    }
}

/// YAML syntax errors say where the problem starts, in plain words.
@Suite struct YAMLSyntaxMessageTests {
    @Test(arguments: [
        ("title: \"Unclosed title\nstatus: draft\n", "1:8", "the quoted text that starts here is never closed"),
        ("title: T\nstatus:\n\t- draft\n", "3:1", "a tab character here; YAML indents with spaces only"),
        ("title: T\nparties: [japan, united-states\nstatus: draft\n", "2:10", "the list opened with [ here is not closed"),
        ("title: Cyber: defense\n", "1:13", "a colon followed by a space inside a value: put the value in quotes"),
    ])
    func syntaxErrorsPointWhereTheProblemStarts(text: String, position: String, words: String) throws {
        let scratch = ScratchDirectory()
        #expect(planbench(["init", "ws"], in: scratch.path).status == 0)
        try scratch.write("ws/plans/broken.yaml", "id: broken\n" + text)
        let result = planbench(["validate", "plans/broken.yaml"], in: scratch.file("ws"))
        let output = result.stdout + result.stderr
        let line = Int(position.split(separator: ":")[0])! + 1
        let expected = "plans/broken.yaml:\(line):\(position.split(separator: ":")[1]): error: "
        #expect(output.contains(expected + words), "\(output)")
    }
}

/// The role rule and citation rule on cases a planner would try.
@Suite struct RuleCaseTests {
    func example(_ scratch: ScratchDirectory) throws -> String {
        #expect(planbench(["init", "--example", "ws"], in: scratch.path).status == 0)
        return scratch.file("ws")
    }

    @Test func primaryWhereTheGuidelinesGiveOnlySupportIsAContradiction() throws {
        let scratch = ScratchDirectory()
        let ws = try example(scratch)
        // IV.B.4 (search and rescue) gives nobody primary responsibility; sdf only supports there.
        let text = try scratch.read("ws/plans/maritime-security.yaml")
        let changed = text.replacingOccurrences(of: "      - edition: jus-2015\n        section: IV.D.3\n", with: "      - edition: jus-2015\n        section: IV.B.4\n      - edition: jus-2015\n        section: IV.D.3\n")
            .replacingOccurrences(of: "      - actor: sdf\n        responsibility: cooperate\n        scope: minesweeping and escort\n", with: "      - actor: sdf\n        responsibility: primary\n        scope: minesweeping and escort\n")
        try #require(changed != text)
        try changed.write(toFile: ws + "/plans/maritime-security.yaml", atomically: true, encoding: .utf8)
        let validate = planbench(["validate", "plans/maritime-security.yaml"], in: ws)
        let output = validate.stdout + validate.stderr
        #expect(output.contains("gives sdf primary responsibility, but jus-2015 IV.B.4 says sdf has support responsibility"), "\(output)")
        #expect(planbench(["coverage", "--format", "json"], in: ws).stdout.contains("\"roleConsistent\" : false") || planbench(["coverage", "--format", "json"], in: ws).stdout.contains("\"roleConsistent\": false"))
    }

    @Test func citingTheSupersededEditionFromANewerPlanIsAWarning() throws {
        let scratch = ScratchDirectory()
        let ws = try example(scratch)
        let result = planbench(["cite", "maritime-security", "presence", "IV.1", "--edition", "jus-1997"], in: ws)
        #expect(result.status == 0, "\(result.stderr)")
        let validate = planbench(["validate", "plans/maritime-security.yaml"], in: ws)
        #expect((validate.stdout + validate.stderr).contains("cites jus-1997 IV.1, but the plan implements jus-2015, which supersedes jus-1997"))
    }
}
