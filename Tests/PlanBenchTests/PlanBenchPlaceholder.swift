import Testing
@testable import PlanBench
