import PlanDocument
import PlanSchema
import Testing

/// The required (non-optional) tests of the official suite: all must pass.
@Suite struct RequiredSuiteTests {
    @Test(arguments: [("draft2020-12", Draft.draft2020_12), ("draft7", Draft.draft7)])
    func passesEveryRequiredTest(directory: String, draft: Draft) throws {
        let root = TestSuiteData.root
        print(root.note)
        try #require(root.url != nil, "\(root.note)")
        let cases = try TestSuiteData.cases(in: directory)
        try #require(!cases.isEmpty, "no tests found in \(directory)")
        let failures = TestSuiteData.run(cases, options: ValidationOptions(draft: draft))
        print("\(directory): \(cases.count - failures.count)/\(cases.count) required tests pass")
        for failure in failures { print("FAIL \(failure.key.replacingOccurrences(of: "\t", with: " | ")): \(failure.why)") }
        #expect(failures.isEmpty, "\(failures.count) of \(cases.count) \(directory) tests fail")
    }
}
