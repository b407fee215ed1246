// Finds and loads the official JSON-Schema-Test-Suite, which lives outside
// the package (../shared/json-schema-test-suite, or the path in
// PLANBENCH_JSON_SCHEMA_SUITE, or Debian's draft7-only copy).
import Foundation
import PlanDocument
import PlanSchema

struct SuiteCase: Sendable {
    var file: String
    var group: String
    var test: String
    var schema: Node
    var data: Node
    var valid: Bool

    /// The line a known-failures file uses to name this case.
    var key: String { "\(file)\t\(group)\t\(test)" }
}

struct SuiteMissing: Error, CustomStringConvertible {
    var description: String
}

enum TestSuiteData {
    static let environmentVariable = "PLANBENCH_JSON_SCHEMA_SUITE"

    /// The suite's root directory, or nil with the reason it is missing.
    static let root: (url: URL?, note: String) = {
        if let path = ProcessInfo.processInfo.environment[environmentVariable] {
            let url = URL(fileURLWithPath: path)
            return FileManager.default.fileExists(atPath: url.appendingPathComponent("tests").path)
                ? (url, "suite from $\(environmentVariable): \(path)")
                : (nil, "$\(environmentVariable) is set to \(path), which holds no tests/ directory")
        }
        let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let shared = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/json-schema-test-suite")
        if FileManager.default.fileExists(atPath: shared.appendingPathComponent("tests").path) {
            return (shared, "suite from \(shared.path)")
        }
        let debian = URL(fileURLWithPath: "/usr/share/json-schema-test-suite")
        if FileManager.default.fileExists(atPath: debian.appendingPathComponent("tests").path) {
            return (debian, "JSON-Schema-Test-Suite not found at \(shared.path); using Debian's copy at \(debian.path) (draft7 only)")
        }
        return (nil, "JSON-Schema-Test-Suite not found at \(shared.path) nor /usr/share/json-schema-test-suite; set \(environmentVariable) to its path")
    }()

    /// A registry holding the suite's remotes under http://localhost:1234/.
    static let registry: SchemaRegistry = {
        var registry = SchemaRegistry()
        guard let root = root.url else { return registry }
        let remotes = root.appendingPathComponent("remotes")
        let enumerator = FileManager.default.enumerator(at: remotes, includingPropertiesForKeys: nil)
        while let url = enumerator?.nextObject() as? URL {
            guard url.pathExtension == "json", let data = try? Data(contentsOf: url),
                let node = try? JSONReader().read(data)
            else { continue }
            let relative = String(url.standardizedFileURL.path.dropFirst(remotes.standardizedFileURL.path.count + 1))
            registry.register(node, uri: "http://localhost:1234/" + relative)
        }
        return registry
    }()

    /// Every case of the files directly in `directory` (relative to tests/).
    static func cases(in directory: String) throws -> [SuiteCase] {
        guard let root = root.url else { return [] }
        let folder = root.appendingPathComponent("tests").appendingPathComponent(directory)
        guard FileManager.default.fileExists(atPath: folder.path) else {
            throw SuiteMissing(description: "\(folder.path) does not exist; this copy of the suite lacks \(directory) (Debian's holds draft7 only)")
        }
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { $0.hasSuffix(".json") }.sorted()
        var result: [SuiteCase] = []
        for file in files {
            let data = try Data(contentsOf: folder.appendingPathComponent(file))
            let groups = try JSONReader().read(data)
            for group in groups.sequence ?? [] {
                for test in group["tests"]?.sequence ?? [] {
                    result.append(
                        SuiteCase(
                            file: directory + "/" + file, group: group["description"]?.string ?? "",
                            test: test["description"]?.string ?? "", schema: group["schema"] ?? .null,
                            data: test["data"] ?? .null, valid: test["valid"]?.bool ?? false))
                }
            }
        }
        return result
    }

    /// Runs the cases; returns the keys of those that fail, with why.
    static func run(_ cases: [SuiteCase], options: ValidationOptions) -> [(key: String, why: String)] {
        var failures: [(String, String)] = []
        var cache: [String: Result<Validator, Error>] = [:]
        for item in cases {
            let cacheKey = item.file + "\u{1}" + item.group
            let compiled = cache[cacheKey] ?? Result { try Validator(schema: item.schema, registry: registry, options: options) }
            cache[cacheKey] = compiled
            switch compiled {
            case .failure(let error):
                failures.append((item.key, "schema did not compile: \(error)"))
            case .success(let validator):
                let result = validator.validate(item.data)
                let quick = validator.isValid(item.data)
                if result.isValid != item.valid {
                    failures.append((item.key, "expected \(item.valid ? "valid" : "invalid"), got \(result.isValid ? "valid" : "invalid: \(result.errors.first?.message ?? "")")"))
                } else if quick != result.isValid {
                    failures.append((item.key, "flag mode disagrees with collecting mode"))
                } else if !result.isValid && result.errors.isEmpty {
                    failures.append((item.key, "invalid but no error reported"))
                }
            }
        }
        return failures
    }
}
