import Foundation
import PlanBench
@testable import PlanServe
import Testing

/// The desk's per-plan coverage, assembled, is the CLI's coverage.
@Suite struct DeskPlanCacheTests {
    @Test func assembledCoverageIsTheCLIsCoverage() throws {
        let scratch = ScratchDirectory()
        let ws = try exampleWorkspace(scratch)
        let workspace = try Workspace.open(at: ws)
        let head = try #require(try workspace.head())
        let cache = DeskPlanCache()
        for edition in ["jus-2015", "jus-1997"] {
            let assembled = try cache.state(workspace, commit: head, edition: edition)
            let direct = try CoverageReport.build(edition: edition, context: CheckContext(source: try workspace.source(at: head.hex)))
            func shape(_ report: CoverageReport) -> [String] {
                report.sections.map { s in
                    "\(s.id) \(s.isCovered) " + s.citations.map { "\($0.plan):\($0.isSuspect):\($0.isRoleConsistent):\($0.suspectCitations):\($0.contradictedAssignments)" }.joined(separator: ",")
                }
            }
            #expect(shape(assembled.coverage) == shape(direct), "\(edition)")
            #expect(assembled.summaries.map(\.id) == (try workspace.planSummaries()).map(\.id))
        }
    }
}
