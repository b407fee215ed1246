import Testing
@testable import PlanGit
