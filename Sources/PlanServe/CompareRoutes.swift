// Compare (/compare/REV_A..REV_B and /compare/REV_A..REV_B/plan/ID): any two
// revisions of the workspace or of one plan, through the diff engine the CLI's
// `diff --by-guideline` uses: grouped by Guideline section, side by side and
// inline, prose word by word, moves as moves. The URLs are shareable.
import Foundation
import Hummingbird
import PlanBench
import PlanDiff

enum CompareRoutes {
    static func add(to router: Router<BasicRequestContext>, desk: Desk) {
        router.get("/compare") { request, _ in
            let query = FormData(query: request.uri.query)
            if let a = query.value("a"), let b = query.value("b") {
                var segments = ["compare", "\(a)..\(b)"]
                if let plan = query.value("plan") { segments += ["plan", plan] }
                return Response(status: .seeOther, headers: [.location: URLPath(segments: segments).string])
            }
            return desk.respond { try desk.withWorkspace { workspace in try chooser(workspace, desk: desk) } }
        }
        router.get("/compare/**") { request, _ in
            let path = request.uri.path.removingPercentEncoding ?? request.uri.path
            let parsed: (a: String, b: String, plan: String?)
            do { parsed = try comparison(path) } catch { return Desk.errorResponse(error) }
            // Revisions such as HEAD~1 name other commits once the branch moves: the key has the branch's commit too.
            return desk.cachedPage(path) { workspace in try page(workspace, desk: desk, a: parsed.a, b: parsed.b, plan: parsed.plan) }
        }
    }

    /// The two revisions and the plan of a /compare/ address.
    static func comparison(_ path: String) throws -> (a: String, b: String, plan: String?) {
        let rest = String(path.dropFirst("/compare/".count))
        var range = rest, plan: String?
        if let marker = rest.range(of: "/plan/", options: .backwards) {
            range = String(rest[..<marker.lowerBound])
            plan = String(rest[marker.upperBound...])
        }
        guard let dots = range.range(of: "..") else {
            throw PlanBenchError.usage("a comparison is /compare/REV_A..REV_B or /compare/REV_A..REV_B/plan/PLAN_ID")
        }
        let a = String(range[..<dots.lowerBound]), b = String(range[dots.upperBound...])
        for revision in [a, b] where !isRevision(revision) {
            throw PlanBenchError.usage("\"\(revision)\" is not a revision (a commit id, a branch, a tag, HEAD~N)")
        }
        if let plan, !Identifier.isValid(plan) { throw PlanBenchError.invalidIdentifier(plan, what: "plan") }
        return (a, b, plan)
    }

    /// Revision names as git spells them, without anything that could reach
    /// outside the repository's names (no `..`, no `:` paths, no spaces).
    static func isRevision(_ text: String) -> Bool {
        guard !text.isEmpty, text.count <= 200, !text.contains(".."), !text.hasPrefix("-") else { return false }
        return text.unicodeScalars.allSatisfy { c in
            CharacterSet.alphanumerics.contains(c) && c.isASCII || "._/~^@{}-".unicodeScalars.contains(c)
        }
    }

    static func chooser(_ workspace: Workspace, desk: Desk) throws -> HTML {
        let commits = try workspace.log(limit: 40)
        let options: [HTML] = commits.map { "<option value=\"\(String($0.id.hex.prefix(12)))\">\(String($0.id.hex.prefix(8))) \(Format.date($0.author)) \($0.author.name): \($0.summary)</option>" }
        let body: HTML = """
            <h1>Compare two revisions</h1>
            <p>Any two revisions of the workspace, or of one plan: commit ids, branches, tags or <code>HEAD~N</code>. The address of the result can be shared: <code>/compare/REV_A..REV_B/plan/ID</code>.</p>
            <form method="get" action="/compare" class="box" id="compare-form">
            <label>From <input type="text" name="a" list="recent" value="HEAD~1" required></label>
            <label>To <input type="text" name="b" list="recent" value="HEAD" required></label>
            <label>Plan (optional) <input type="text" name="plan" size="24"></label>
            <button type="submit">Compare</button>
            <datalist id="recent">\(options)</datalist>
            </form>
            <h2>Recent commits</h2>
            <ul>\(commits.map { c -> HTML in "<li class=\"mono\">\(String(c.id.hex.prefix(8))) <span class=\"muted\">\(Format.date(c.author))</span> \(c.author.name): \(c.summary)</li>" })</ul>

            """
        return Layout.page("Compare", area: .compare, context: desk.pageContext(workspace), body)
    }

    static func page(_ workspace: Workspace, desk: Desk, a: String, b: String, plan: String?) throws -> HTML {
        let diff = try workspace.diff(from: .revision(a), to: .revision(b), paths: plan.map { [$0] })
        let context = CheckContext(source: try workspace.source(at: b))
        let titles = context.configuration?.defaultEdition.flatMap(context.edition)?.sections.compactMapValues { $0.node["title"]?.string } ?? [:]
        func title(_ section: String?) -> String {
            guard let section else { return "(no Guideline section)" }
            return "Guideline \(section)" + (titles[section].map { " — \($0)" } ?? "")
        }
        var documents: [HTML] = []
        for document in diff.documents {
            let heading: HTML = "<h2 class=\"document\">\(document.path) <span class=\"badge\">\(document.change.rawValue)</span>\(document.renamedFrom.map { " renamed from \($0)" })</h2>"
            guard document.change == .modified else {
                let node = document.change == .deleted ? document.old : document.new
                let sections = node["sections"]?.sequence?.count ?? 0
                documents.append("\(heading)<p>\(node["title"]?.string ?? "untitled"), \(sections) section\(sections == 1 ? "" : "s").</p>")
                continue
            }
            let groups = document.groups
            var suspect: [HTML] = []
            for (section, plans) in document.suspectCitations.sorted(by: { $0.key < $1.key }) {
                suspect.append("<li>\(section): citations made suspect in \(plans.joined(separator: "; "))</li>")
            }
            let sideBySide = HTML(trusted: HTMLRenderer.fragment(
                document.edits, oldLabel: diff.oldLabel, newLabel: diff.newLabel, groups: groups, headingLevel: 3, title: title))
            var inline: [HTML] = []
            for group in groups {
                inline.append("<h3>\(title(group.section))</h3>\(HTML(trusted: HTMLRenderer.inline(group.edits)))")
            }
            documents.append("""
                \(heading)
                \(suspect.isEmpty ? "" : "<ul>\(suspect)</ul>" as HTML)
                <div class="views">
                <p class="view-tabs"><button type="button" data-view="side">Side by side</button> <button type="button" data-view="inline">Inline</button></p>
                <div class="side-by-side">\(sideBySide)</div>
                <div class="inline"><h3 class="muted">Inline</h3>\(inline)</div>
                </div>

                """)
        }
        let short = { (hex: String?) in hex.map { String($0.prefix(12)) } ?? "" }
        let swapped = URLPath(segments: ["compare", "\(b)..\(a)"] + (plan.map { ["plan", $0] } ?? []))
        let body: HTML = """
            <h1>Compare \(a) .. \(b)\(plan.map { " · plan \($0)" })</h1>
            <p class="muted"><span class="mono">\(short(diff.oldCommit))</span> → <span class="mono">\(short(diff.newCommit))</span> · \(diff.documents.count) document\(diff.documents.count == 1 ? "" : "s") changed · <a href="\(url: swapped)">swap</a>\(plan.map { " · <a href=\"\(url: URLPath("plans", $0))\">plan page</a>" as HTML } ?? "") · <a href="/compare">other revisions</a></p>
            \(documents.isEmpty ? "<p id=\"no-differences\">No differences.</p>" as HTML : "")
            \(documents)

            """
        return Layout.page("Compare \(a)..\(b)", area: .compare, context: desk.pageContext(workspace), body)
    }
}
