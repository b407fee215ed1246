// `planbench schema check`: validate JSON or YAML files against a JSON Schema,
// with no workspace involved.
import ArgumentParser
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import PlanBench
import PlanDocument
import PlanSchema
import Synchronization

/// `planbench schema`: commands that work on a schema alone.
public struct SchemaCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "Work with JSON Schemas directly, outside a workspace.",
        subcommands: [Check.self]
    )

    public init() {}
}

extension Draft: ExpressibleByArgument {}
extension OutputFormat: ExpressibleByArgument {}

extension SchemaCommand {
    /// `planbench schema check --schema S [options] INSTANCE...`
    public struct Check: ParsableCommand {
        public static let configuration = CommandConfiguration(
            commandName: "check",
            abstract: "Validate JSON or YAML instances against a JSON Schema (draft 2020-12 or 7).",
            discussion: """
                Exit status: 0 when every instance is valid, 1 when any is invalid (or cannot be read), \
                2 when the schema or the arguments are bad.

                Patterns run in time linear in the value, or stop at a step limit: a value whose pattern \
                cannot be decided is reported as such, never as valid (exit 1). A pattern whose work \
                nothing can bound (a backreference, a lookbehind) makes the schema bad (exit 2, naming \
                the keyword's JSON pointer).

                Examples:
                  planbench schema check --schema plan.schema.json plans/
                  planbench schema check --schema s.json --output basic a.json b.yaml
                """
        )

        @Option(help: "The schema file (JSON or YAML).")
        var schema: String?

        @Option(help: "The draft for a schema without $schema: 2020-12 (default) or 7.")
        var draft: Draft = .draft2020_12

        @Flag(help: "Make `format` an assertion (dates, e-mails, URIs, ... are checked).")
        var formatAssertion = false

        @Option(
            help: ArgumentHelp(
                "Make a schema resolvable by URI: URI=FILE, or URI=DIRECTORY to map a URI prefix onto the files below it.",
                valueName: "uri=path"))
        var register: [String] = []

        @Option(help: "flag, basic (2020-12 output units as JSON) or text (file:line:column lines).")
        var output: OutputFormat = .text

        @Argument(help: "Instance files (JSON or YAML); a directory stands for the JSON and YAML files below it.")
        var instances: [String] = []

        public init() {}

        public func run() throws {
            let outcome = execute()
            // Through the invocation's console, like every command, so in-process runs capture it.
            if !outcome.output.isEmpty { Invocation.current.console.writeOut(outcome.output) }
            if !outcome.diagnostics.isEmpty { Invocation.current.console.writeErr(outcome.diagnostics) }
            if outcome.status != 0 { throw ExitCode(outcome.status) }
        }

        /// What a run prints and its exit status, without touching the process
        /// (tests call this directly).
        public struct Outcome: Sendable, Equatable {
            public var status: Int32
            public var output: String
            public var diagnostics: String
        }

        public func execute() -> Outcome {
            guard let schemaPath = schema else {
                return Outcome(status: 2, output: "", diagnostics: "error: --schema is required, e.g. --schema plan.schema.json\n")
            }
            guard !instances.isEmpty else {
                return Outcome(status: 2, output: "", diagnostics: "error: name at least one instance file to check\n")
            }
            let (register, draft, formatAssertion, output) = (register, draft, formatAssertion, output)
            // Reads and compiles from the files each time, so every worker can
            // have a validator that shares no objects with another one.
            let compile: @Sendable () throws -> Validator = {
                var registry = SchemaRegistry()
                for entry in register { try Self.register(entry, into: &registry) }
                let schemaNode = try DocumentFiles.read(schemaPath)
                return try Validator(
                    schema: schemaNode, registry: registry,
                    options: ValidationOptions(
                        draft: draft, formatAssertion: formatAssertion, collectsErrors: output != .flag),
                    baseURI: DocumentFiles.fileURI(schemaPath))
            }
            let validator: Validator
            do {
                validator = try compile()
            } catch let error as CheckFailure {
                return Outcome(status: 2, output: "", diagnostics: "error: \(error)\n")
            } catch {
                return Outcome(status: 2, output: "", diagnostics: "error: \(schemaPath): \(error)\n")
            }

            var status: Int32 = 0
            var units: [Node] = []
            var text = ""
            var diagnostics = ""
            let paths = DocumentFiles.expanding(instances)
            let outcomes = Self.checkAll(paths, with: validator, compilingMore: compile)
            for (path, outcome) in zip(paths, outcomes) {
                switch outcome {
                case .failure(let error):
                    status = 1
                    diagnostics += "\(error)\n"
                    units.append(["valid": false, "errors": [["instanceLocation": "", "keywordLocation": "", "error": Node(.string("\(error)"))]]])
                case .success(let result):
                    if !result.isValid { status = 1 }
                    switch output {
                    case .flag: units.append(result.flagOutput)
                    case .basic: units.append(result.basicOutput)
                    case .text: text += result.text(fileName: path)
                    }
                }
            }
            if output != .text {
                let document = units.count == 1 ? units[0] : Node(.sequence(units))
                text = Self.json(document)
            }
            return Outcome(status: status, output: text, diagnostics: diagnostics)
        }

        /// Pretty JSON for the output; flag units (the common case for large
        /// batches) are written directly.
        static func json(_ document: Node) -> String {
            let units = document.sequence ?? [document]
            guard document.sequence != nil, units.allSatisfy({ $0.mapping?.count == 1 && $0["valid"]?.bool != nil }) else {
                return JSONWriter.write(document, pretty: true) + "\n"
            }
            var out = "["
            for (i, unit) in units.enumerated() {
                out += i == 0 ? "\n" : ",\n"
                out += unit["valid"]?.bool == true ? "  {\n    \"valid\": true\n  }" : "  {\n    \"valid\": false\n  }"
            }
            return out + (units.isEmpty ? "]\n" : "\n]\n")
        }

        /// Reads and validates every file, on all processors; results come
        /// back in the order of `paths`.
        ///
        /// Each worker validates with its own validator (`validator` for the
        /// first, one from `compile` for each other): validation retains and
        /// releases the compiled schema's objects all the time, and workers
        /// that shared them would fight over their reference counts (on two
        /// CPUs that nearly doubled the CPU time of validation). Workers take
        /// files in small batches from a shared counter, so a busy CPU does
        /// not hold the others up.
        static func checkAll(
            _ paths: [String], with validator: Validator, compilingMore compile: () throws -> Validator
        ) -> [Result<ValidationResult, CheckFailure>] {
            let slots = ResultSlots(count: paths.count)
            defer { slots.deallocate() }
            let batch = 16
            let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, (paths.count + batch - 1) / batch))
            var compiled = [validator]
            while compiled.count < workers, let another = try? compile() { compiled.append(another) }
            let validators = compiled
            let next = Atomic<Int>(0)
            DispatchQueue.concurrentPerform(iterations: validators.count) { worker in
                let own = validators[worker]
                while true {
                    let start = next.add(batch, ordering: .relaxed).oldValue
                    guard start < paths.count else { return }
                    for i in start..<min(paths.count, start + batch) {
                        do {
                            let (instance, byteCount) = try DocumentFiles.readCountingBytes(paths[i])
                            slots.store(.success(own.validate(instance)), at: i)
                            // Freeing a tree of millions of nodes took a sixth of a 20 MB
                            // check; no one waits for it (the process exits first).
                            if byteCount >= 1 << 20 { releaseInBackground(consume instance) }
                        } catch let error as CheckFailure {
                            slots.store(.failure(error), at: i)
                        } catch {
                            slots.store(.failure(CheckFailure("\(paths[i]): \(error)")), at: i)
                        }
                    }
                }
            }
            return slots.results
        }

        /// Registers `URI=PATH`: one file, or every JSON/YAML file below a directory.
        static func register(_ entry: String, into registry: inout SchemaRegistry) throws {
            guard let equals = entry.firstIndex(of: "="), equals != entry.startIndex else {
                throw CheckFailure("--register takes URI=PATH, got \(entry)")
            }
            let uri = String(entry[..<equals])
            let path = String(entry[entry.index(after: equals)...])
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw CheckFailure("--register \(entry): \(path) does not exist")
            }
            guard isDirectory.boolValue else {
                registry.register(try DocumentFiles.read(path), uri: uri)
                return
            }
            let root = URL(fileURLWithPath: path).standardizedFileURL
            let prefix = uri.hasSuffix("/") ? uri : uri + "/"
            let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)
            while let url = enumerator?.nextObject() as? URL {
                guard ["json", "yaml", "yml"].contains(url.pathExtension) else { continue }
                let relative = String(url.standardizedFileURL.path.dropFirst(root.path.count + 1))
                registry.register(try DocumentFiles.read(url.path), uri: prefix + relative)
            }
        }
    }
}

/// One result per file, written by exactly one worker each.
private final class ResultSlots: @unchecked Sendable {
    // Safe without a lock: every index is written once, by one worker, and read
    // only after `concurrentPerform` returns.
    private let storage: UnsafeMutablePointer<Result<ValidationResult, CheckFailure>?>
    private let count: Int

    init(count: Int) {
        self.count = count
        storage = .allocate(capacity: count)
        storage.initialize(repeating: nil, count: count)
    }

    func store(_ result: Result<ValidationResult, CheckFailure>, at index: Int) { storage[index] = result }

    var results: [Result<ValidationResult, CheckFailure>] { (0..<count).map { storage[$0]! } }

    func deallocate() {
        storage.deinitialize(count: count)
        storage.deallocate()
    }
}

/// A problem with the command's inputs, said plainly.
struct CheckFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Reading schema and instance files, JSON or YAML.
enum DocumentFiles {
    /// Reads `path` as JSON (`.json`, or content starting with `{` or `[`) or YAML.
    /// - Throws: ``CheckFailure`` naming the file, line and column.
    static func read(_ path: String) throws -> Node {
        try readCountingBytes(path).node
    }

    /// Like `read`, with the file's size.
    ///
    /// The file is read into memory, never mapped: a mapped file that another
    /// process truncates while it is parsed raises SIGBUS at the first page
    /// past the new end, where a read just ends early.
    static func readCountingBytes(_ path: String) throws -> (node: Node, byteCount: Int) {
        guard let data = DocumentReading.contents(atPath: path) else {
            throw CheckFailure("\(path): cannot read the file; check the path and permissions")
        }
        return try parse(data, path: path)
    }

    /// Parses a file's bytes as JSON (by extension, or by a leading `{` or `[`)
    /// or YAML.
    private static func parse(_ data: some Collection<UInt8>, path: String) throws -> (node: Node, byteCount: Int) {
        let ext = pathExtension(path)
        let firstByte = data.first { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }
        let isJSON = ext == "json" || (ext != "yaml" && ext != "yml" && (firstByte == UInt8(ascii: "{") || firstByte == UInt8(ascii: "[")))
        do {
            return (isJSON ? try JSONReader().read(data) : try YAMLReader().read(data), data.count)
        } catch {
            let place = error.position.isKnown ? "\(path):\(error.position.line):\(error.position.column)" : path
            throw CheckFailure("\(place): \(error.message)")
        }
    }

    static func pathExtension(_ path: String) -> String {
        // Byte-level on purpose: this runs once per file on large batches.
        let bytes = path.utf8
        guard let dot = bytes.lastIndex(of: UInt8(ascii: ".")) else { return "" }
        if let slash = bytes.lastIndex(of: UInt8(ascii: "/")), slash > dot { return "" }
        return String(decoding: bytes[bytes.index(after: dot)...], as: UTF8.self).lowercased()
    }

    /// The paths, with each directory replaced by the JSON and YAML files
    /// below it in path order.
    static func expanding(_ paths: [String]) -> [String] {
        var result: [String] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
                result.append(path)
                continue
            }
            let base = path.hasSuffix("/") ? path : path + "/"
            #if canImport(Glibc)
            let found = filesBelow(base)
            #else
            let found = (try? FileManager.default.subpathsOfDirectory(atPath: path)) ?? []
            #endif
            result += found.filter { ["json", "yaml", "yml"].contains(pathExtension($0)) }.sorted().map { base + $0 }
        }
        return result
    }

    #if canImport(Glibc)
    /// Every entry below `directory` (ending in `/`) that is not a directory,
    /// as a path relative to it; symbolic links are listed, not followed.
    ///
    /// Plain `readdir`: FileManager's `subpathsOfDirectory` spent about 19,000
    /// instructions an entry, 0.05 s of a 10,000-file check before any file
    /// was read.
    static func filesBelow(_ directory: String) -> [String] {
        var found: [String] = []
        var pending = [""]
        while let relative = pending.popLast() {
            guard let stream = opendir(directory + relative) else { continue }
            defer { closedir(stream) }
            while let entry = readdir(stream) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                    String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
                }
                if name == "." || name == ".." { continue }
                let path = relative + name
                var isDirectory = Int32(entry.pointee.d_type) == DT_DIR
                if Int32(entry.pointee.d_type) == DT_UNKNOWN {
                    // Some file systems do not fill d_type in.
                    var info = stat()
                    isDirectory = lstat(directory + path, &info) == 0 && info.st_mode & S_IFMT == S_IFDIR
                }
                if isDirectory {
                    pending.append(path + "/")
                } else {
                    found.append(path)
                }
            }
        }
        return found
    }
    #endif

    /// A `file://` URI for a path, the base URI of a schema without `$id`.
    static func fileURI(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.absoluteString
    }
}
