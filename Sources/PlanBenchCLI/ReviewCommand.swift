import ArgumentParser
import PlanBench
import PlanDocument
import PlanReview

/// `planbench review ...`: the adequacy review, from opening to closing.
struct ReviewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review",
        abstract: "Periodic adequacy reviews: open, find, dispose, sign for both parties, close.",
        discussion: """
            A review checks the plans in its scope against a Guideline edition and records what it found in reviews/ID.yaml, one validated commit per step. Computed findings (uncovered-section, role-contradiction, suspect-citation, withdrawn-section, superseded-edition, review-overdue, task-overdue, missing-party-owner) keep their id when found again. Each finding is disposed (remediate, accept, not-applicable); a decision is proposed; a signer of each party concurs; then the review closes and the plans' lastReviewed is set.

            Example, start to finish:
              planbench review open 2026-q4 --due 2026-12-31
              planbench review show 2026-q4
              planbench review dispose 2026-q4 F-1a2b3c4d5e --accept --rationale "Covered by the NEO plan"
              planbench review decide 2026-q4 --decision adequate-with-actions
              planbench review sign 2026-q4 --party japan --meaning concurred --author "Sato Hanako <h.sato@example.mod.go.jp>"
              planbench review sign 2026-q4 --party united-states --meaning concurred --author "Emily Carter <emily.carter@example.mil>"
              planbench review close 2026-q4 --decision adequate-with-actions
              planbench report review 2026-q4 -o review.html

            "Today" is the local date unless --today or PLANBENCH_TODAY gives another (for reproducible reports and tests).
            """,
        subcommands: [
            ReviewOpen.self, ReviewRefresh.self, ReviewAddFinding.self, ReviewDispose.self, ReviewComment.self, ReviewDecide.self,
            ReviewSign.self, ReviewClose.self, ReviewAddReviewer.self, ReviewList.self, ReviewShow.self, ReviewDue.self,
        ]
    )
}

/// Options every review step that commits shares.
struct ReviewCommitOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Author, as \"Name <email>\" (default: PLANBENCH_AUTHOR, then git's user.name/user.email).", valueName: "AUTHOR"))
    var author: String?

    @Option(help: "Output format: text, or json (the record and the commit).")
    var format: ReportFormat = .text

    @OptionGroup var workspaceOptions: WorkspaceOptions

    func signature(for workspace: Workspace) throws -> AuthorSignature {
        try AuthorResolution.resolve(explicit: author, environment: Invocation.current.environment, repository: workspace.repository)
    }

    /// Prints what a step did: the record as JSON, or `message` and the commit.
    func report(_ record: ReviewRecord, _ outcome: SaveOutcome, workspace: Workspace, message: String) throws {
        switch format {
        case .json:
            var json = ReviewJSON.record(record)
            json["commit"] = outcome.commit.map { Node($0.hex) } ?? .null
            Terminal.print(JSONOutput.render(json))
        case .text:
            Terminal.print(message)
            if let commit = outcome.commit {
                Terminal.print("Committed \(commit.shortHex) on \(try workspace.branch()): \(Workspace.reviewPath(record.id))\(outcome.changes.count > 1 ? " and \(outcome.changes.count - 1) plan\(outcome.changes.count == 2 ? "" : "s")" : "")")
            } else {
                Terminal.print("Nothing changed.")
            }
        }
    }
}

/// `--today DATE`, else PLANBENCH_TODAY, else the local date.
struct TodayOption: ParsableArguments {
    @Option(help: ArgumentHelp("The review date (YYYY-MM-DD; default: PLANBENCH_TODAY, else today).", valueName: "DATE"))
    var today: String?

    func resolve() throws -> String {
        let value = today ?? Invocation.current.environment["PLANBENCH_TODAY"].flatMap { $0.isEmpty ? nil : $0 } ?? CalendarDate.today()
        guard CalendarDate.isValid(value) else {
            throw ValidationError("\(value) is not a date; write it as YYYY-MM-DD")
        }
        return value
    }
}

extension ReviewRecord.ReviewType: ExpressibleByArgument {}
extension ReviewRecord.Decision: ExpressibleByArgument {}
extension ReviewRecord.SignOff.Meaning: ExpressibleByArgument {}
extension Finding.Severity: ExpressibleByArgument {}
extension Finding.Kind: ExpressibleByArgument {}

struct ReviewOpen: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "open",
        abstract: "Open a review: compute the findings at HEAD and commit the record.",
        discussion: """
            The scope is every plan that is not superseded unless --plans names some. The record keeps the commit it was opened on (its baseline) and the edition's fingerprint.

            Examples:
              planbench review open 2026-q4
              planbench review open isr-2027 --plans isr-peacetime --kind triggered --due 2027-01-31
            """
    )

    @Argument(help: "Review id (letters, digits, '.', '_', '-'), e.g. 2026-q4.")
    var id: String

    @Option(help: "Kind of review: periodic, triggered or edition-change.")
    var kind: ReviewRecord.ReviewType = .periodic

    @Option(help: "Edition to review against (default: the workspace's default edition).")
    var edition: String?

    @Option(parsing: .upToNextOption, help: "Plan ids in scope (default: every plan not superseded).", completion: Completions.plans)
    var plans: [String] = []

    @Option(help: ArgumentHelp("Date the review should close by (default: 30 days after today).", valueName: "DATE"))
    var due: String?

    @OptionGroup var todayOption: TodayOption
    @OptionGroup var options: ReviewCommitOptions

    func run() throws {
        let workspace = try options.workspaceOptions.openWorkspace()
        let (record, outcome) = try workspace.openReview(
            id: id, type: kind, edition: edition, plans: plans.isEmpty ? nil : plans, due: due, today: try todayOption.resolve(),
            author: try options.signature(for: workspace))
        if options.format == .json { return try options.report(record, outcome, workspace: workspace, message: "") }
        Terminal.print("Opened review \(record.id): \(record.scope.count) plan\(record.scope.count == 1 ? "" : "s") against \(record.edition), due \(record.due).")
        ReviewText.printFindingSummary(record)
        try options.report(record, outcome, workspace: workspace, message: "Next: planbench review show \(record.id), then dispose each finding.")
    }
}

struct ReviewRefresh: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "refresh",
        abstract: "Recompute the findings at HEAD: add new ones, resolve the ones that no longer reproduce, keep dispositions.",
        discussion: """
            Example:
              planbench review refresh 2026-q4
            """
    )

    @Argument(help: "Review id.", completion: Completions.reviews)
    var id: String

    @OptionGroup var todayOption: TodayOption
    @OptionGroup var options: ReviewCommitOptions

    func run() throws {
        let workspace = try options.workspaceOptions.openWorkspace()
        let (record, summary, outcome) = try workspace.refreshReview(id: id, today: try todayOption.resolve(), author: try options.signature(for: workspace))
        if options.format == .json {
            var json = ReviewJSON.record(record)
            json["refresh"] = [
                "added": Node(summary.added), "resolved": Node(summary.resolved), "reopened": Node(summary.reopened),
                "unchanged": Node(summary.kept),
            ]
            json["commit"] = outcome.commit.map { Node($0.hex) } ?? .null
            Terminal.print(JSONOutput.render(json))
            return
        }
        try options.report(
            record, outcome, workspace: workspace,
            message: "Refreshed review \(id): \(summary.added.count) new, \(summary.resolved.count) resolved, \(summary.reopened.count) reopened, \(summary.kept) unchanged."
                + (summary.added.isEmpty ? "" : "\n  new: \(summary.added.joined(separator: ", "))")
                + (summary.resolved.isEmpty ? "" : "\n  resolved: \(summary.resolved.joined(separator: ", "))")
                + (summary.reopened.isEmpty ? "" : "\n  reopened: \(summary.reopened.joined(separator: ", "))"))
    }
}

struct ReviewAddFinding: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add-finding",
        abstract: "Record a finding a person made (origin: the author).",
        discussion: """
            Example:
              planbench review add-finding 2026-q4 --plan maritime-security --section ship-inspection --severity medium --note "No procedure for night boarding"
            """
    )

    @Argument(help: "Review id.", completion: Completions.reviews)
    var id: String

    @Option(help: "Plan the finding is about (must be in the review's scope).", completion: Completions.plans)
    var plan: String?

    @Option(help: "Section of that plan.")
    var section: String?

    @Option(help: "Guideline section the finding is about, e.g. IV.B.3.")
    var guidelineSection: String?

    @Option(help: "Kind (default: other).")
    var kind: Finding.Kind = .other

    @Option(help: "low, medium or high.")
    var severity: Finding.Severity

    @Option(help: "The party that owns the finding.")
    var owner: String?

    @Option(help: "What was found and why it matters.")
    var note: String

    @OptionGroup var options: ReviewCommitOptions

    func validate() throws {
        if section != nil && plan == nil { throw ValidationError("--section needs --plan") }
        if plan == nil && guidelineSection == nil { throw ValidationError("say what the finding is about: --plan PLAN [--section S] and/or --guideline-section G") }
        if note.allSatisfy(\.isWhitespace) { throw ValidationError("--note is empty; say what was found") }
    }

    func run() throws {
        let workspace = try options.workspaceOptions.openWorkspace()
        let target = Finding.Target(plan: plan, planSection: section, edition: nil, guidelineSection: guidelineSection)
        let (record, findingID, outcome) = try workspace.addReviewFinding(
            id: id, target: target, kind: kind, severity: severity, owner: owner, note: note, author: try options.signature(for: workspace))
        try options.report(record, outcome, workspace: workspace, message: "Added finding \(findingID) to review \(id); the review is \(record.state.rawValue).")
    }
}

struct ReviewDispose: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dispose",
        abstract: "Decide on a finding: remediate (who, by when), accept, or not applicable (optionally until a date).",
        discussion: """
            Every disposition is appended to the finding's log with who and when. A resolved finding cannot be accepted; --reopen sends any disposed finding back to open.

            Examples:
              planbench review dispose 2026-q4 F-1a2b3c4d5e --remediate --owner japan --deadline 2027-03-31 --rationale "SDF to redraft the BMD roles"
              planbench review dispose 2026-q4 F-0f9e8d7c6b --accept --rationale "Deliberately left to the 2027 plan"
              planbench review dispose 2026-q4 F-5a4b3c2d1e --not-applicable --until 2027-12-31 --rationale "No refugee flows expected"
            """
    )

    @Argument(help: "Review id.", completion: Completions.reviews)
    var id: String

    @Argument(help: "Finding id (F-… or M-…), as review show lists them.")
    var finding: String

    @Flag(help: "Someone fixes it: give --owner PARTY and --deadline DATE.")
    var remediate = false

    @Flag(help: "Leave it as it is, for the reason given.")
    var accept = false

    @Flag(help: "It does not apply, for the reason given (found again after --until).")
    var notApplicable = false

    @Flag(help: "Send it back to open.")
    var reopen = false

    @Option(help: "Party that remediates.")
    var owner: String?

    @Option(help: ArgumentHelp("Date the remediation is due.", valueName: "DATE"))
    var deadline: String?

    @Option(help: ArgumentHelp("With --not-applicable: the date after which the finding is found again.", valueName: "DATE"))
    var until: String?

    @Option(help: "Why.")
    var rationale: String?

    @OptionGroup var options: ReviewCommitOptions

    func validate() throws {
        let chosen = [remediate, accept, notApplicable, reopen].filter { $0 }.count
        guard chosen == 1 else { throw ValidationError("choose one of --remediate, --accept, --not-applicable, --reopen") }
        if remediate && (owner == nil || deadline == nil) { throw ValidationError("--remediate needs --owner PARTY and --deadline DATE") }
        if !remediate && (owner != nil || deadline != nil) { throw ValidationError("--owner and --deadline go with --remediate") }
        if until != nil && !notApplicable { throw ValidationError("--until goes with --not-applicable") }
        if !reopen && (rationale ?? "").allSatisfy(\.isWhitespace) { throw ValidationError("give --rationale: say why (it is kept in the finding's log)") }
    }

    func run() throws {
        let disposition: Disposition =
            remediate ? .remediate(owner: owner!, deadline: deadline!) : accept ? .accept : notApplicable ? .notApplicable(until: until) : .reopen
        let workspace = try options.workspaceOptions.openWorkspace()
        let (record, outcome) = try workspace.disposeFinding(
            id: id, finding: finding, disposition: disposition, rationale: rationale, author: try options.signature(for: workspace))
        let status = record.findings.first { $0.id == finding }?.status.rawValue ?? ""
        let left = record.openFindings.count
        try options.report(record, outcome, workspace: workspace, message: "Finding \(finding) is now \(status); \(left) finding\(left == 1 ? "" : "s") still open.")
    }
}

struct ReviewComment: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "comment",
        abstract: "Add a comment to a finding's log (who and when); its status and the sign-offs are unchanged.",
        discussion: """
            A comment is an entry with action `comment` appended to the finding's log, one validated commit like every review step. Comments are not part of the signed content, so they never outdate a sign-off.

            Example:
              planbench review comment 2026-q4 F-1a2b3c4d5e --text "JSO asked for the draft by Friday"
            """
    )

    @Argument(help: "Review id.", completion: Completions.reviews)
    var id: String

    @Argument(help: "Finding id (F-… or M-…), as review show lists them.")
    var finding: String

    @Option(help: "The comment.")
    var text: String

    @OptionGroup var options: ReviewCommitOptions

    func validate() throws {
        if text.allSatisfy(\.isWhitespace) { throw ValidationError("--text is empty; say something") }
    }

    func run() throws {
        let workspace = try options.workspaceOptions.openWorkspace()
        let (record, outcome) = try workspace.commentOnFinding(id: id, finding: finding, text: text, author: try options.signature(for: workspace))
        let count = record.findings.first { $0.id == finding }?.log.count { $0.action == "comment" } ?? 0
        try options.report(record, outcome, workspace: workspace, message: "Commented on finding \(finding) of review \(id) (\(count) comment\(count == 1 ? "" : "s")).")
    }
}

struct ReviewDecide: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decide",
        abstract: "Propose the decision the parties are asked to concur with.",
        discussion: """
            Changing the decision outdates earlier sign-offs.

            Example:
              planbench review decide 2026-q4 --decision adequate-with-actions --rationale "Remediations under way" --next-review 2027-12-01
            """
    )

    @Argument(help: "Review id.", completion: Completions.reviews)
    var id: String

    @Option(help: "adequate, adequate-with-actions, revise-plans or revise-guidelines.")
    var decision: ReviewRecord.Decision

    @Option(help: "Why.")
    var rationale: String?

    @Option(help: ArgumentHelp("Date of the next review (default at close: today plus the workspace's review cycle).", valueName: "DATE"))
    var nextReview: String?

    @OptionGroup var options: ReviewCommitOptions

    func run() throws {
        let workspace = try options.workspaceOptions.openWorkspace()
        let (record, outcome) = try workspace.decideReview(
            id: id, decision: decision, rationale: rationale, nextReview: nextReview, author: try options.signature(for: workspace))
        let next = record.state == ReviewRecord.State.awaitingConcurrence
            ? "the review awaits concurrence: a signer of each party runs planbench review sign \(id) --party PARTY --meaning concurred"
            : "the review stays open: \(record.openFindings.count) finding(s) to dispose first"
        try options.report(record, outcome, workspace: workspace, message: "Proposed decision \(decision.rawValue) for review \(id); \(next).")
    }
}

struct ReviewSign: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sign",
        abstract: "Sign the record for a party, as a signer of that party (matched by the author's email).",
        discussion: """
            The sign-off records the fingerprint of the record's content; any later change to findings or decision makes it outdated. `concurred` needs every finding disposed and a decision proposed.

            With an SSH key (--key, PLANBENCH_SIGNING_KEY or git's user.signingkey) the commit is signed as git signs with gpg.format=ssh, so `planbench verify` and `git verify-commit` check it; the key must be a current signer's of the party. reviewPolicy.requireSignatures makes the key mandatory.

            Example:
              planbench review sign 2026-q4 --party japan --meaning concurred --author "Sato Hanako <h.sato@example.mod.go.jp>"
            """
    )

    @Argument(help: "Review id.", completion: Completions.reviews)
    var id: String

    @Option(help: "The party signed for.")
    var party: String

    @Option(help: "reviewed or concurred.")
    var meaning: ReviewRecord.SignOff.Meaning

    @Option(help: ArgumentHelp("SSH key to sign the commit with (default: PLANBENCH_SIGNING_KEY, then git's user.signingkey; a .pub file uses ssh-agent). The key decides the signer.", valueName: "FILE"))
    var key: String?

    @OptionGroup var todayOption: TodayOption
    @OptionGroup var options: ReviewCommitOptions

    func run() throws {
        let workspace = try options.workspaceOptions.openWorkspace()
        let environment = Invocation.current.environment
        let signature = try options.signature(for: workspace)
        let signingKey = try workspace.signingKey(explicit: key, environment: environment)
        let (record, outcome) = try workspace.signReview(
            id: id, party: party, meaning: meaning, author: signature, key: signingKey, environment: environment, today: try todayOption.resolve())
        let signer = record.signoffs.last { $0.party == party }?.name ?? signature.name
        try options.report(record, outcome, workspace: workspace, message: "\(signer) signed review \(id) for \(party) (\(meaning.rawValue))\(signingKey.map { " with key \($0.publicKey.fingerprint)" } ?? "").")
    }
}

struct ReviewClose: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "close",
        abstract: "Close the review with the decision both parties concurred with; sets the plans' lastReviewed.",
        discussion: """
            Refused, with every reason listed, until every finding is disposed and every party has a current concurred sign-off. The closed record never changes again.

            Example:
              planbench review close 2026-q4 --decision adequate-with-actions
            """
    )

    @Argument(help: "Review id.", completion: Completions.reviews)
    var id: String

    @Option(help: "The decision (must be the one proposed and concurred with).")
    var decision: ReviewRecord.Decision

    @OptionGroup var todayOption: TodayOption
    @OptionGroup var options: ReviewCommitOptions

    func run() throws {
        let workspace = try options.workspaceOptions.openWorkspace()
        let (record, outcome) = try workspace.closeReview(
            id: id, decision: decision, today: try todayOption.resolve(), author: try options.signature(for: workspace),
            environment: Invocation.current.environment)
        try options.report(
            record, outcome, workspace: workspace,
            message: "Closed review \(id) on \(record.closed ?? ""): \(decision.rawValue); next review \(record.nextReview ?? ""). lastReviewed set on \(record.scope.count) plan\(record.scope.count == 1 ? "" : "s").")
    }
}

struct ReviewAddReviewer: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add-reviewer",
        abstract: "Name a reviewer for a party and what they look at (default: the author).",
        discussion: """
            Example:
              planbench review add-reviewer 2026-q4 --party japan --remit "Maritime plans" --name "Yamamoto Aiko" --email a.yamamoto@example.mod.go.jp
            """
    )

    @Argument(help: "Review id.", completion: Completions.reviews)
    var id: String

    @Option(help: "The party the reviewer reviews for.")
    var party: String

    @Option(help: "What the reviewer looks at.")
    var remit: String?

    @Option(help: "Reviewer's name (default: the author's).")
    var name: String?

    @Option(help: "Reviewer's email (default: the author's).")
    var email: String?

    @OptionGroup var options: ReviewCommitOptions

    func run() throws {
        let workspace = try options.workspaceOptions.openWorkspace()
        let signature = try options.signature(for: workspace)
        let reviewer = ReviewRecord.Reviewer(name: name ?? signature.name, email: email ?? signature.email, party: party, remit: remit)
        let (record, outcome) = try workspace.addReviewer(id: id, reviewer: reviewer, author: signature)
        try options.report(record, outcome, workspace: workspace, message: "\(reviewer.name) reviews \(id) for \(party).")
    }
}

struct ReviewList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the reviews on the current branch.",
        discussion: """
            JSON: [{id, type, state, edition, scope, opened, due, closed, decision, findings, open}].

            Example:
              planbench review list --format json
            """
    )

    @Option(help: "Output format.")
    var format: ReportFormat = .text

    @OptionGroup var workspaceOptions: WorkspaceOptions

    func run() throws {
        let workspace = try workspaceOptions.openWorkspace()
        let records = try workspace.reviews()
        if format == .json {
            Terminal.print(JSONOutput.render(records.map { r in
                [
                    "id": Node(r.id), "type": Node(r.type.rawValue), "state": Node(r.state.rawValue), "edition": Node(r.edition),
                    "scope": Node(r.scope), "opened": Node(r.opened), "due": Node(r.due), "closed": r.closed.map { Node($0) } ?? .null,
                    "decision": r.decision.map { Node($0.rawValue) } ?? .null, "findings": Node(r.findings.count),
                    "open": Node(r.openFindings.count),
                ] as Node
            }))
            return
        }
        guard !records.isEmpty else { return Terminal.print("No reviews yet; open one with planbench review open ID.") }
        for r in records {
            Terminal.print("\(r.id)  \(r.state.rawValue)  \(r.type.rawValue)  \(r.edition)  opened \(r.opened)  \(r.closed.map { "closed \($0)" } ?? "due \(r.due)")  \(r.scope.count) plan\(r.scope.count == 1 ? "" : "s")  \(r.findings.count) finding\(r.findings.count == 1 ? "" : "s") (\(r.openFindings.count) open)\(r.decision.map { "  \($0.rawValue)" } ?? "")")
        }
    }
}

struct ReviewShow: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show a review: scope, findings with their status, sign-offs (current or outdated), decision.",
        discussion: """
            Examples:
              planbench review show 2026-q4
              planbench review show 2026-q4 --format json
            """
    )

    @Argument(help: "Review id.", completion: Completions.reviews)
    var id: String

    @Option(help: "Output format.")
    var format: ReportFormat = .text

    @OptionGroup var workspaceOptions: WorkspaceOptions

    func run() throws {
        let workspace = try workspaceOptions.openWorkspace()
        let record = try workspace.review(id)
        if format == .json { return Terminal.print(JSONOutput.render(ReviewJSON.record(record))) }
        ReviewText.print(record)
    }
}

struct ReviewDue: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "due",
        abstract: "Plans and reviews due soon or overdue; exit 1 when something is overdue (for scheduled jobs).",
        discussion: """
            A plan is due when lastReviewed plus its review cycle falls within the window; an open review when its due date does.

            Examples:
              planbench review due
              planbench review due --within P90D --format json
            """
    )

    @Option(help: ArgumentHelp("Window ahead of today, as an ISO 8601 duration (default: reviewPolicy.dueSoonWindow, else P30D).", valueName: "DURATION"))
    var within: String?

    @Option(help: "Output format.")
    var format: ReportFormat = .text

    @OptionGroup var todayOption: TodayOption
    @OptionGroup var workspaceOptions: WorkspaceOptions

    func run() throws {
        let workspace = try workspaceOptions.openWorkspace()
        let report = try workspace.reviewsDue(today: try todayOption.resolve(), within: within)
        if format == .json {
            Terminal.print(JSONOutput.render([
                "today": Node(report.today), "within": Node(report.within),
                "items": Node(.sequence(report.items.map {
                    ["kind": Node($0.what.rawValue), "id": Node($0.id), "due": Node($0.due), "overdue": Node($0.isOverdue), "detail": Node($0.detail)]
                })),
            ] as Node))
        } else if report.items.isEmpty {
            Terminal.print("Nothing due by \(CalendarDate.adding(report.within, to: report.today) ?? report.today).")
        } else {
            for item in report.items {
                Terminal.print("\(item.isOverdue ? "OVERDUE " : "due soon") \(item.what.rawValue.padding(toLength: 6, withPad: " ", startingAt: 0)) \(item.id)  \(item.due)  (\(item.detail))")
            }
        }
        if report.hasOverdue { throw ExitCode(1) }
    }
}

/// Review records as JSON for `--format json`.
enum ReviewJSON {
    static func record(_ record: ReviewRecord) -> Node {
        var node = record.node
        let fingerprint = Workspace.contentFingerprint(of: record)
        node["contentFingerprint"] = Node(fingerprint)
        node["signoffs"] = Node(.sequence(record.signoffs.map { s in
            var item = Node(.mapping([
                "party": Node(s.party), "name": Node(s.name), "email": Node(s.email), "meaning": Node(s.meaning.rawValue),
                "at": Node(s.at), "fingerprint": Node(s.fingerprint),
            ]))
            item["current"] = Node(s.fingerprint == fingerprint)
            return item
        }))
        return node
    }
}

/// Review records as text.
enum ReviewText {
    static func printFindingSummary(_ record: ReviewRecord) {
        var counts: [Finding.Kind: Int] = [:]
        for finding in record.findings { counts[finding.kind, default: 0] += 1 }
        let parts = Finding.Kind.allCases.compactMap { kind in counts[kind].map { "\($0) \(kind.rawValue)" } }
        Terminal.print("\(record.findings.count) finding\(record.findings.count == 1 ? "" : "s")\(parts.isEmpty ? "" : ": " + parts.joined(separator: ", ")).")
    }

    static func print(_ record: ReviewRecord) {
        let fingerprint = Workspace.contentFingerprint(of: record)
        Terminal.print("Review \(record.id) (\(record.type.rawValue)) — \(record.state.rawValue)")
        Terminal.print("  edition \(record.edition), baseline \(record.baseline.isEmpty ? "(none)" : String(record.baseline.prefix(12))), opened \(record.opened), due \(record.due)\(record.closed.map { ", closed \($0)" } ?? "")")
        Terminal.print("  scope: \(record.scope.prefix(20).joined(separator: ", "))\(record.scope.count > 20 ? " … (\(record.scope.count) plans)" : "")")
        for r in record.reviewers { Terminal.print("  reviewer: \(r.name) <\(r.email)> for \(r.party)\(r.remit.map { " — \($0)" } ?? "")") }
        printFindingSummary(record)
        for f in record.findings {
            var status = f.status.rawValue
            if let r = f.remediation { status += " (\(r.owner) by \(r.deadline))" }
            if let until = f.until { status += " until \(until)" }
            Terminal.print("  \(f.id)  \(f.severity.rawValue.padding(toLength: 6, withPad: " ", startingAt: 0)) \(f.kind.rawValue)  \(f.target.label)  [\(status)]")
            Terminal.print("      \(Terminal.sanitized(f.note))")
            if let location = f.evidence.location { Terminal.print("      at \(location)\(f.evidence.excerpt.map { ": \(Terminal.sanitized($0))" } ?? "")") }
            if let rationale = f.rationale { Terminal.print("      rationale: \(Terminal.sanitized(rationale))") }
        }
        if let decision = record.decision {
            Terminal.print("  decision: \(decision.rawValue)\(record.decisionRationale.map { " — \(Terminal.sanitized($0))" } ?? "")\(record.nextReview.map { "; next review \($0)" } ?? "")")
        }
        for s in record.signoffs {
            Terminal.print("  signed: \(s.name) <\(s.email)> for \(s.party), \(s.meaning.rawValue), \(s.at) — \(s.fingerprint == fingerprint ? "current" : "OUTDATED (the record changed after it was signed)")")
        }
        if record.state != .closed {
            let blockers = record.concurrenceBlockers
            if !blockers.isEmpty { Terminal.print("  to do:\n" + blockers.map { "    - \($0)" }.joined(separator: "\n")) }
        }
    }
}
