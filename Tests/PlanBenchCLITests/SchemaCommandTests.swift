import Foundation
import PlanDocument
import Testing
@testable import PlanBenchCLI

@Suite struct SchemaCommandTests {
    /// A fresh directory per test; tests run in parallel and never chdir.
    func scratch(_ files: [String: String]) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("schema-cli-\(UUID().uuidString)")
        for (name, text) in files {
            let url = dir.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        return dir
    }

    func run(_ arguments: [String]) throws -> SchemaCommand.Check.Outcome {
        try SchemaCommand.Check.parse(arguments).execute()
    }

    static let schema = #"{"type": "object", "required": ["id"], "properties": {"id": {"$ref": "http://localhost:1234/ids/id.json"}}}"#

    @Test func validInstancesExitZero() throws {
        let dir = try scratch([
            "s.json": Self.schema, "remotes/ids/id.json": #"{"type": "string", "minLength": 2}"#,
            "a.yaml": "id: isr\n", "b.json": #"{"id": "aa"}"#,
        ])
        defer { try? FileManager.default.removeItem(at: dir) }
        let outcome = try run([
            "--schema", dir.appendingPathComponent("s.json").path,
            "--register", "http://localhost:1234/=\(dir.appendingPathComponent("remotes").path)",
            dir.appendingPathComponent("a.yaml").path, dir.appendingPathComponent("b.json").path,
        ])
        #expect(outcome.status == 0)
        #expect(outcome.output.components(separatedBy: "\n").filter { $0.hasSuffix(": valid") }.count == 2)
    }

    @Test func invalidInstanceExitsOneWithFileLineColumn() throws {
        let dir = try scratch([
            "s.json": Self.schema, "id.json": #"{"type": "string", "minLength": 2}"#, "a.yaml": "title: x\nid: i\n",
        ])
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("a.yaml").path
        let outcome = try run([
            "--schema", dir.appendingPathComponent("s.json").path,
            "--register", "http://localhost:1234/ids/id.json=\(dir.appendingPathComponent("id.json").path)", path,
        ])
        #expect(outcome.status == 1)
        #expect(outcome.output == "\(path):2:5: /id: expected at least 2 characters, found 1 in \"i\"\n")
    }

    /// Files of 1 MB or more are mapped into memory rather than read; results and
    /// error positions must not change.
    @Test func largeFilesGiveTheSameResultsAndPositions() throws {
        let items = (0..<60_000).map { #"{"id": "item-\#($0)"}"# }
        let valid = "{\"id\": \"big\", \"items\": [\n" + items.joined(separator: ",\n") + "\n]}\n"
        let invalidJSON = valid.replacingOccurrences(of: "\"id\": \"big\"", with: "\"id\": \"b\"")
        let brokenJSON = valid.replacingOccurrences(of: #"{"id": "item-59999"}"#, with: #"{"id": "item-59999",}"#)
        let yaml = "id: big\nitems:\n" + (0..<80_000).map { "  - id: item-\($0)\n" }.joined() + "title: x\n"
        let dir = try scratch([
            "s.json": #"{"type": "object", "required": ["id"], "properties": {"id": {"type": "string", "minLength": 2}}}"#,
            "valid.json": valid, "invalid.json": invalidJSON, "broken.json": brokenJSON, "big.yaml": yaml,
        ])
        defer { try? FileManager.default.removeItem(at: dir) }
        for name in ["valid.json", "invalid.json", "broken.json", "big.yaml"] {
            let size = try FileManager.default.attributesOfItem(atPath: dir.appendingPathComponent(name).path)[.size] as? Int
            #expect((size ?? 0) >= 1 << 20, "\(name) must be big enough to be mapped")
        }
        let schema = dir.appendingPathComponent("s.json").path
        let path = { (name: String) in dir.appendingPathComponent(name).path }
        #expect(try run(["--schema", schema, path("valid.json"), path("big.yaml")]).status == 0)
        let invalid = try run(["--schema", schema, path("invalid.json")])
        #expect(invalid.status == 1)
        #expect(invalid.output == "\(path("invalid.json")):1:8: /id: expected at least 2 characters, found 1 in \"b\"\n")
        let broken = try run(["--schema", schema, path("broken.json")])
        #expect(broken.status != 0)
        #expect((broken.output + broken.diagnostics).contains("\(path("broken.json")):60001:"), "\(broken.output)\(broken.diagnostics)")
    }

    /// Files of 4 MB or more are parsed on two threads; several at once, on
    /// workers that already use every CPU, must give the single parser's results.
    @Test func severalVeryLargeFilesAtOnce() throws {
        let items = (0..<200_000).map { #"{"id": "item-\#($0)"}"# }
        let valid = "{\"id\": \"big\", \"items\": [\n" + items.joined(separator: ",\n") + "\n]}\n"
        let invalid = valid.replacingOccurrences(of: #"{"id": "item-150000"}"#, with: #"{"id": 5}"#)
        let dir = try scratch([
            "s.json": #"{"properties": {"items": {"items": {"properties": {"id": {"type": "string"}}}}}}"#,
            "a.json": valid, "b.json": invalid, "c.json": valid,
        ])
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = { (name: String) in dir.appendingPathComponent(name).path }
        #expect(valid.utf8.count >= 4 << 20)
        let outcome = try run(["--schema", path("s.json"), path("a.json"), path("b.json"), path("c.json")])
        #expect(outcome.status == 1)
        #expect(outcome.output == """
            \(path("a.json")): valid
            \(path("b.json")):150002:8: /items/150000/id: expected string, found number 5
            \(path("c.json")): valid

            """, "\(outcome.output)")
    }

    @Test func basicOutputIsAnArrayForSeveralInstances() throws {
        let dir = try scratch(["s.yaml": "type: integer\n", "a.json": "1", "b.json": "\"x\""])
        defer { try? FileManager.default.removeItem(at: dir) }
        let outcome = try run([
            "--schema", dir.appendingPathComponent("s.yaml").path, "--output", "basic",
            dir.appendingPathComponent("a.json").path, dir.appendingPathComponent("b.json").path,
        ])
        #expect(outcome.status == 1)
        let units = try JSONReader().read(outcome.output)
        #expect(units[0] == ["valid": true])
        #expect(units[1]?["valid"] == false)
        #expect(units[1]?["errors"]?[0]?["keywordLocation"]?.string == "/type")
        #expect(units[1]?["errors"]?[0]?["instanceLocation"]?.string == "")
    }

    @Test func badSchemaOrArgumentsExitTwo() throws {
        let dir = try scratch(["bad.json": ##"{"$ref": "#/$defs/nowhere"}"##, "broken.json": "{", "a.json": "1"])
        defer { try? FileManager.default.removeItem(at: dir) }
        let instance = dir.appendingPathComponent("a.json").path
        let unresolved = try run(["--schema", dir.appendingPathComponent("bad.json").path, instance])
        #expect(unresolved.status == 2)
        #expect(unresolved.diagnostics.contains("cannot resolve `#/$defs/nowhere`"))
        let broken = try run(["--schema", dir.appendingPathComponent("broken.json").path, instance])
        #expect(broken.status == 2)
        #expect(broken.diagnostics.contains("broken.json:1:2: unexpected end of input"))
        #expect(try run([instance]).status == 2)
        #expect(try run(["--schema", dir.appendingPathComponent("bad.json").path]).status == 2)
        #expect(try run(["--schema", instance, "--register", "nonsense", instance]).status == 2)
    }

    @Test func formatAssertionAndDraftOptions() throws {
        let dir = try scratch([
            "s.json": #"{"format": "date"}"#, "t.json": #"{"items": [{"type": "string"}]}"#,
            "a.json": #""2021-02-30""#, "b.json": "[1]",
        ])
        defer { try? FileManager.default.removeItem(at: dir) }
        let schema = dir.appendingPathComponent("s.json").path
        let a = dir.appendingPathComponent("a.json").path
        let b = dir.appendingPathComponent("b.json").path
        let tuple = dir.appendingPathComponent("t.json").path
        #expect(try run(["--schema", schema, a]).status == 0)
        #expect(try run(["--schema", schema, "--format-assertion", a]).status == 1)
        // Draft 7 reads array-form `items` as a tuple; 2020-12 rejects it as a schema.
        #expect(try run(["--schema", tuple, "--draft", "7", b]).status == 1)
        #expect(try run(["--schema", tuple, "--draft", "2020-12", b]).status == 2)
    }
}
