import Foundation
import PlanDocument
import Testing
@testable import PlanBench

/// The package root, found from this file's path.
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

@Suite struct EmbeddedCorpusTests {
    @Test func embeddedResourcesMatchTheFilesOnDisk() throws {
        for (folder, embedded) in [("Schemas", EmbeddedResources.schemas), ("Plans", EmbeddedResources.corpus)] {
            let base = packageRoot.appendingPathComponent(folder)
            let enumerator = FileManager.default.enumerator(atPath: base.path)
            var onDisk: [String: String] = [:]
            while let relative = enumerator?.nextObject() as? String {
                guard [".json", ".yaml", ".yml", ".md"].contains(where: relative.hasSuffix) else { continue }
                guard folder == "Plans" || relative.hasSuffix(".json") else { continue }
                onDisk[relative] = try String(contentsOf: base.appendingPathComponent(relative), encoding: .utf8)
            }
            let stale = Set(onDisk.keys).union(embedded.keys).filter { onDisk[$0] != embedded[$0] }.sorted()
            #expect(stale.isEmpty, "\(folder)/ differs from the embedded copy in \(stale); run Tools/embed-resources")
        }
    }

    @Test func everyDocumentKindHasACompilingSchema() throws {
        let validator = try EmbeddedSchemaValidator.shared.get()
        for kind in DocumentKind.allCases {
            #expect(try validator.validator(for: kind) != nil, "no schema for \(kind)")
        }
    }

    @Test func theCorpusValidatesWithoutErrors() throws {
        let files = EmbeddedResources.corpus.filter { DocumentKind.forPath($0.key) != nil }
        let context = CheckContext(source: MemorySource(files: files))
        var diagnostics: [Diagnostic] = []
        for path in files.keys.sorted() {
            diagnostics += try DocumentChecker.standard().check(path: path, context: context).diagnostics
        }
        #expect(diagnostics.errors.isEmpty, "\(diagnostics.errors.map(\.description).joined(separator: "\n"))")
    }

    @Test func theCorpusHasItsDeliberateRoleContradiction() throws {
        let files = EmbeddedResources.corpus.filter { DocumentKind.forPath($0.key) != nil }
        let context = CheckContext(source: MemorySource(files: files))
        let checker = try DocumentChecker.standard()
        let warnings = files.keys.filter { $0.hasPrefix("plans/") }.flatMap {
            checker.check(path: $0, context: context).diagnostics.warnings
        }
        #expect(warnings.contains { $0.code == "role-contradiction" })
    }

    @Test func anInvalidPlanIsRefusedByTheSchemaWithAPosition() throws {
        let files = EmbeddedResources.corpus.filter { DocumentKind.forPath($0.key) != nil }
        var source = MemorySource(files: files)
        source.files["plans/bad.yaml"] = "id: bad\ntitle: Bad\nstatus: finished\n"
        let result = try DocumentChecker.standard().check(path: "plans/bad.yaml", context: CheckContext(source: source))
        let statusError = try #require(result.diagnostics.first { $0.pointer == JSONPointer("/status") })
        #expect(statusError.position == SourcePosition(line: 3, column: 9))
        #expect(statusError.code == "schema")
    }
}
