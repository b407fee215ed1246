// `planbench merge-file`: a structural three-way merge of one YAML document,
// shaped like `git merge-file` so git can use it as a merge driver.
import ArgumentParser
import PlanBench
import PlanDocument
import PlanMerge


#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
#if canImport(Glibc)
    @preconcurrency import Glibc
#endif

/// Merges BASE, OURS and THEIRS by structure and writes the result to OURS
/// (or `--output`).
///
/// Exit status: 0 clean; 1 conflicts, with each conflict written between
/// git-style markers so the file shows both versions; 2 when an input cannot
/// be read, with a `file:line:column: message` line.
public struct MergeFileCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "merge-file",
        abstract: "Merge three versions of a YAML document by structure (a git merge driver).",
        discussion: """
            Follows git's merge-driver convention: the result replaces OURS unless -o is given; \
            the exit status is 0 for a clean merge and 1 when conflicts are left, marked in the \
            file as git marks them.

            `planbench init` writes the .gitattributes that route workspace documents to this \
            driver; enable it with `\(WorkspaceScaffold.gitConfigCommands[1])`.
            """
    )

    @Argument(help: "The common ancestor (git's %O). An empty file means both sides added the document.")
    var base: String

    @Argument(help: "Our version (git's %A); it receives the result unless -o is given.")
    var ours: String

    @Argument(help: "Their version (git's %B).")
    var theirs: String

    @Option(name: [.short, .customLong("output")], help: "Write the result here instead of to OURS.")
    var output: String?

    @Flag(name: [.customShort("p"), .customLong("stdout")], help: "Print the result instead of writing a file.")
    var toStandardOutput = false

    @Option(help: ArgumentHelp(
        "The document's path in the repository (git's %P): named in messages instead of git's temporary file, and, inside a workspace, the merged document is checked as a save would check it.",
        valueName: "PATH"))
    var path: String?

    @Option(
        name: [.customShort("L"), .customLong("label")],
        help: "Names for the conflict markers, in the order ours, base, theirs (like git merge-file -L).")
    var labels: [String] = []

    public init() {}

    public func validate() throws {
        if labels.count > 3 { throw ValidationError("give at most three labels: ours, base, theirs") }
    }

    public func run() throws {
        var outcome = try merged()
        // Four trees of tens of thousands of nodes: no caller waits for them to be freed.
        releaseInBackground(outcome.takeTrees())
        if toStandardOutput {
            Invocation.current.console.writeOut(String(decoding: outcome.bytes, as: UTF8.self))
        } else {
            let destination = output ?? ours
            if let problem = Self.write(outcome.bytes, to: Self.resolved(destination, in: Invocation.current.currentDirectory)) {
                Self.printError("\(destination): cannot write the merged document (\(problem)); check the directory exists and is writable")
                throw ExitCode(2)
            }
        }
        let name = path ?? ours
        guard outcome.conflicts.isEmpty else {
            for conflict in outcome.conflicts {
                Self.printError("\(name): conflict at \(conflict)")
            }
            if path != nil { Self.printError(Self.gitMergeAdvice(name)) }
            throw ExitCode(1)
        }
        // A clean merge can still break a rule (both sides added the same task id in
        // different sections): inside a workspace, check it as a save would, and
        // report a conflict rather than let git commit an invalid document.
        if let path, DocumentKind.forPath(path) != nil,
            let workspace = try? Workspace.open(at: Invocation.current.currentDirectory)
        {
            let problems = try workspace.check(path: path, bytes: outcome.bytes).errors
            if !problems.isEmpty {
                for problem in problems.sortedForDisplay { Self.printError(problem.description) }
                Self.printError("\(path): merged without conflicts, but the result does not pass its checks. " + Self.gitMergeAdvice(path))
                throw ExitCode(1)
            }
        }
    }

    /// What to do next inside a git merge, in plain words.
    static func gitMergeAdvice(_ path: String) -> String {
        "This is a git merge: edit \(path) to keep one version at each conflict, then commit the merge with planbench save -m \"Merge ...\" (or git add \(path) && git commit), or give it up with git merge --abort."
    }

    /// The merged text and its conflicts, with the trees they came from.
    private struct Outcome {
        var bytes: [UInt8]
        var conflicts: [MergeConflict]
        var trees: (versions: [Node], result: MergeResult)?

        /// The trees, leaving none behind (so the returned value holds the last references).
        mutating func takeTrees() -> (versions: [Node], result: MergeResult)? {
            defer { trees = nil }
            return trees
        }
    }

    /// Reads the three versions and merges them.
    /// - Throws: `ExitCode(2)` after printing why an input cannot be read.
    private func merged() throws -> Outcome {
        let versions: (base: Node, ours: Node, theirs: Node)
        do {
            // The three documents are read at once: reading dominates the time of a merge.
            let read = Self.readConcurrently([base, ours, theirs])
            let (b, o, t) = (try read[0].get(), try read[1].get(), try read[2].get())
            guard let o, let t else {
                throw MergeFileFailure(path: o == nil ? ours : theirs, position: .unknown, message: DocumentError.empty.message)
            }
            // git passes an empty ancestor when both sides added the file.
            if let b {
                versions = (b, o, t)
            } else if o.mapping != nil && t.mapping != nil {
                versions = (Node(.mapping([:])), o, t)
            } else {
                throw MergeFileFailure(path: base, position: .unknown, message: DocumentError.empty.message)
            }
        } catch let failure as MergeFileFailure {
            Self.printError(failure.description)
            throw ExitCode(2)
        }
        let result = ThreeWayMerge.merge(base: versions.base, ours: versions.ours, theirs: versions.theirs)
        let bytes: [UInt8]
        if result.isClean {
            // Written over our version's text, so what neither side changed keeps its
            // bytes (comments, layout); DocumentEditing checks the result reads back
            // as the merge and writes canonical YAML otherwise.
            let directory = Invocation.current.currentDirectory
            if let oursBytes = DocumentReading.contents(atPath: Self.resolved(ours, in: directory)) {
                bytes = DocumentEditing.bytes(of: result.merged, replacing: versions.ours, in: oursBytes, path: ours)
            } else {
                // Sized like the inputs, so the megabyte-sized buffer is allocated once.
                bytes = YAMLWriter.bytes(of: result.merged, capacity: Self.expectedSize(of: ours))
            }
        } else {
            let names = labels + ["ours", "base", "theirs"].dropFirst(labels.count)
            bytes = Array(result.markedYAML(labels: (names[0], names[1], names[2])).utf8)
        }
        return Outcome(
            bytes: bytes, conflicts: result.conflicts,
            trees: ([versions.base, versions.ours, versions.theirs], result))
    }

    /// Reads each file on its own thread.
    static func readConcurrently(_ paths: [String]) -> [Result<Node?, MergeFileFailure>] {
        // Task-locals do not reach Dispatch's threads: read the directory here.
        let directory = Invocation.current.currentDirectory
        return ParallelMap.map(paths.indices, minimumCount: 0) { i in
            do {
                return .success(try read(paths[i], near: directory))
            } catch let failure as MergeFileFailure {
                return .failure(failure)
            } catch {
                return .failure(MergeFileFailure(path: paths[i], position: .unknown, message: "\(error)"))
            }
        }
    }

    /// The document in the file, or `nil` when the file holds only white space.
    static func read(_ path: String, near directory: String) throws -> Node? {
        guard let bytes = DocumentReading.contents(atPath: resolved(path, in: directory)) else {
            throw MergeFileFailure(path: path, position: .unknown, message: "cannot read the file; check the path")
        }
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) { return nil }
        // Inside a workspace, large documents planbench saved are cached by blob id.
        if let cached = ParsedTreeLookup.tree(for: bytes, near: directory) { return cached }
        switch parse(bytes) {
        case .success(let node):
            ParsedTreeLookup.store(node, for: bytes, near: directory)
            return node
        case .failure(let error): throw MergeFileFailure(path: path, position: error.position, message: error.message)
        }
    }

    /// A little more than the size of the file at `path` (a merge usually
    /// adds a little), or a default when it cannot be read.
    static func expectedSize(of path: String) -> Int {
        var status = stat()
        guard stat(resolved(path, in: Invocation.current.currentDirectory), &status) == 0 else { return 1 << 16 }
        return Int(status.st_size) + Int(status.st_size) / 8 + 4096
    }

    /// Replaces the file at `path` with `bytes` in place (as git expects of a
    /// merge driver: the file git handed over keeps its inode); the reason on
    /// failure. Written with one `write` loop rather than through `Data`,
    /// which copied the megabyte once more.
    static func write(_ bytes: [UInt8], to path: String) -> String? {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o666)
        guard descriptor >= 0 else { return String(cString: strerror(errno)) }
        var problem: String?
        bytes.withUnsafeBufferPointer { buffer in
            var done = 0
            while done < buffer.count {
                let n = Glibc.write(descriptor, buffer.baseAddress! + done, buffer.count - done)
                if n < 0 {
                    if errno == EINTR { continue }
                    problem = String(cString: strerror(errno))
                    return
                }
                done += n
            }
        }
        if close(descriptor) != 0 && problem == nil { problem = String(cString: strerror(errno)) }
        return problem
    }

    /// `path` made absolute against the invocation's directory (tests run
    /// commands in-process, so the process's own directory is not theirs).
    static func resolved(_ path: String, in directory: String) -> String {
        path.hasPrefix("/") ? path : directory + "/" + path
    }

    private static func parse(_ bytes: [UInt8]) -> Result<Node, DocumentError> {
        do {
            return .success(try YAMLReader().read(bytes))
        } catch {
            return .failure(error)
        }
    }

    static func printError(_ line: String) {
        Terminal.printError(line)
    }
}

/// Why `merge-file` could not read one of its inputs.
struct MergeFileFailure: Error, Sendable, CustomStringConvertible {
    var path: String
    var position: SourcePosition
    var message: String

    var description: String {
        position.isKnown ? "\(path):\(position.line):\(position.column): \(message)" : "\(path): \(message)"
    }
}
