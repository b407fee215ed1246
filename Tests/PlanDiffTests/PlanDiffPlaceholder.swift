import Testing
@testable import PlanDiff
