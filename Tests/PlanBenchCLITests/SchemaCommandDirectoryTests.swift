// `schema check DIRECTORY`: the files below it, in path order, checked by
// several workers with results kept in that order.
import Foundation
import PlanDocument
import Testing
@testable import PlanBenchCLI

@Suite struct SchemaCommandDirectoryTests {
    /// A fresh directory per test; tests run in parallel and never chdir.
    func scratch(_ files: [String: String]) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("schema-dir-\(UUID().uuidString)")
        for (name, text) in files {
            let url = dir.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        return dir
    }

    @Test func directoryStandsForTheJSONAndYAMLFilesBelowItInPathOrder() throws {
        let dir = try scratch([
            "b.json": "1", "a/z.yaml": "2\n", "a/deeper/c.yml": "3\n", ".hidden/d.JSON": "4",
            "notes.txt": "not an instance", "a/readme.md": "# no",
        ])
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.createSymbolicLink(
            atPath: dir.appendingPathComponent("linked").path, withDestinationPath: dir.appendingPathComponent("a").path)
        let base = dir.path + "/"
        // The symbolic link to `a` is listed as an entry, not followed.
        #expect(
            DocumentFiles.expanding([dir.path])
                == [".hidden/d.JSON", "a/deeper/c.yml", "a/z.yaml", "b.json"].map { base + $0 })
        #expect(DocumentFiles.expanding([base]) == DocumentFiles.expanding([dir.path]))
        #expect(DocumentFiles.expanding([base + "b.json"]) == [base + "b.json"])
    }

    @Test func manyFilesKeepTheirOrderAcrossWorkers() throws {
        // More files than one batch, so several workers share them.
        var files = ["schema.json": #"{"type": "integer"}"#]
        for i in 0..<100 { files[String(format: "docs/%03d.json", i)] = i % 7 == 3 ? "\"text\"" : "\(i)" }
        let dir = try scratch(files)
        defer { try? FileManager.default.removeItem(at: dir) }
        let outcome = try SchemaCommand.Check.parse([
            "--schema", dir.appendingPathComponent("schema.json").path, "--output", "flag",
            dir.appendingPathComponent("docs").path,
        ]).execute()
        #expect(outcome.status == 1)
        let units = try #require(try JSONReader().read(outcome.output).sequence)
        #expect(units.count == 100)
        #expect(units.map { $0["valid"]?.bool } == (0..<100).map { $0 % 7 != 3 })
    }
}
