import Testing
@testable import PlanBenchCLI
