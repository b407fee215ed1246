// The page chrome every page shares (navigation, who is signed in, the branch's
// commit the page shows) and the one stylesheet and script, served from
// /static/ so the Content-Security-Policy can forbid inline code.
import PlanReport

/// What every page shows in its header.
struct PageContext: Sendable {
    /// `Name <email>`: the author of every write made from the page.
    var author: String
    var branch: String
    /// The branch's commit the page was rendered from (full hex), if any.
    var head: String?
    var workspaceName: String
    /// The CSRF token forms carry.
    var csrf: String
}

enum Layout {
    enum Area: String { case dashboard, plans, reviews, compare, guidelines, search }

    static func page(_ title: String, area: Area?, context: PageContext, notice: HTML? = nil, _ body: HTML) -> HTML {
        func link(_ a: Area, _ label: String, _ href: String) -> HTML {
            "<a href=\"\(href)\"\(HTML(trusted: a == area ? " class=\"current\" aria-current=\"page\"" : ""))>\(label)</a>"
        }
        let head = context.head.map { String($0.prefix(12)) } ?? "no commits"
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(title) · planbench</title>
            <link rel="stylesheet" href="/static/desk.css">
            <script src="/static/desk.js" defer></script>
            </head>
            <body>
            <header class="top">
            <span class="brand">planbench <span class="ws">\(context.workspaceName)</span></span>
            <nav>\(link(.dashboard, "Dashboard", "/")) \(link(.plans, "Plans", "/plans")) \(link(.reviews, "Reviews", "/reviews")) \(link(.compare, "Compare", "/compare")) \(link(.guidelines, "Guidelines", "/guidelines")) \(link(.search, "Search", "/search"))</nav>
            <span class="who" id="author">Signed in as <strong>\(context.author)</strong> · <span class="head" title="\(context.head)">\(context.branch) @ \(head)</span></span>
            </header>
            \(notice.map { "<div class=\"notice\" role=\"status\">\($0)</div>" as HTML } ?? "")
            <main>
            \(body)
            </main>
            </body>
            </html>

            """
    }

    static let stylesheet = """
        :root { --ink: #1b1e23; --muted: #5b6270; --line: #d8dce3; --accent: #1f5fa8; --bg: #f7f8fa; }
        * { box-sizing: border-box; }
        body { font: 14px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0; color: var(--ink); background: #fff; }
        header.top { display: flex; flex-wrap: wrap; gap: .5em 1.5em; align-items: center; padding: .6em 1.2em; background: #17324f; color: #fff; }
        header.top a { color: #dbe8f7; text-decoration: none; margin-right: .9em; }
        header.top a.current { color: #fff; font-weight: 600; border-bottom: 2px solid #fff; }
        .brand { font-weight: 700; } .brand .ws { font-weight: 400; opacity: .8; margin-left: .4em; }
        .who { margin-left: auto; font-size: .9em; opacity: .95; } .who .head { font-family: ui-monospace, monospace; }
        main { padding: 1em 1.4em 3em; max-width: 1400px; }
        h1 { font-size: 1.45em; margin: .4em 0 .5em; } h2 { font-size: 1.15em; margin-top: 1.6em; border-bottom: 1px solid var(--line); padding-bottom: .2em; }
        h3 { font-size: 1.02em; margin: 1.2em 0 .3em; }
        a { color: var(--accent); }
        table { border-collapse: collapse; width: 100%; margin: .4em 0 1em; }
        th, td { border: 1px solid var(--line); padding: .3em .5em; vertical-align: top; text-align: left; }
        th { background: var(--bg); font-weight: 600; }
        .muted, .kind { color: var(--muted); font-size: .9em; }
        .mono, code { font-family: ui-monospace, monospace; font-size: .92em; }
        .grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(320px, 1fr)); gap: 1em 2em; }
        .card { border: 1px solid var(--line); border-radius: 6px; padding: .6em 1em; background: #fff; }
        .badge { display: inline-block; padding: 0 .45em; border-radius: 3px; font-size: .85em; background: #e9edf3; }
        .badge.suspect, .badge.overdue, .badge.high { background: #fde2c5; color: #7a3b00; }
        .badge.contradicted, .badge.open { background: #f9d3d3; color: #7d1111; }
        .badge.ok, .badge.current, .badge.resolved, .badge.approved { background: #d5f0d8; color: #17532a; }
        .badge.outdated, .badge.superseded { background: #eee; color: #666; text-decoration: line-through; }
        .notice { margin: .8em 1.4em 0; padding: .5em .8em; border-left: 4px solid var(--accent); background: #eef4fb; }
        .notice.error { border-color: #b3261e; background: #fdecea; }
        .prose { white-space: pre-wrap; max-width: 75em; }
        blockquote.guideline { margin: .3em 0 .6em; padding: .3em .8em; border-left: 3px solid var(--line); background: var(--bg); white-space: pre-wrap; max-height: 14em; overflow: auto; }
        form.inline { display: inline; }
        form.box { border: 1px solid var(--line); border-radius: 6px; padding: .6em .8em; margin: .5em 0; background: var(--bg); }
        form.box label { display: inline-block; margin: .2em .8em .2em 0; }
        form.box label.block { display: block; }
        input[type=text], input[type=date], textarea, select { font: inherit; padding: .15em .3em; }
        textarea { width: 100%; min-height: 3em; }
        button { font: inherit; padding: .2em .9em; cursor: pointer; }
        details > summary { cursor: pointer; color: var(--accent); }
        ol.log { margin: .2em 0; padding-left: 1.4em; font-size: .92em; }
        .heatmap-frame { overflow-x: auto; }
        \(CoverageHeatmap.style)
        td.old, td.new { white-space: pre-wrap; font-family: ui-monospace, monospace; font-size: .9em; width: 39%; }
        td.path { width: 22%; font-family: ui-monospace, monospace; word-break: break-all; font-size: .88em; }
        tr.add td.new, ins { background: #d9f5dd; text-decoration: none; }
        tr.remove td.old, del { background: #fbdada; }
        tr.move td { background: #e6f0fb; }
        .inline-edit { margin: .3em 0; padding: .3em .6em; border-left: 3px solid var(--line); white-space: pre-wrap; font-family: ui-monospace, monospace; font-size: .9em; }
        .inline-edit.move { border-color: #7aa7dc; } .inline-edit.add { border-color: #6fbf7e; } .inline-edit.remove { border-color: #d77; }
        .views .view-tabs { display: none; }
        .views.js .view-tabs { display: block; margin: .4em 0; }
        .views.js.show-inline .side-by-side, .views.js.show-side .inline { display: none; }
        .pager { margin: .6em 0; }

        """

    /// Enhancements only: every page works without it.
    static let script = """
        // planbench review desk: small enhancements; the pages work without them.
        document.addEventListener("DOMContentLoaded", function () {
          // Compare pages: switch between the side-by-side and the inline view.
          document.querySelectorAll(".views").forEach(function (views) {
            views.classList.add("js", "show-side");
            views.querySelectorAll("button[data-view]").forEach(function (button) {
              button.addEventListener("click", function () {
                views.classList.remove("show-side", "show-inline");
                views.classList.add(button.dataset.view === "inline" ? "show-inline" : "show-side");
              });
            });
          });
          // Forms that write: say so while the commit is made, and never post twice.
          document.querySelectorAll("form[method=post]").forEach(function (form) {
            form.addEventListener("submit", function () {
              form.querySelectorAll("button[type=submit]").forEach(function (b) { b.disabled = true; b.textContent = "Committing…"; });
            });
          });
        });

        """
}
