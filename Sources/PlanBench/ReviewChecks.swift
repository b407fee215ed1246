// The checks an adequacy review runs over the plans in its scope. Each
// produces `ComputedFinding`s keyed by kind and target only, so the same
// defect found again keeps its id; wording and line numbers may change.
import Foundation
import PlanDocument
import PlanReview

/// Computes the findings of an adequacy review from one state of a workspace.
public struct ReviewChecks {
    /// What the checks look at.
    public struct Input {
        /// The state to check (the review's baseline or HEAD).
        public var context: CheckContext
        /// The edition the plans are reviewed against.
        public var edition: String
        /// Plan ids in scope.
        public var scope: [String]
        /// The review date: tasks and reviews due before it are overdue.
        public var today: String
        /// Guideline sections of `edition` that a closed review found not
        /// applicable until the given date (nil: no expiry).
        public var notApplicableSections: [String: String?] = [:]
        /// The facts of the plans in scope, as (path, facts) in scope order
        /// (from the index or the cache); `nil`: the checks parse the plans.
        var plans: [(String, PlanFacts)]?

        public init(context: CheckContext, edition: String, scope: [String], today: String) {
            self.context = context
            self.edition = edition
            self.scope = scope
            self.today = today
        }
    }

    /// Every finding in `input`, sorted by kind (in ``Finding/Kind/computed``
    /// order), then target.
    public static func findings(_ input: Input) throws -> [ComputedFinding] {
        let context = input.context
        guard let edition = context.edition(input.edition) else {
            throw PlanBenchError.usage("edition \(input.edition) is not in the workspace (expected \(EditionIndex.path(for: input.edition))); `planbench guidelines list` shows the editions")
        }
        let configuration = context.configuration
        let actorParties = configuration?.actorParties ?? [:]
        let currentEdition = configuration?.defaultEdition ?? input.edition
        let defaultCycle = configuration?.document["reviewPolicy"]?["defaultReviewCycle"]?.string ?? "P1Y"
        let crosswalks = try Self.crosswalks(in: context, to: currentEdition)
        let plans = try input.plans ?? loadFacts(input.scope, context: context)

        var found: [ComputedFinding] = []
        var cited = Set<String>()
        for (path, plan) in plans {
            let planID = plan.planID(path: path)
            let planEdition = plan.edition ?? ""
            func location(_ line: Int?) -> String { line.map { "\(path):\($0)" } ?? path }

            if planEdition != currentEdition {
                found.append(ComputedFinding(
                    kind: .supersededEdition, target: .init(plan: planID, edition: planEdition),
                    evidence: .init(location: location(plan.editionLine), excerpt: "edition: \(planEdition)"), severity: .medium,
                    owner: nil,
                    note: "\(planID) implements \(planEdition); the workspace's current edition is \(currentEdition): move it with the crosswalk, or supersede it"))
            }
            if let reviewed = plan.lastReviewed {
                let cycle = plan.reviewCycle ?? defaultCycle
                if let due = CalendarDate.adding(cycle, to: reviewed), due < input.today {
                    found.append(ComputedFinding(
                        kind: .reviewOverdue, target: .init(plan: planID),
                        evidence: .init(location: location(plan.lastReviewedLine), excerpt: "lastReviewed: \(reviewed), reviewCycle: \(cycle)"),
                        severity: .medium, owner: nil,
                        note: "\(planID) was last reviewed on \(reviewed); with a review cycle of \(cycle) its review fell due on \(due)"))
                }
            }
            if plan.parties.count >= 2 {
                let owning = Set(plan.ownerParties)
                for party in plan.parties where !owning.contains(party) {
                    found.append(ComputedFinding(
                        kind: .missingPartyOwner, target: .init(plan: planID, party: party),
                        evidence: .init(location: location(plan.ownersLine), excerpt: "owners: \(owning.sorted().joined(separator: ", "))"),
                        severity: .medium, owner: party,
                        note: "bilateral plan \(planID) has no owner of party \(party); name one under owners: with party: \(party)"))
                }
            }
            for section in plan.sections {
                let sectionID = section.id ?? ""
                var citedSections: [(edition: EditionIndex, id: String)] = []
                for citation in section.citations {
                    let sectionRef = citation.section
                    let citedEditionID = citation.edition ?? planEdition
                    if citedEditionID == input.edition { cited.insert(sectionRef) }
                    guard let citedEdition = context.edition(citedEditionID), citedEdition.section(sectionRef) != nil else { continue }
                    citedSections.append((citedEdition, sectionRef))
                    if let pinned = citation.fingerprint, pinned != citedEdition.fingerprint(of: sectionRef) {
                        found.append(ComputedFinding(
                            kind: .suspectCitation,
                            target: .init(plan: planID, planSection: sectionID, edition: citedEditionID, guidelineSection: sectionRef),
                            evidence: .init(location: location(citation.line), excerpt: "section: \(sectionRef), fingerprint: \(pinned.prefix(19))…"),
                            severity: .medium, owner: nil,
                            note: "\(citedEditionID) \(sectionRef) changed after \(planID)/\(sectionID) cited it; review the section against it, then re-pin: planbench cite \(planID) \(sectionID) --refresh"))
                    }
                    if citedEditionID != currentEdition, let entry = crosswalks[citedEditionID]?[sectionRef],
                        ["dropped", "split", "renumbered"].contains(entry.relation)
                    {
                        let successor = entry.to.isEmpty ? "has no counterpart" : "became \(entry.to.joined(separator: ", "))"
                        found.append(ComputedFinding(
                            kind: .withdrawnSection,
                            target: .init(plan: planID, planSection: sectionID, edition: citedEditionID, guidelineSection: sectionRef),
                            evidence: .init(location: location(citation.line), excerpt: "section: \(sectionRef)"),
                            severity: .high, owner: nil,
                            note: "\(planID)/\(sectionID) cites \(citedEditionID) \(sectionRef), which the crosswalk to \(currentEdition) marks \(entry.relation): it \(successor)"))
                    }
                }
                let cited = citedSections.map {
                    RoleConsistency.CitedSection(edition: $0.edition.id, id: $0.id, statements: $0.edition.section($0.id)?["roles"]?.sequence ?? [])
                }
                let assignments = section.roles.map { (actor: $0.actor, responsibility: $0.responsibility) }
                for c in RoleConsistency.contradictions(assignments: assignments, cited: cited, parties: actorParties) {
                    found.append(ComputedFinding(
                        kind: .roleContradiction,
                        target: .init(plan: planID, planSection: sectionID, edition: c.edition, guidelineSection: c.guidelineSection, actor: c.actor),
                        evidence: .init(location: location(section.roles[c.roleIndex].line), excerpt: "actor: \(c.actor), responsibility: \(c.responsibility.rawValue)"),
                        severity: .high, owner: actorParties[c.actor].flatMap { $0.isEmpty ? nil : $0 },
                        note: "\(planID)/\(sectionID) gives \(c.actor) \(c.responsibility.rawValue) responsibility, but \(c.edition) \(c.guidelineSection) says \(c.statement)"))
                }
                for task in section.tasks {
                    guard let due = task.due, due < input.today, task.state != "done", let taskID = task.id else { continue }
                    let owner = task.owner ?? ""
                    let state = task.state ?? "open"
                    found.append(ComputedFinding(
                        kind: .taskOverdue, target: .init(plan: planID, planSection: sectionID, task: taskID),
                        evidence: .init(location: location(task.line), excerpt: "due: \(due), state: \(state)"),
                        severity: .low, owner: actorParties[owner].flatMap { $0.isEmpty ? nil : $0 },
                        note: "task \(taskID) of \(planID) (\(owner)) was due on \(due) and is \(state)"))
                }
            }
        }
        // Uncovered: leaf sections of the review's edition that no plan in scope cites.
        let parents = Set(edition.sections.values.compactMap(\.parent))
        for sectionID in edition.order where !parents.contains(sectionID) && !cited.contains(sectionID) {
            if let entry = input.notApplicableSections[sectionID], entry.map({ $0 >= input.today }) ?? true { continue }
            let title = edition.section(sectionID)?["title"]?.string ?? ""
            found.append(ComputedFinding(
                kind: .uncoveredSection, target: .init(edition: input.edition, guidelineSection: sectionID),
                evidence: .init(location: EditionIndex.path(for: input.edition) + ":\(edition.section(sectionID)?.position.line ?? 0)", excerpt: title),
                severity: .low, owner: nil,
                note: "no plan in scope cites \(input.edition) \(sectionID) (\(title))"))
        }
        let order = Dictionary(uniqueKeysWithValues: Finding.Kind.computed.enumerated().map { ($1, $0) })
        let sectionOrder = Dictionary(edition.order.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        // Sort keys made once per finding (a review of 10,000 plans sorts 20,000 findings).
        let keyed = found.map { finding in
            (finding, order[finding.kind] ?? 99, finding.kind == .uncoveredSection ? sectionOrder[finding.target.guidelineSection ?? ""] ?? 0 : 0, finding.key)
        }
        return keyed.sorted { a, b in (a.1, a.2, a.3) < (b.1, b.2, b.3) }.map(\.0)
    }

    /// The facts of the plans in scope, parsed in parallel (a review of 10,000
    /// plans is mostly parsing when no store holds their facts). A plan that
    /// cannot be read is an error: a review must not silently skip part of its scope.
    static func loadFacts(_ scope: [String], context: CheckContext) throws -> [(String, PlanFacts)] {
        let paths = scope.map(WorkspaceLayout.planPath(id:))
        var texts: [[UInt8]?] = []
        texts.reserveCapacity(paths.count)
        for path in paths { texts.append(try context.source.bytes(at: path)) }
        if let missing = texts.firstIndex(where: { $0 == nil }) {
            throw PlanBenchError.usage("plan \(scope[missing]) is in the review's scope but \(paths[missing]) does not exist")
        }
        let parsed = try parseFacts(texts, paths: paths)
        return try zip(scope.indices, parsed).map { i, facts in
            guard let facts else { throw PlanBenchError.usage("plan \(scope[i]) is in the review's scope but \(paths[i]) does not exist") }
            return (paths[i], facts)
        }
    }

    /// Each text's facts, parsed in parallel (nil for a nil text); a text that
    /// does not parse is an error naming its file, or nil when `lenient`.
    static func parseFacts(_ texts: [[UInt8]?], paths: [String], lenient: Bool = false) throws -> [PlanFacts?] {
        let results = ParallelMap.map(texts.indices) { i -> Result<PlanFacts, ParseFailure>? in
            guard let bytes = texts[i] else { return nil }
            do throws(DocumentError) { return .success(PlanFacts(plan: try DocumentReading.parse(bytes, path: paths[i]))) }
            catch { return .failure(ParseFailure(diagnostic: Diagnostic(file: paths[i], documentError: error))) }
        }
        var facts: [PlanFacts?] = []
        var problems: [Diagnostic] = []
        facts.reserveCapacity(results.count)
        for result in results {
            switch result {
            case .none: facts.append(nil)
            case .success(let value)?: facts.append(value)
            case .failure(let failure)?: problems.append(failure.diagnostic); facts.append(nil)
            }
        }
        if !problems.isEmpty, !lenient { throw PlanBenchError.invalidDocuments(problems) }
        return facts
    }

    struct ParseFailure: Error { var diagnostic: Diagnostic }

    /// One crosswalk entry: what an older section became.
    struct CrosswalkEntry {
        var relation: String
        var to: [String]
    }

    /// Crosswalk entries to `target`, by older edition and older section id.
    static func crosswalks(in context: CheckContext, to target: String) throws -> [String: [String: CrosswalkEntry]] {
        var result: [String: [String: CrosswalkEntry]] = [:]
        for path in try context.source.paths(in: WorkspaceLayout.guidelinesFolder)
        where WorkspaceLayout.idFromPath(path).hasPrefix("crosswalk-") {
            guard let document = context.document(at: path), document["kind"]?.string == "crosswalk",
                document["to"]?.string == target, let from = document["from"]?.string
            else { continue }
            for entry in document["entries"]?.sequence ?? [] {
                guard let id = entry["from"]?.string else { continue }
                result[from, default: [:]][id] = CrosswalkEntry(
                    relation: entry["relation"]?.string ?? "", to: (entry["to"]?.sequence ?? []).compactMap(\.string))
            }
        }
        return result
    }
}

/// Calendar dates as ISO 8601 text (`2026-11-26`) and the arithmetic reviews need.
public enum CalendarDate {
    /// `date` plus an ISO 8601 duration of years, months, weeks and days
    /// (`P1Y`, `P6M`, `P2W`, `P30D`, `P1Y6M`); a day past the end of a month
    /// becomes its last day (2026-01-31 + P1M = 2026-02-28). `nil` for text
    /// that is not a date or such a duration.
    public static func adding(_ duration: String, to date: String) -> String? {
        guard let (y, m, d) = parse(date), duration.hasPrefix("P") else { return nil }
        var years = 0, months = 0, days = 0
        var number = ""
        for c in duration.dropFirst() {
            if c == "T" { break }
            if c.isASCII, c.isNumber { number.append(c); continue }
            guard let n = Int(number) else { return nil }
            switch c {
            case "Y": years = n
            case "M": months = n
            case "W": days += 7 * n
            case "D": days += n
            default: return nil
            }
            number = ""
        }
        guard number.isEmpty else { return nil }
        let monthIndex = (m - 1) + months + 12 * years
        let year = y + monthIndex / 12, month = monthIndex % 12 + 1
        let day = min(d, daysIn(month: month, year: year))
        return format(julianDay(year, month, day) + days)
    }

    /// Today in the local time zone.
    public static func today(_ now: Date = Date()) -> String {
        var seconds = time_t(now.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        guard localtime_r(&seconds, &parts) != nil else { return "1970-01-01" }
        return String(format: "%04d-%02d-%02d", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1, Int(parts.tm_mday))
    }

    /// The date, time of day and UTC offset of an instant at an offset:
    /// `("2026-11-26", "10:15:00", "+09:00")`. Pure arithmetic: a Foundation date
    /// formatter costs about 0.1 ms to make (ICU), once per commit of a long log.
    public static func parts(secondsSince1970 seconds: Int64, utcOffsetMinutes offset: Int) -> (date: String, time: String, offset: String) {
        let local = seconds + Int64(offset) * 60
        var days = local / 86_400, second = local % 86_400
        if second < 0 {
            second += 86_400
            days -= 1
        }
        func two(_ n: Int64) -> String { n < 10 ? "0\(n)" : "\(n)" }
        let time = "\(two(second / 3600)):\(two(second % 3600 / 60)):\(two(second % 60))"
        let zone = (offset < 0 ? "-" : "+") + two(Int64(abs(offset) / 60)) + ":" + two(Int64(abs(offset) % 60))
        return (format(Int(days) + julianDay(1970, 1, 1)), time, zone)
    }

    /// Whether `text` is a valid calendar date `YYYY-MM-DD`.
    public static func isValid(_ text: String) -> Bool { parse(text) != nil }

    static func parse(_ text: String) -> (Int, Int, Int)? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard text.utf8.count == 10, parts.count == 3, let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
            (1...12).contains(m), d >= 1, d <= daysIn(month: m, year: y)
        else { return nil }
        return (y, m, d)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since an epoch (proleptic Gregorian), and back.
    static func julianDay(_ y: Int, _ m: Int, _ d: Int) -> Int {
        let a = (14 - m) / 12
        let yy = y + 4800 - a, mm = m + 12 * a - 3
        return d + (153 * mm + 2) / 5 + 365 * yy + yy / 4 - yy / 100 + yy / 400 - 32045
    }

    static func format(_ jd: Int) -> String {
        let a = jd + 32044
        let b = (4 * a + 3) / 146097
        let c = a - 146097 * b / 4
        let d = (4 * c + 3) / 1461
        let e = c - 1461 * d / 4
        let m = (5 * e + 2) / 153
        let day = e - (153 * m + 2) / 5 + 1
        let month = m + 3 - 12 * (m / 10)
        let year = 100 * b + d - 4800 + m / 10
        // Zero-padded by hand: String(format:) goes through Foundation, and a review
        // of 10,000 plans computes a due date for each.
        func padded(_ value: Int, _ width: Int) -> String {
            // As %0Nd: the sign counts in the width.
            let digits = String(value.magnitude), sign = value < 0 ? "-" : ""
            return sign + String(repeating: "0", count: max(0, width - sign.count - digits.count)) + digits
        }
        return padded(year, 4) + "-" + padded(month, 2) + "-" + padded(day, 2)
    }
}
