import Foundation
import PlanBench
import PlanReview
import Testing

/// The review desk over real HTTP on loopback, against the example workspace.
@Suite struct ServeTests {
    @Test func everyRequestWithoutTheTokenGets401() async throws {
        let scratch = ScratchDirectory()
        let ws = try exampleWorkspace(scratch)
        try await withDesk(ws) { desk in
            for path in ["/", "/plans/isr-peacetime", "/reviews/2026-q4", "/static/desk.css", "/nowhere"] {
                let reply = try await desk.get(path, authorized: false)
                #expect(reply.status == 401, "\(path)")
                #expect(reply.header("Content-Security-Policy")?.contains("script-src 'self'") == true)
            }
            #expect(try await desk.get("/?token=wrong", authorized: false).status == 401)
            #expect(try await desk.get("/", authorized: false, headers: [("Cookie", "planbench_desk_x=\(desk.configuration.accessToken)")]).status == 401)
            // The token in the URL becomes a cookie, and leaves the address bar.
            let first = try await desk.get("/plans?status=draft&token=\(desk.configuration.accessToken)", authorized: false)
            #expect(first.status == 303)
            #expect(first.header("Location") == "/plans?status=draft")
            let cookie = try #require(first.header("Set-Cookie"))
            #expect(cookie.contains(desk.configuration.accessToken) && cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"))
            let page = try await desk.get("/")
            #expect(page.status == 200)
            #expect(page.header("Content-Security-Policy") == "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
        }
    }

    @Test func pagesShowTheWorkspaceAndTheAuthor() async throws {
        let scratch = ScratchDirectory()
        let ws = try exampleWorkspace(scratch)
        try await withDesk(ws) { desk in
            let dashboard = try await desk.get("/")
            #expect(dashboard.status == 200)
            for text in ["Plans by status", "in-review", "2026-q4", "Recent activity", "Open review 2026-q4", "id=\"coverage\"", "uncovered", "Desk Tester &lt;desk@example.org&gt;"] {
                #expect(dashboard.body.contains(text), "dashboard lacks \(text)")
            }
            // The coverage heatmap is the report's SVG, styled by the desk's stylesheet.
            try expectReportHeatmap(in: dashboard.body, plans: ["isr-peacetime", "maritime-security", "air-missile-defense"])
            let stylesheet = try await desk.get("/static/desk.css").body
            #expect(stylesheet.contains("svg.heatmap") && stylesheet.contains(".s-contradicted"))
            let plan = try await desk.get("/plans/isr-peacetime")
            #expect(plan.status == 200)
            // Citations: the cited text, the edition, suspect marks; the history with authors.
            for text in ["IV.A.1", "jus-2015", "badge suspect", "id=\"history\"", "Desk Tester"] {
                #expect(plan.body.contains(text), "plan page lacks \(text)")
            }
            let amd = try await desk.get("/plans/air-missile-defense")
            #expect(amd.body.contains("contradicted: "))
            let review = try await desk.get("/reviews/2026-q4")
            #expect(review.status == 200)
            #expect(review.body.contains("uncovered-section") && review.body.contains("Add a finding") && review.body.contains("class=\"box dispose\""))
            #expect(try await desk.get("/reviews").body.contains("2026-05-isr-annual"))
            #expect(try await desk.get("/plans").body.contains("maritime-security"))
            #expect(try await desk.get("/plans/no-such-plan").status == 404)
            #expect(try await desk.get("/reviews/no-such-review").status == 422)
        }
    }

    /// The dashboard's heatmap is `CoverageHeatmap`'s SVG (as in `report review`), not a table of its own.
    func expectReportHeatmap(in page: String, plans: [String], sourceLocation: SourceLocation = #_sourceLocation) throws {
        let start = try #require(page.range(of: "<svg class=\"heatmap\""), "no heatmap SVG", sourceLocation: sourceLocation)
        let end = try #require(page.range(of: "</svg>", range: start.upperBound..<page.endIndex), sourceLocation: sourceLocation)
        let svg = String(page[start.lowerBound..<end.upperBound])
        #expect(page.contains("<ul class=\"legend\">"), sourceLocation: sourceLocation)
        #expect(!page.contains("class=\"heat-"), "the old coverage table is gone", sourceLocation: sourceLocation)
        for plan in plans { #expect(svg.contains(">\(plan)<title>"), "no column for \(plan)", sourceLocation: sourceLocation) }
        // The example has uncovered sections, covered cells, a suspect citation (isr-peacetime) and a contradicted one (air-missile-defense).
        for state in ["uncovered", "covered", "suspect", "contradicted"] {
            #expect(svg.contains("class=\"cell s-\(state)\""), "no \(state) cell", sourceLocation: sourceLocation)
        }
        #expect(!svg.contains("style=") && !svg.contains("<script"), sourceLocation: sourceLocation)
    }

    @Test func theReviewPageLinksToItsHTMLReport() async throws {
        let scratch = ScratchDirectory()
        let ws = try exampleWorkspace(scratch)
        try await withDesk(ws) { desk in
            let review = try await desk.get("/reviews/2026-q4")
            #expect(review.body.contains("<a href=\"/reviews/2026-q4/report\">HTML report</a>"))
            let report = try await desk.get("/reviews/2026-q4/report")
            #expect(report.status == 200)
            #expect(report.header("Content-Type") == "text/html; charset=utf-8")
            // The report's own policy (its styles inline, no script at all), framed by no one.
            #expect(report.header("Content-Security-Policy") == "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
            // Self-contained: nothing the policy would block (no script, no external style, image or font).
            #expect(!report.body.contains("<script") && !report.body.contains("<link") && !report.body.contains("src=\"http"))
            #expect(report.body.contains("<style>") && report.body.contains("<svg class=\"heatmap\""))
            // The page `planbench report review` writes, for the same day.
            let written = cli(["report", "review", "2026-q4"], in: ws)
            #expect(written.status == 0, "\(written.stderr)")
            #expect(report.body == written.stdout)
            // Token-protected like every page; unknown reviews are refused.
            let anonymous = try await desk.get("/reviews/2026-q4/report", authorized: false)
            #expect(anonymous.status == 401 && !anonymous.body.contains("<svg"))
            #expect(anonymous.header("Content-Security-Policy")?.contains("script-src 'self'") == true)
            let unknown = try await desk.get("/reviews/no-such-review/report")
            #expect(unknown.status == 422 && unknown.header("Content-Security-Policy")?.contains("script-src 'self'") == true)
            #expect([404, 422].contains(try await desk.get("/reviews/..%2F..%2Fetc/report").status))
            // The desk's pages keep the desk's policy.
            #expect(try await desk.get("/reviews/2026-q4").header("Content-Security-Policy")?.contains("script-src 'self'") == true)
        }
    }

    @Test func disposingAFindingIsACommitByTheSignedInPerson() async throws {
        let scratch = ScratchDirectory()
        let ws = try exampleWorkspace(scratch)
        let record = try Workspace.open(at: ws).review("2026-q4")
        let finding = try #require(record.findings.first { $0.kind == .uncoveredSection })
        try await withDesk(ws) { desk in
            let page = try await desk.get("/reviews/2026-q4").body
            let version = try #require(hiddenField("version", in: page))
            let reply = try await desk.post("/reviews/2026-q4/findings/\(finding.id)/dispose", [
                ("version", version), ("disposition", "not-applicable"), ("until", "2027-12-31"), ("rationale", "No plan needed this cycle"),
            ])
            #expect(reply.status == 303, "\(reply.body)")
            let location = try #require(reply.header("Location"))
            #expect(location.hasPrefix("/reviews/2026-q4?committed=") && location.hasSuffix("#\(finding.id)"))
            let after = try await desk.get(location.components(separatedBy: "#")[0])
            #expect(after.body.contains("id=\"committed\""))
        }
        let log = cli(["log", "-n", "1", "--format", "json"], in: ws)
        let entry = try #require((JSONSerialization.jsonObject(with: Data(log.stdout.utf8)) as? [[String: Any]])?.first)
        #expect(entry["author"] as? String == "Desk Tester")
        #expect(entry["email"] as? String == "desk@example.org")
        #expect(entry["message"] as? String == "Review 2026-q4: \(finding.id) not applicable")
        let disposed = try #require(try Workspace.open(at: ws).review("2026-q4").findings.first { $0.id == finding.id })
        #expect(disposed.status == .notApplicable && disposed.until == "2027-12-31" && disposed.rationale == "No plan needed this cycle")
        #expect(disposed.log.last?.by == deskAuthor)
    }

    @Test func commentsAndPeoplesFindingsFromTheBrowser() async throws {
        let scratch = ScratchDirectory()
        let ws = try exampleWorkspace(scratch)
        try await withDesk(ws) { desk in
            var version = try #require(hiddenField("version", in: try await desk.get("/reviews/2026-q4").body))
            let added = try await desk.post("/reviews/2026-q4/findings", [
                ("version", version), ("plan", "maritime-security"), ("section", "ship-inspection"), ("severity", "high"),
                ("kind", "other"), ("owner", "japan"), ("note", "No procedure for boarding at night"),
            ])
            #expect(added.status == 303, "\(added.body)")
            #expect(added.header("Location")?.hasSuffix("#M-1") == true)
            version = try #require(hiddenField("version", in: try await desk.get("/reviews/2026-q4").body))
            let comment = try await desk.post("/reviews/2026-q4/findings/M-1/comment", [("version", version), ("text", "JSO drafts it by Friday")])
            #expect(comment.status == 303, "\(comment.body)")
            // Refusals say why and commit nothing.
            version = try #require(hiddenField("version", in: try await desk.get("/reviews/2026-q4").body))
            #expect(try await desk.post("/reviews/2026-q4/findings/M-1/comment", [("version", version), ("text", "   ")]).status == 422)
            #expect(try await desk.post("/reviews/2026-q4/findings/M-9/comment", [("version", version), ("text", "x")]).status == 422)
            #expect(try await desk.post("/reviews/2026-q4/findings/M-1/dispose", [("version", version), ("disposition", "accept")]).status == 422)
        }
        let record = try Workspace.open(at: ws).review("2026-q4")
        let mine = try #require(record.findings.first { $0.id == "M-1" })
        #expect(mine.origin == deskAuthor && mine.severity == .high && mine.target.planSection == "ship-inspection")
        #expect(mine.log.last?.action == "comment" && mine.log.last?.note == "JSO drafts it by Friday" && mine.log.last?.by == deskAuthor)
        let log = cli(["log", "-n", "2"], in: ws).stdout
        #expect(log.contains("Review 2026-q4: comment on M-1") && log.contains("Review 2026-q4: add a finding"))
    }

    @Test func writesNeedTheCSRFTokenAndASameOriginPost() async throws {
        let scratch = ScratchDirectory()
        let ws = try exampleWorkspace(scratch)
        let before = cli(["log", "-n", "1", "--format", "json"], in: ws).stdout
        let finding = try #require(try Workspace.open(at: ws).review("2026-q4").findings.first).id
        try await withDesk(ws) { desk in
            let fields = [("disposition", "accept"), ("rationale", "fine")]
            let path = "/reviews/2026-q4/findings/\(finding)/dispose"
            let wrongToken = try await desk.post(path, fields, csrf: "0000")
            #expect(wrongToken.status == 403)
            let otherOrigin = try await desk.post(path, fields, origin: "http://evil.example")
            #expect(otherOrigin.status == 403)
            let noOrigin = try await desk.request(
                "POST", path, headers: [("Cookie", desk.cookie), ("Content-Type", "application/x-www-form-urlencoded")],
                body: "disposition=accept&rationale=x&csrf=\(desk.configuration.csrfToken)")
            #expect(noOrigin.status == 403)
        }
        #expect(cli(["log", "-n", "1", "--format", "json"], in: ws).stdout == before)
    }

    @Test func aConcurrentCLIChangeIsNeverLost() async throws {
        let scratch = ScratchDirectory()
        let ws = try exampleWorkspace(scratch)
        let findings = try Workspace.open(at: ws).review("2026-q4").findings
        try await withDesk(ws) { desk in
            let version = try #require(hiddenField("version", in: try await desk.get("/reviews/2026-q4").body))
            // Someone disposes of a finding from the terminal after the page was loaded...
            let terminal = cli(["review", "dispose", "2026-q4", findings[0].id, "--accept", "--rationale", "from the terminal"], in: ws)
            #expect(terminal.status == 0, "\(terminal.stderr)")
            // ...so the page's form is refused, and the page says to reload.
            let reply = try await desk.post("/reviews/2026-q4/findings/\(findings[0].id)/dispose", [
                ("version", version), ("disposition", "remediate"), ("owner", "japan"), ("deadline", "2027-03-31"), ("rationale", "from the browser"),
            ])
            #expect(reply.status == 409)
            #expect(reply.body.contains("reload"))
        }
        let kept = try #require(try Workspace.open(at: ws).review("2026-q4").findings.first { $0.id == findings[0].id })
        #expect(kept.status == .accepted && kept.rationale == "from the terminal")
    }

    @Test func documentContentIsEscaped() async throws {
        let scratch = ScratchDirectory()
        let ws = try exampleWorkspace(scratch)
        let path = ws + "/plans/cyber-defense.yaml"
        var text = try String(contentsOfFile: path, encoding: .utf8)
        text = text.replacingOccurrences(of: "\ntitle: ", with: "\ntitle: \"<script>alert('x')</script><img src=x onerror=alert(1)> \" # ", options: [], range: text.range(of: "\ntitle: "))
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let saved = cli(["save", "-m", "A hostile title"], in: ws)
        try #require(saved.status == 0, "\(saved.stderr)")
        try await withDesk(ws) { desk in
            for page in ["/plans/cyber-defense", "/plans", "/compare/HEAD~1..HEAD", "/compare/HEAD~1..HEAD/plan/cyber-defense"] {
                let body = try await desk.get(page).body
                #expect(!body.contains("<script>alert"), "\(page)")
                #expect(!body.contains("<img src=x"), "\(page)")
                #expect(body.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"), "\(page)")
            }
        }
    }

    @Test func pagesShowTheBranchAsItIsNow() async throws {
        let scratch = ScratchDirectory()
        let ws = try exampleWorkspace(scratch)
        try await withDesk(ws) { desk in
            #expect(!(try await desk.get("/plans/isr-peacetime").body.contains("Freshly retitled")))
            let path = ws + "/plans/isr-peacetime.yaml"
            let text = try String(contentsOfFile: path, encoding: .utf8)
            try text.replacingOccurrences(of: "\ntitle: ", with: "\ntitle: Freshly retitled ", options: [], range: text.range(of: "\ntitle: ")).write(toFile: path, atomically: true, encoding: .utf8)
            #expect(cli(["save", "-m", "Retitle"], in: ws).status == 0)
            // The very next request shows it, dashboard included (its caches follow HEAD).
            #expect(try await desk.get("/plans/isr-peacetime").body.contains("Freshly retitled"))
            #expect(try await desk.get("/").body.contains("Retitle"))
        }
    }

    @Test func aPlansHistoryComesFromTheIndexAndEqualsTheWalk() async throws {
        let scratch = ScratchDirectory()
        let ws = try exampleWorkspace(scratch)
        #expect(cli(["index", "rebuild"], in: ws).status == 0)
        /// The commit ids in the page's history table, in order.
        @Sendable func historyIDs(_ page: String) throws -> [String] {
            let table = try #require(page.range(of: "<section id=\"history\">")).upperBound
            return page[table...].components(separatedBy: "<tr><td class=\"mono\">").dropFirst().map { String($0.prefix(8)) }
        }
        try await withDesk(ws) { desk in
            let first = try historyIDs(try await desk.get("/plans/maritime-security").body)
            // The branch moved behind planbench's back (plain git): the next page shows the commit.
            let path = ws + "/plans/maritime-security.yaml"
            let text = try String(contentsOfFile: path, encoding: .utf8)
            try text.replacingOccurrences(of: "\ntitle: ", with: "\ntitle: Moved by git ", options: [], range: text.range(of: "\ntitle: ")).write(toFile: path, atomically: true, encoding: .utf8)
            try plainGitCommit(ws, message: "Retitle with git")
            let page = try await desk.get("/plans/maritime-security").body
            #expect(page.contains("Moved by git") && page.contains("Retitle with git"))
            let after = try historyIDs(page)
            #expect(after.count == first.count + 1)
            #expect(Array(after.dropFirst()) == first)
            // The desk brought the index up to date, and the history is the walk's.
            let workspace = try Workspace.open(at: ws)
            #expect(workspace.indexIfCurrent() != nil)
            #expect(after == (try workspace.log(document: "maritime-security", limit: 50)).map { String($0.id.hex.prefix(8)) })
        }
    }

    @Test func compareGuidelinesAndSearchPages() async throws {
        let scratch = ScratchDirectory()
        let ws = try exampleWorkspace(scratch)
        let log = cli(["log", "maritime-security", "--format", "json"], in: ws)
        let commits = try #require(JSONSerialization.jsonObject(with: Data(log.stdout.utf8)) as? [[String: Any]]).compactMap { $0["id"] as? String }
        try #require(commits.count >= 2)
        try await withDesk(ws) { desk in
            let a = String(commits[1].prefix(12)), b = String(commits[0].prefix(12))
            let plan = try await desk.get("/compare/\(a)..\(b)/plan/maritime-security")
            #expect(plan.status == 200)
            #expect(plan.body.contains("plans/maritime-security.yaml") && plan.body.contains("Guideline ") && plan.body.contains("class=\"side-by-side\"") && plan.body.contains("class=\"inline\""))
            let whole = try await desk.get("/compare/HEAD~3..HEAD")
            #expect(whole.status == 200 && whole.body.contains("document"))
            #expect(try await desk.get("/compare?a=HEAD~1&b=HEAD&plan=isr-peacetime").header("Location") == "/compare/HEAD~1..HEAD/plan/isr-peacetime")
            #expect(try await desk.get("/compare").body.contains("id=\"compare-form\""))
            let edition = try await desk.get("/guidelines/jus-2015")
            #expect(edition.status == 200 && edition.body.contains("id=\"IV.A.1\"") && edition.body.contains("isr-peacetime"))
            let crosswalk = try await desk.get("/guidelines/compare/jus-1997..jus-2015")
            #expect(crosswalk.status == 200 && crosswalk.body.contains("id=\"crosswalk\""))
            #expect(try await desk.get("/guidelines").body.contains("jus-1997"))
            let search = try await desk.get("/search?q=boarding")
            #expect(search.status == 200 && search.body.contains("<mark>") && search.body.contains("maritime-security"))
        }
    }

    @Test(arguments: [
        "/plans/..%2F..%2Fetc%2Fpasswd", "/plans/../../etc/passwd", "/guidelines/..%2Fplanbench", "/static/../Package.swift",
        "/compare/HEAD..HEAD/plan/..%2F..%2Fetc", "/compare/--output=x..HEAD", "/compare/HEAD:planbench.yaml..HEAD", "/reviews/..%2F..%2Fetc",
    ])
    func pathsAreIdsAndNothingOutsideIsServed(path: String) async throws {
        let scratch = ScratchDirectory()
        let ws = try exampleWorkspace(scratch)
        try await withDesk(ws) { desk in
            let reply = try await desk.get(path)
            #expect([400, 404, 422].contains(reply.status), "\(path): \(reply.status)")
            #expect(!reply.body.contains("root:") && !reply.body.contains("defaultEdition"))
        }
    }
}
