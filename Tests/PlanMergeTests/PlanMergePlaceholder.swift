import Testing
@testable import PlanMerge
