import Foundation
import PlanGit
import Testing
@testable import PlanBench

/// When the schemas compiled into planbench do not load, nothing is checked
/// without them: saves, status and validate refuse with a message that says so.
@Suite struct EmbeddedSchemaFailureTests {
    /// The embedded schemas with the plan schema damaged.
    static let damaged: [String: String] = EmbeddedResources.schemas.merging(["plan.schema.json": "{\"type\": "]) { $1 }

    @Test func aDamagedSchemaIsNamed() throws {
        let loaded = EmbeddedSchemaValidator.load(Self.damaged)
        guard case .failure(let error) = loaded else {
            Issue.record("a schema that is not JSON loaded")
            return
        }
        #expect(error.description.contains("plan.schema.json is not valid JSON"))
        #expect(error.description.contains("rebuild"))
        #expect(!error.isProblemReport)
    }

    @Test func aMissingSchemaIsNamed() throws {
        var texts = EmbeddedResources.schemas
        texts["review.schema.json"] = nil
        guard case .failure(let error) = EmbeddedSchemaValidator.load(texts) else {
            Issue.record("schemas without the review schema loaded")
            return
        }
        #expect(error.description.contains("review.schema.json is missing"))
    }

    @Test func aSaveIsRefusedWhenTheSchemasDoNotLoad() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("schema-failure-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let author = Signature(name: "Test", email: "test@example.org")
        let created = try Workspace.create(at: directory, example: false, author: author)
        _ = try created.newPlan(id: "p", title: "P", author: author)
        let head = try created.head()

        let workspace = Workspace(
            root: created.root, repository: try Repository.open(at: directory), checker: nil,
            embeddedSchemas: EmbeddedSchemaValidator.load(Self.damaged))
        let error = #expect(throws: PlanBenchError.self) { try workspace.save(message: "unchecked", author: author) }
        #expect(error?.description.contains("embedded schemas do not load (plan.schema.json") == true)
        #expect(try workspace.head() == head)
        #expect(throws: PlanBenchError.self) { try workspace.status() }
        #expect(throws: PlanBenchError.self) { try workspace.validate() }
    }
}
