import PlanDocument
import PlanDiff
