import Testing
@testable import PlanSchema
