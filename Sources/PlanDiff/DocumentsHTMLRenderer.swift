// The diff of a workspace as one page a reviewer reads: the two revisions
// (commit, author, date) at the top, then one section per document with its
// title; a document added or deleted whole is one item; locations are named
// by plan section titles; prose that was only re-wrapped is not a change.
import PlanDocument

extension HTMLRenderer {
    /// One side of the comparison, as the page's heading shows it.
    public struct Side: Sendable {
        public var label: String
        public var commit: String?
        public var author: String?
        public var date: String?

        public init(label: String, commit: String? = nil, author: String? = nil, date: String? = nil) {
            self.label = label
            self.commit = commit
            self.author = author
            self.date = date
        }
    }

    /// One document's part of the page.
    public struct DocumentPart: Sendable {
        public enum Change: String, Sendable { case added, deleted, modified }

        public var path: String
        public var title: String?
        public var change: Change
        public var edits: [Edit]
        /// The edits by Guideline section (`--by-guideline`), or nil.
        public var groups: [GuidelineGroup]?
        /// The whole document, for an added or deleted one.
        public var document: Node?
        /// Plan section id -> title, so locations read `Section "Concept" › roles`.
        public var sectionTitles: [String: String]
        /// Guideline section -> plan sections whose citations the change made suspect.
        public var suspectCitations: [String: [String]]

        public init(
            path: String, title: String?, change: Change, edits: [Edit], groups: [GuidelineGroup]?, document: Node?,
            sectionTitles: [String: String], suspectCitations: [String: [String]] = [:]
        ) {
            self.path = path
            self.title = title
            self.change = change
            self.edits = edits
            self.groups = groups
            self.document = document
            self.sectionTitles = sectionTitles
            self.suspectCitations = suspectCitations
        }
    }

    /// The page for several documents; every piece of document text is escaped.
    /// - Parameter guidelineTitles: Guideline section id -> title, for group headings.
    public static func render(
        documents: [DocumentPart], old: Side, new: Side, guidelineTitles: [String: String] = [:]
    ) -> String {
        var out = pageHead(title: "planbench diff \(old.label)..\(new.label)")
        out += "<h1>Changes from \(escape(old.label)) to \(escape(new.label))</h1>\n<table class=\"sides\">\n"
        for (name, side) in [("before", old), ("after", new)] {
            let commit = side.commit.map { "<code>\(escape(String($0.prefix(12))))</code>" } ?? "work tree"
            let who = [side.author, side.date].compactMap { $0 }.map(escape).joined(separator: ", ")
            out += "<tr><th>\(name)</th><td>\(escape(side.label))</td><td>\(commit)</td><td>\(who)</td></tr>\n"
        }
        out += "</table>\n"
        if documents.isEmpty { out += "<p class=\"summary\">No changes.</p>\n" }
        for part in documents {
            let heading = part.title.map { "\(escape($0)) <span class=\"file\">\(escape(part.path))</span>" } ?? escape(part.path)
            out += "<section class=\"document\">\n<h2>\(heading) <span class=\"change \(part.change.rawValue)\">\(part.change.rawValue)</span></h2>\n"
            if part.change != .modified, let document = part.document {
                let sections = document["sections"]?.sequence?.count
                out += "<p class=\"summary\">\(part.change == .added ? "Added" : "Deleted")"
                    + (sections.map { ", \($0) section\($0 == 1 ? "" : "s")" } ?? "") + ".</p>\n"
                out += "<details><summary>The whole document</summary><pre>\(escape(TextRenderer.block(document)))</pre></details>\n"
            } else {
                let shown = part.edits.filter { !isReflow($0) }
                let hidden = part.edits.count - shown.count
                if shown.isEmpty { out += "<p class=\"summary\">No change of content (layout or comments only).</p>\n" }
                if let groups = part.groups {
                    for group in groups {
                        let edits = group.edits.filter { !isReflow($0) }
                        guard !edits.isEmpty else { continue }
                        let title = group.section.map { id in "Guideline \(id)" + (guidelineTitles[id].map { " \($0)" } ?? "") } ?? "(no Guideline section)"
                        out += "<h3>\(escape(title))</h3>\n"
                        appendTable(edits, oldLabel: old.label, newLabel: new.label, to: &out) { location(of: $0, sectionTitles: part.sectionTitles) }
                        if let section = group.section, let plans = part.suspectCitations[section], !plans.isEmpty {
                            out += "<p class=\"suspect\">Citations made suspect: \(escape(plans.joined(separator: "; ")))</p>\n"
                        }
                    }
                } else if !shown.isEmpty {
                    appendTable(shown, oldLabel: old.label, newLabel: new.label, to: &out) { location(of: $0, sectionTitles: part.sectionTitles) }
                }
                if hidden > 0 {
                    out += "<p class=\"summary\">\(hidden) paragraph\(hidden == 1 ? " was" : "s were") only re-wrapped (same words) and \(hidden == 1 ? "is" : "are") not shown.</p>\n"
                }
            }
            out += "</section>\n"
        }
        out += "</body>\n</html>\n"
        return out
    }

    /// A prose change of line breaks and spaces only: re-wrapping is not a change of wording.
    static func isReflow(_ edit: Edit) -> Bool {
        edit.kind == .text && TextSegment.changesOnlyWhiteSpace(edit.segments)
    }

    /// Where an edit is, in words: `Section concept "Concept" › roles › sdf › responsibility`.
    public static func location(of edit: Edit, sectionTitles: [String: String]) -> String {
        var parts: [String] = []
        var previous: PathComponent?
        for component in edit.path {
            switch component {
            case .item(let id):
                if case .key("sections")? = previous {
                    // The innermost section names the place (editions nest sections in sections).
                    let title = sectionTitles[id].map { " \u{201C}\($0)\u{201D}" } ?? ""
                    parts = ["Section \(id)\(title)"]
                } else {
                    parts.append(id)
                }
            case .index(let index):
                parts.append("item \(index + 1)")
            case .key(let key):
                parts.append(key)
            }
            previous = component
        }
        return parts.isEmpty ? "(whole document)" : parts.joined(separator: " \u{203A} ")
    }
}
