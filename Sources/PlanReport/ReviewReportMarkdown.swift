// The review report as GitHub-flavoured Markdown, for pasting into tickets,
// wikis and mail: the same parts as the HTML page, with the heatmap as a
// table of counts per section. Document text is escaped so that it reads as
// text in any Markdown renderer (no emphasis, links or HTML from a plan).
import PlanDiff
import PlanDocument
import PlanReview

/// Renders a ``ReviewReport`` as Markdown.
public enum ReviewReportMarkdown {
    /// The report.
    public static func render(_ report: ReviewReport) -> String {
        var writer = MarkdownWriter(report: report)
        writer.document()
        return writer.out
    }

    /// `text` as literal Markdown text on one line: backslash-escapes the
    /// characters that start emphasis, links, code, headings and table
    /// cells; `<`, `>` and `&` become entities so no HTML gets through;
    /// line breaks become spaces.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for c in text.unicodeScalars {
            switch c {
            case "\\", "`", "*", "_", "[", "]", "|", "#", "~", "!": out += "\\"; out.unicodeScalars.append(c)
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "&": out += "&amp;"
            case "\n", "\r", "\t": out += " "
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }
}

private struct MarkdownWriter {
    let report: ReviewReport
    let titles: [String: String]
    var out = ""

    init(report: ReviewReport) {
        self.report = report
        self.titles = report.sectionTitles
    }

    var record: ReviewRecord { report.record }

    func e(_ text: String) -> String { ReviewReportMarkdown.escape(text) }

    /// Text in a code span (where Markdown takes every character
    /// literally), or escaped text when it holds what would end the span or
    /// the table cell: a backtick, a pipe, a line break.
    func code(_ text: String) -> String {
        let literal = !text.isEmpty && !text.unicodeScalars.contains { c in c == "`" || c == "|" || c.value < 0x20 || c.value == 0x7F }
        return literal ? "`\(text)`" : e(text)
    }

    func count(_ n: Int, _ noun: String) -> String { "\(Numbers.grouped(n)) \(noun)\(n == 1 ? "" : "s")" }

    mutating func line(_ text: String = "") { out += text + "\n" }

    mutating func table(_ header: [String], _ rows: [[String]], numeric: Set<Int> = []) {
        line("| " + header.joined(separator: " | ") + " |")
        line("|" + header.indices.map { numeric.contains($0) ? "---:" : "---" }.joined(separator: "|") + "|")
        for row in rows { line("| " + row.joined(separator: " | ") + " |") }
        line()
    }

    mutating func document() {
        line("# Review \(e(record.id)) — \(e(report.workspace))")
        line()
        line("\(e(record.type.rawValue)) review of \(count(record.scope.count, "plan")) against \(e(report.edition.title)) (\(code(report.edition.id))); \(record.state.rawValue)\(record.decision.map { "; decision\(record.state == .closed ? "" : " proposed"): **\($0.rawValue)**" } ?? ""). Generated \(e(report.generated)).")
        line()
        scope()
        coverage()
        findings()
        actions()
        changes()
        trend()
        signOffs()
        auditLog()
    }

    mutating func scope() {
        line("## Scope and baseline")
        line()
        var rows: [[String]] = [
            ["Review", "\(code(record.id)), \(record.type.rawValue), \(record.state.rawValue)"],
            ["Edition", "\(e(report.edition.title)) (\(code(report.edition.id))), \(code(record.editionFingerprint))"],
            ["Baseline", record.baseline.isEmpty ? "none (plans shown as of \(code(String(report.plansCommit.prefix(12)))))" : code(record.baseline)],
            ["Opened", e(record.opened)],
            ["Due", e(record.due)],
        ]
        if let closed = record.closed { rows.append(["Closed", e(closed)]) }
        if let decision = record.decision {
            rows.append(["Decision", "**\(decision.rawValue)**\(record.state == .closed ? "" : " (proposed)")\(record.decisionRationale.map { " — \(e($0))" } ?? "")"])
        }
        if let next = record.nextReview { rows.append(["Next review", e(next)]) }
        for r in record.reviewers {
            rows.append(["Reviewer", "\(e(r.name)) \(e("<\(r.email)>")) for \(e(r.party))\(r.remit.map { " — \(e($0))" } ?? "")"])
        }
        let counts = ReviewReport.FindingCounts(record.findings)
        rows.append(["Findings", counts.summary])
        table(["", ""], rows)
        let shown = report.plans.prefix(100).map { code($0.id) + ($0.isMissing ? " (not found)" : "") }
        line("Plans in scope (\(Numbers.grouped(report.plans.count))): \(shown.joined(separator: ", "))\(report.plans.count > 100 ? " … and \(Numbers.grouped(report.plans.count - 100)) more" : "").")
        line()
    }

    mutating func coverage() {
        line("## Coverage of \(e(report.edition.id))")
        line()
        line("Plans at \(report.plansAreAtBaseline ? "the baseline" : "HEAD (the record has no baseline)"). A section is cited when a plan cites it or one of its sub-sections; the counts are plans per state (contradicted and suspect from the record's findings that are not resolved).")
        line()
        var perSection: [String: [ReviewReport.CellState: Int]] = [:]
        for plan in report.plans {
            for (section, state) in plan.cells { perSection[section, default: [:]][state, default: 0] += 1 }
        }
        let rows = report.sections.map { section -> [String] in
            let c = perSection[section.id] ?? [:]
            return [
                String(repeating: "· ", count: section.depth) + code(section.id), e(section.title),
                section.coverage.rawValue, "\(c[.covered] ?? 0)", "\(c[.suspect] ?? 0)", "\(c[.contradicted] ?? 0)",
            ]
        }
        table(["Section", "Title", "Coverage", "Covered", "Suspect", "Contradicted"], rows, numeric: [3, 4, 5])
    }

    mutating func findings() {
        line("## Findings")
        line()
        guard !record.findings.isEmpty else { return line("No findings.\n") }
        table(
            ["Finding", "Severity", "Kind", "About", "Status", "Note"],
            record.findings.map { f in
                var status = f.status.rawValue
                if let r = f.remediation { status += " (\(e(r.owner)) by \(e(r.deadline)))" }
                if let until = f.until { status += " until \(e(until))" }
                var note = e(f.note)
                if let location = f.evidence.location { note += " — at \(code(location))" }
                if let rationale = f.rationale { note += " — rationale: \(e(rationale))" }
                return [code(f.id), f.severity.rawValue, f.kind.rawValue, e(f.target.label), status, note]
            })
    }

    mutating func actions() {
        line("## Actions by owner")
        line()
        let groups = report.actionsByOwner
        if groups.isEmpty { line("No remediation is under way.\n") }
        for group in groups {
            line("### \(e(group.owner))")
            line()
            table(
                ["Deadline", "Finding", "About", "What"],
                group.findings.map { f in
                    let deadline = f.remediation?.deadline ?? ""
                    return [e(deadline) + (deadline < report.generated ? " **overdue**" : ""), code(f.id), e(f.target.label), e(f.rationale ?? f.note)]
                })
        }
        let open = record.openFindings.count
        if open > 0 { line("\(count(open, "finding")) not disposed yet.\n") }
    }

    mutating func changes() {
        line("## Changes since the previous review")
        line()
        switch report.changes.basis {
        case .noPreviousReview:
            line("No closed review before this one covers any of these plans.\n")
        case .noBaseline:
            line("This review has no baseline commit, so its plans cannot be compared with an earlier review's.\n")
        case .previousReviewWithoutBaseline(let id, let closed):
            line("The previous closed review, \(code(id))\(closed.map { " (closed \(e($0)))" } ?? ""), has no baseline commit, so the changes since it cannot be shown.\n")
        case .previousReview(let id, let baseline, let closed):
            let modified = report.changes.plans.filter { $0.kind == .modified }
            let added = report.changes.plans.filter { $0.kind == .added }.map(\.plan)
            let deleted = report.changes.plans.filter { $0.kind == .deleted }.map(\.plan)
            var parts: [String] = []
            if !modified.isEmpty { parts.append("\(count(modified.count, "plan")) changed") }
            if !added.isEmpty { parts.append("\(count(added.count, "plan")) added") }
            if !deleted.isEmpty { parts.append("\(count(deleted.count, "plan")) deleted") }
            line("From the baseline of \(code(id))\(closed.map { " (closed \(e($0)))" } ?? ""), \(code(String(baseline.prefix(12)))), to this review's, \(code(String(record.baseline.prefix(12)))): \(parts.isEmpty ? "no plan in scope changed" : parts.joined(separator: ", ")).")
            line()
            for (names, what) in [(added, "Added"), (deleted, "Deleted")] where !names.isEmpty {
                line("\(what): \(names.prefix(100).map(code).joined(separator: ", "))\(names.count > 100 ? " … and \(Numbers.grouped(names.count - 100)) more" : "").")
                line()
            }
            for plan in modified {
                line("### \(code(plan.plan))")
                line()
                for group in plan.groups {
                    let heading = group.section.map { "Guideline \(code($0))" + (titles[$0].map { " — \(e($0))" } ?? "") } ?? "Outside any cited Guideline section"
                    line("**\(heading)**")
                    line()
                    for edit in group.edits { line("- \(describe(edit))") }
                    line()
                }
            }
        }
    }

    /// One edit on one line: where, what, and the values or changed words.
    func describe(_ edit: Edit) -> String {
        let place = code(edit.readablePath)
        switch edit.kind {
        case .add: return "\(place) added: \(value(edit.newValue))"
        case .remove: return "\(place) removed: \(value(edit.oldValue))"
        case .replace: return "\(place) changed: \(value(edit.oldValue)) → \(value(edit.newValue))"
        case .move: return "\(place) moved" + (edit.positions.map { " from position \($0.old + 1) to \($0.new + 1)" } ?? "")
        case .text:
            var text = ""
            for segment in edit.segments {
                switch segment.kind {
                case .equal: text += e(Self.shortened(segment.text))
                case .delete: text += marked(segment.text, "~~")
                case .insert: text += marked(segment.text, "**")
                }
            }
            return "\(place) text: \(text)"
        }
    }

    /// Changed words wrapped in a marker, spaces outside it (Markdown
    /// ignores a marker next to a space).
    func marked(_ text: String, _ marker: String) -> String {
        let trimmed = text.trimmingSpaces
        guard !trimmed.isEmpty else { return e(text) }
        let leading = text.prefix { $0 == " " || $0 == "\n" }.isEmpty ? "" : " "
        let trailing = text.reversed().prefix { $0 == " " || $0 == "\n" }.isEmpty ? "" : " "
        return leading + marker + e(trimmed) + marker + trailing
    }

    /// Unchanged text around changes: the first and last few words.
    static func shortened(_ text: String) -> String {
        guard text.count > 80 else { return text }
        return String(text.prefix(36)) + " … " + String(text.suffix(36))
    }

    func value(_ node: Node?) -> String {
        guard let node else { return "" }
        let text = node.string ?? JSONWriter.write(node)
        return e(text.count > 160 ? String(text.prefix(159)) + "…" : text)
    }

    mutating func trend() {
        line("## Trend across reviews")
        line()
        table(
            ["Review", "Opened", "Closed", "State", "Decision", "Findings", "Still open", "Closed"],
            report.trend.map { row in
                [
                    code(row.review) + (row.isThisReview ? " (this review)" : ""), e(row.opened), e(row.closed ?? ""), row.state.rawValue,
                    row.decision?.rawValue ?? "", "\(row.counts.total)", "\(row.counts.stillOpen)", "\(row.counts.closed)",
                ]
            }, numeric: [5, 6, 7])
    }

    mutating func signOffs() {
        line("## Sign-offs")
        line()
        if report.signOffs.isEmpty {
            line("No one has signed yet.\n")
        } else {
            table(
                ["Name", "Party", "Meaning", "Signed", "Status"],
                report.signOffs.map { s in
                    [
                        "\(e(s.signOff.name)) \(e("<\(s.signOff.email)>"))", e(s.signOff.party), s.signOff.meaning.rawValue, e(s.signOff.at),
                        s.isCurrent ? "current" : "**outdated** (the record changed after it was signed)",
                    ]
                })
        }
        let missing = report.partiesNotConcurred
        if record.state != .closed && !missing.isEmpty {
            line("No current concurrence from: \(missing.map(e).joined(separator: ", ")).\n")
        }
        line("Content fingerprint: \(code(report.contentFingerprint)).")
        line()
    }

    mutating func auditLog() {
        line("## Audit log")
        line()
        table(
            ["When", "Who", "Action", "Finding", "Note"],
            report.auditLog.map { finding, entry in
                [e(entry.at), e(entry.by), e(entry.action), finding.map(code) ?? "", e(entry.note ?? "")]
            })
    }
}

extension String {
    fileprivate var trimmingSpaces: String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\n" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\n" { s = s.dropLast() }
        return String(s)
    }
}
