import Foundation
import PlanDocument
import Testing
@testable import PlanSchema

/// The suite's output-tests: our `basic` output, validated by the suite's
/// schemas for it (with the official output schema registered).
@Suite struct OutputSuiteTests {
    @Test func basicOutputSatisfiesTheOutputTests() throws {
        let root = try #require(TestSuiteData.root.url, "\(TestSuiteData.root.note)")
        let folder = root.appendingPathComponent("output-tests/draft2020-12")
        let outputSchema = try JSONReader().read(Data(contentsOf: folder.appendingPathComponent("output-schema.json")))
        var registry = SchemaRegistry()
        registry.register(outputSchema, uri: "https://json-schema.org/draft/2020-12/output/schema")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("content").path).sorted()
        var checked = 0
        var annotationCases: [String] = []
        for file in files where file.hasSuffix(".json") {
            let groups = try JSONReader().read(Data(contentsOf: folder.appendingPathComponent("content/" + file)))
            for group in groups.sequence ?? [] {
                let validator = try Validator(schema: try #require(group["schema"]))
                for test in group["tests"]?.sequence ?? [] {
                    let expectation = try #require(test["output"]?["basic"])
                    // Annotations are not collected, so cases about them do not apply.
                    if expectation["required"]?.sequence?.contains("annotations") == true {
                        annotationCases.append("\(file): \(test["description"]?.string ?? "")")
                        continue
                    }
                    let output = validator.validate(try #require(test["data"])).basicOutput
                    let judge = try Validator(schema: expectation, registry: registry)
                    let verdict = judge.validate(output)
                    #expect(verdict.isValid, "\(file): \(test["description"]?.string ?? ""): \(JSONWriter.write(output)) \(verdict.errors)")
                    // Every unit also satisfies the official output schema.
                    #expect(try Validator(schema: outputSchema, registry: registry).isValid(output))
                    checked += 1
                }
            }
        }
        print("output-tests: \(checked) basic-output cases checked; not applicable (annotations): \(annotationCases)")
        #expect(checked >= 3)
        #expect(annotationCases.count <= 1)
    }
}
