// Reviews: the list (/reviews), one review (/reviews/ID: findings with their
// evidence and log, dispositions, sign-offs, the decision), its HTML report
// (/reviews/ID/report: PlanReport's page, as `planbench report review` writes
// it), and the three writes the desk makes: dispose a finding, add a finding,
// comment on one.
// Each write is the CLI's workspace call with the configured author, made
// only against the version of the record the page showed (else 409: reload).
import Foundation
import Hummingbird
import PlanBench
import PlanReport
import PlanReview

enum ReviewRoutes {
    static let findingsPerPage = 100

    /// The report's own policy (it is one self-contained page: its styles in a
    /// `<style>` element, no script, nothing loaded), framed by no one, as the
    /// desk's pages. It allows no script at all, so it is stricter than the
    /// desk's on what matters; the desk's `style-src 'self'` would drop its styles.
    static let reportPolicy = ReviewReportHTML.contentSecurityPolicy + "; frame-ancestors 'none'"

    static func add(to router: Router<BasicRequestContext>, desk: Desk) {
        router.get("/reviews") { _, _ in
            desk.respond { try desk.withWorkspace { workspace in try list(workspace, desk: desk) } }
        }
        router.get("/reviews/:id") { request, context in
            let id = context.parameters.get("id") ?? ""
            let query = FormData(query: request.uri.query)
            return desk.respond {
                try desk.withWorkspace { workspace in
                    try page(
                        workspace, desk: desk, id: id, status: query.value("status"), page: Int(query.value("page") ?? "") ?? 1,
                        committed: query.value("committed").flatMap { c in c.allSatisfy(\.isHexDigit) && c.count <= 40 ? c : nil })
                }
            }
        }
        router.get("/reviews/:id/report") { _, context in
            let id = context.parameters.get("id") ?? ""
            return desk.cachedPage("/reviews/\(id)/report", contentSecurityPolicy: reportPolicy) { workspace in
                HTML(trusted: ReviewReportHTML.render(try workspace.reviewReport(id: id, generated: desk.today)))
            }
        }
        router.post("/reviews/:id/findings/:finding/dispose") { request, context in
            var request = request
            let form = try await WriteCheck.form(&request, configuration: desk.configuration)
            let id = context.parameters.get("id") ?? "", finding = context.parameters.get("finding") ?? ""
            return write(desk, review: id, finding: finding) { workspace in
                let disposition = try disposition(from: form)
                let rationale = form.value("rationale")
                if disposition != .reopen && rationale == nil {
                    throw PlanBenchError.usage("give a rationale: say why (it is kept in the finding's log)")
                }
                return try workspace.disposeFinding(
                    id: id, finding: finding, disposition: disposition, rationale: rationale, author: try desk.signature(),
                    expecting: form.value("version")).1
            }
        }
        router.post("/reviews/:id/findings/:finding/comment") { request, context in
            var request = request
            let form = try await WriteCheck.form(&request, configuration: desk.configuration)
            let id = context.parameters.get("id") ?? "", finding = context.parameters.get("finding") ?? ""
            return write(desk, review: id, finding: finding) { workspace in
                try workspace.commentOnFinding(
                    id: id, finding: finding, text: form["text"] ?? "", author: try desk.signature(), expecting: form.value("version")).1
            }
        }
        router.post("/reviews/:id/findings") { request, context in
            var request = request
            let form = try await WriteCheck.form(&request, configuration: desk.configuration)
            let id = context.parameters.get("id") ?? ""
            var added = ""
            return write(desk, review: id, finding: nil, anchor: { added }) { workspace in
                // The same checks as `review add-finding`'s validate().
                let plan = form.value("plan"), section = form.value("section"), guideline = form.value("guidelineSection")
                if section != nil && plan == nil { throw PlanBenchError.usage("a plan section needs its plan") }
                if plan == nil && guideline == nil { throw PlanBenchError.usage("say what the finding is about: a plan (and section) and/or a Guideline section") }
                guard let note = form.value("note") else { throw PlanBenchError.usage("the note is empty; say what was found") }
                guard let severity = Finding.Severity(rawValue: form.value("severity") ?? "") else { throw PlanBenchError.usage("choose a severity: low, medium or high") }
                let kind = Finding.Kind(rawValue: form.value("kind") ?? "other") ?? .other
                let target = Finding.Target(plan: plan, planSection: section, edition: nil, guidelineSection: guideline)
                let (_, findingID, outcome) = try workspace.addReviewFinding(
                    id: id, target: target, kind: kind, severity: severity, owner: form.value("owner"), note: note,
                    author: try desk.signature(), expecting: form.value("version"))
                added = findingID
                return outcome
            }
        }
    }

    /// Makes one write and answers 303 to the review page (Post/Redirect/Get),
    /// naming the commit; a refusal is a page saying why (409 when the record
    /// changed since the page was loaded).
    static func write(
        _ desk: Desk, review id: String, finding: String?, anchor: () -> String = { "" }, _ body: (Workspace) throws -> SaveOutcome
    ) -> Response {
        do {
            let outcome = try desk.withWorkspace { workspace in
                let outcome = try body(workspace)
                // As the CLI does after a step that moved the branch: an existing index follows.
                workspace.refreshIndexIfPresent()
                return outcome
            }
            let query: [(String, String)] = outcome.commit.map { [("committed", $0.hex)] } ?? []
            let fragment = finding ?? anchor()
            let location = URLPath(segments: ["reviews", id], query: query, fragment: fragment.isEmpty ? nil : fragment).string
            return Response(status: .seeOther, headers: [.location: location])
        } catch {
            return Desk.errorResponse(error)
        }
    }

    static func disposition(from form: FormData) throws -> Disposition {
        switch form.value("disposition") {
        case "remediate":
            guard let owner = form.value("owner"), let deadline = form.value("deadline") else {
                throw PlanBenchError.usage("remediate needs an owner party and a deadline")
            }
            return .remediate(owner: owner, deadline: deadline)
        case "accept": return .accept
        case "not-applicable": return .notApplicable(until: form.value("until"))
        case "reopen": return .reopen
        default: throw PlanBenchError.usage("choose a disposition: remediate, accept, not-applicable or reopen")
        }
    }

    static func list(_ workspace: Workspace, desk: Desk) throws -> HTML {
        let rows: [HTML] = try workspace.reviews().map { r in
            "<tr><td><a href=\"\(url: URLPath("reviews", r.id))\">\(r.id)</a></td><td>\(r.type.rawValue)</td><td><span class=\"badge\">\(r.state.rawValue)</span></td><td>\(r.edition)</td><td>\(r.opened)</td><td>\(r.closed.map { "closed \($0)" } ?? "due \(r.due)")</td><td>\(r.scope.count)</td><td>\(r.openFindings.count) / \(r.findings.count)</td><td>\(r.decision?.rawValue)</td></tr>\n"
        }
        let body: HTML = """
            <h1>Reviews</h1>
            \(rows.isEmpty ? "<p>No reviews yet; open one with <code>planbench review open ID</code>.</p>" as HTML : "<table id=\"review-list\"><tr><th>Review</th><th>Type</th><th>State</th><th>Edition</th><th>Opened</th><th>Due / closed</th><th>Plans</th><th>Open / findings</th><th>Decision</th></tr>\(rows)</table>")
            """
        return Layout.page("Reviews", area: .reviews, context: desk.pageContext(workspace), body)
    }

    static func page(_ workspace: Workspace, desk: Desk, id: String, status: String?, page: Int, committed: String?) throws -> HTML {
        let record = try workspace.review(id)
        let context = desk.pageContext(workspace)
        let version = Workspace.version(of: record)
        let fingerprint = Workspace.contentFingerprint(of: record)
        let parties = CheckContext(source: workspace.workTree).configuration?.parties ?? []
        let isOpen = record.state != .closed
        let hidden: HTML = "<input type=\"hidden\" name=\"csrf\" value=\"\(context.csrf)\"><input type=\"hidden\" name=\"version\" value=\"\(version)\">"

        let filtered = status.map { s in record.findings.filter { $0.status.rawValue == s } } ?? record.findings
        let pages = max(1, (filtered.count + findingsPerPage - 1) / findingsPerPage)
        let current = min(max(page, 1), pages)
        let shown = filtered.dropFirst((current - 1) * findingsPerPage).prefix(findingsPerPage)
        let findings: [HTML] = shown.map { finding(record, $0, parties: parties, hidden: hidden, isOpen: isOpen) }

        var counts: [String: Int] = [:]
        for f in record.findings { counts[f.status.rawValue, default: 0] += 1 }
        let filters: [HTML] = ["all"] + Finding.Status.allCases.map(\.rawValue).filter { counts[$0] != nil }.map { s -> HTML in
            s == (status ?? "") ? "<strong>\(s) (\(counts[s] ?? 0))</strong>" : "<a href=\"\(url: URLPath(segments: ["reviews", id], query: [("status", s)]))\">\(s) (\(counts[s] ?? 0))</a>"
        }
        func pageLink(_ n: Int, _ label: String) -> HTML {
            var query: [(String, String)] = [("page", String(n))]
            if let status { query.insert(("status", status), at: 0) }
            return "<a href=\"\(url: URLPath(segments: ["reviews", id], query: query))\">\(label)</a>"
        }
        let pager: HTML = pages == 1 ? "" : "<p class=\"pager\">Findings page \(current) of \(pages) \(current > 1 ? pageLink(current - 1, "← previous") : "") \(current < pages ? pageLink(current + 1, "next →") : "")</p>"

        let signoffs: [HTML] = record.signoffs.map { s in
            let isCurrent = record.isCurrent(s, fingerprint: fingerprint)
            return "<tr><td>\(s.party)</td><td>\(s.name) <span class=\"muted\">\(s.email)</span></td><td>\(s.meaning.rawValue)</td><td>\(s.at)</td><td><span class=\"badge \(isCurrent ? "current" : "outdated")\">\(isCurrent ? "current" : "outdated")</span></td></tr>"
        }
        let reviewers: [HTML] = record.reviewers.map { "<li>\($0.name) <span class=\"muted\">\($0.email)</span> for \($0.party)\($0.remit.map { " — \($0)" })</li>" }
        let blockers: [HTML] = isOpen ? record.concurrenceBlockers.map { "<li>\($0)</li>" } : []
        let scope: [HTML] = record.scope.prefix(30).map { "<a href=\"\(url: URLPath("plans", $0))\">\($0)</a>" }
        let recordLog: [HTML] = record.log.suffix(20).map { "<li><span class=\"muted\">\($0.at)</span> \($0.by): <strong>\($0.action)</strong> \($0.note)</li>" }

        let addForm: HTML = isOpen ? """
            <h2>Add a finding</h2>
            <form method="post" action="\(url: URLPath("reviews", id, "findings"))" class="box" id="add-finding">\(hidden)
            <label>Plan <input type="text" name="plan" list="scope-plans" size="24"></label>
            <label>Plan section <input type="text" name="section" size="18"></label>
            <label>Guideline section <input type="text" name="guidelineSection" size="10"></label>
            <label>Severity <select name="severity"><option>low</option><option selected>medium</option><option>high</option></select></label>
            <label>Kind <select name="kind">\(Finding.Kind.allCases.map { "<option\($0 == .other ? " selected" : "")>\($0.rawValue)</option>" as HTML })</select></label>
            <label>Owner <select name="owner"><option value="">(none)</option>\(parties.map { "<option>\($0)</option>" as HTML })</select></label>
            <label class="block">Note <textarea name="note" required></textarea></label>
            <button type="submit">Add finding as \(context.author)</button>
            <datalist id="scope-plans">\(record.scope.prefix(500).map { "<option value=\"\($0)\">" as HTML })</datalist>
            </form>
            """ : ""

        let notice: HTML? = committed.map { "Committed <span class=\"mono\" id=\"committed\">\(String($0.prefix(12)))</span> as \(context.author)." }
        let body: HTML = """
            <h1>Review \(record.id) <span class="badge">\(record.state.rawValue)</span></h1>
            <p>\(record.type.rawValue) review against <a href="\(url: URLPath("guidelines", record.edition))">\(record.edition)</a> · baseline <span class="mono">\(record.baseline.isEmpty ? "(none)" : String(record.baseline.prefix(12)))</span> · opened \(record.opened) · \(record.closed.map { "closed \($0)" } ?? "due \(record.due)")</p>
            <p id="report"><a href="\(url: URLPath("reviews", record.id, "report"))">HTML report</a> <span class="muted">(the page <code>planbench report review \(record.id)</code> writes: coverage heatmap, findings, actions, changes, trend, sign-offs)</span></p>
            <p>Scope: \(record.scope.count) plan\(record.scope.count == 1 ? "" : "s"): \(scope.joined(separator: ", "))\(record.scope.count > 30 ? " …" : "")</p>
            \(reviewers.isEmpty ? "" : "<h3>Reviewers</h3><ul>\(reviewers)</ul>" as HTML)
            <div class="grid">
            <section class="card"><h2>Decision</h2><p id="decision">\(record.decision.map { "<strong>\($0.rawValue)</strong>" as HTML } ?? "none proposed yet")\(record.decisionRationale.map { " — \($0)" })\(record.nextReview.map { "; next review \($0)" })</p>
            \(blockers.isEmpty ? "" : "<h3>To do before concurrence</h3><ul>\(blockers)</ul>" as HTML)</section>
            <section class="card"><h2>Sign-offs</h2>\(signoffs.isEmpty ? "<p class=\"muted\">None yet (planbench review sign).</p>" as HTML : "<table id=\"signoffs\"><tr><th>Party</th><th>Signer</th><th>Meaning</th><th>At</th><th></th></tr>\(signoffs)</table>")</section>
            </div>
            <h2>Findings</h2>
            <p>\(filters.joined(separator: " · "))</p>
            \(pager)
            \(findings)
            \(pager)
            \(addForm)
            <h2>Record log</h2><ol class="log">\(recordLog)</ol>

            """
        return Layout.page("Review \(record.id)", area: .reviews, context: context, notice: notice, body)
    }

    static func finding(_ record: ReviewRecord, _ f: Finding, parties: [String], hidden: HTML, isOpen: Bool) -> HTML {
        var target: [HTML] = []
        if let plan = f.target.plan {
            target.append("<a href=\"\(url: URLPath("plans", plan, fragment: f.target.planSection))\">\(f.target.planSection.map { "\(plan)/\($0)" } ?? plan)</a>")
        }
        if let g = f.target.guidelineSection {
            let edition = f.target.edition ?? record.edition
            target.append("<a href=\"\(url: URLPath("guidelines", edition, fragment: g))\">\(edition) \(g)</a>")
        }
        for extra in [f.target.task.map { "task \($0)" }, f.target.actor.map { "actor \($0)" }, f.target.party.map { "party \($0)" }].compactMap({ $0 }) {
            target.append("\(extra)")
        }
        var evidence: [HTML] = []
        if let commit = f.evidence.commit { evidence.append("commit <span class=\"mono\">\(String(commit.prefix(12)))</span>") }
        if let location = f.evidence.location { evidence.append("at <span class=\"mono\">\(location)</span>") }
        let log: [HTML] = f.log.map { "<li><span class=\"muted\">\($0.at)</span> \($0.by): <strong>\($0.action)</strong>\($0.note.map { " — \($0)" })</li>" }
        var status: HTML = "<span class=\"badge \(f.status.rawValue)\">\(f.status.rawValue)</span>"
        if let r = f.remediation { status += " \(r.owner) by \(r.deadline)" }
        if let until = f.until { status += " until \(until)" }
        let forms: HTML = !isOpen ? "" : """
            <details><summary>Dispose</summary>
            <form method="post" action="\(url: URLPath("reviews", record.id, "findings", f.id, "dispose"))" class="box dispose">\(hidden)
            <label>Disposition <select name="disposition"><option value="remediate">remediate</option><option value="accept">accept</option><option value="not-applicable">not applicable</option><option value="reopen">reopen</option></select></label>
            <label>Owner (remediate) <select name="owner"><option value="">—</option>\(parties.map { "<option>\($0)</option>" as HTML })</select></label>
            <label>Deadline (remediate) <input type="date" name="deadline"></label>
            <label>Until (not applicable) <input type="date" name="until"></label>
            <label class="block">Rationale <textarea name="rationale"></textarea></label>
            <button type="submit">Dispose</button>
            </form></details>
            <details><summary>Comment</summary>
            <form method="post" action="\(url: URLPath("reviews", record.id, "findings", f.id, "comment"))" class="box comment">\(hidden)
            <label class="block">Comment <textarea name="text" required></textarea></label>
            <button type="submit">Add comment</button>
            </form></details>
            """
        return """
            <article class="card finding" id="\(f.id)">
            <h3><span class="mono">\(f.id)</span> \(status) <span class="badge \(f.severity.rawValue)">\(f.severity.rawValue)</span> <span class="kind">\(f.kind.rawValue)</span> \(target.joined(separator: " · "))</h3>
            <p class="note">\(f.note)</p>
            \(f.evidence.excerpt.map { "<blockquote class=\"guideline\">\($0)</blockquote>" as HTML } ?? "")
            <p class="muted">Origin \(f.origin)\(evidence.isEmpty ? "" : " · " as HTML)\(evidence.joined(separator: ", "))\(f.owner.map { " · owner \($0)" })</p>
            \(f.rationale.map { "<p>Rationale: \($0)</p>" as HTML } ?? "")
            <ol class="log">\(log)</ol>
            \(forms)
            </article>

            """
    }
}
