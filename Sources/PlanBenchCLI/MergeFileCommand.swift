// `planbench merge-file`: a structural three-way merge of one YAML document,
// shaped like `git merge-file` so git can use it as a merge driver.
import ArgumentParser
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
            Follows git's merge-driver convention: the result replaces OURS unless -o is given;
            the exit status is 0 for a clean merge and 1 when conflicts are left, marked in the
            file as git marks them. To let `git merge` use it:

              \(gitConfigLines.joined(separator: "\n  "))
            and in .gitattributes:
              \(gitAttributesLine)
            """
    )

    /// The `.gitattributes` line that routes plan documents to this driver.
    public static let gitAttributesLine = "*.yaml merge=planbench"

    /// The `git config` commands that declare the driver (`%O %A %B` are
    /// git's placeholders for base, ours and theirs).
    public static let gitConfigLines = [
        "git config merge.planbench.name \"planbench structural merge\"",
        "git config merge.planbench.driver \"planbench merge-file %O %A %B\"",
    ]

    @Argument(help: "The common ancestor (git's %O). An empty file means both sides added the document.")
    var base: String

    @Argument(help: "Our version (git's %A); it receives the result unless -o is given.")
    var ours: String

    @Argument(help: "Their version (git's %B).")
    var theirs: String

    @Option(name: [.short, .customLong("output")], help: "Write the result here instead of to OURS.")
    var output: String?

    @Flag(name: [.short, .customLong("stdout")], help: "Print the result instead of writing a file.")
    var toStandardOutput = false

    @Option(
        name: [.customShort("L"), .customLong("label")],
        help: "Names for the conflict markers, in the order ours, base, theirs (like git merge-file -L).")
    var labels: [String] = []

    public init() {}

    public func validate() throws {
        if labels.count > 3 { throw ValidationError("give at most three labels: ours, base, theirs") }
    }

    public func run() throws {
        let versions: (base: Node, ours: Node, theirs: Node)
        do {
            let o = try Self.read(ours, emptyAs: nil)
            let t = try Self.read(theirs, emptyAs: nil)
            // git passes an empty ancestor when both sides added the file.
            let empty: Node? = o.mapping != nil && t.mapping != nil ? Node(.mapping([:])) : nil
            versions = (try Self.read(base, emptyAs: empty), o, t)
        } catch let failure as MergeFileFailure {
            Self.printError(failure.description)
            throw ExitCode(2)
        }
        let result = ThreeWayMerge.merge(base: versions.base, ours: versions.ours, theirs: versions.theirs)
        let text: String
        if result.isClean {
            text = YAMLWriter.write(result.merged)
        } else {
            let names = labels + ["ours", "base", "theirs"].dropFirst(labels.count)
            text = result.markedYAML(labels: (names[0], names[1], names[2]))
        }
        if toStandardOutput {
            print(text, terminator: "")
        } else {
            let destination = output ?? ours
            do {
                try Data(text.utf8).write(to: URL(fileURLWithPath: destination))
            } catch {
                Self.printError("\(destination): cannot write the merged document (\(error)); check the directory exists and is writable")
                throw ExitCode(2)
            }
        }
        guard result.isClean else {
            for conflict in result.conflicts {
                Self.printError("\(ours): conflict at \(conflict)")
            }
            throw ExitCode(1)
        }
    }

    static func read(_ path: String, emptyAs empty: Node?) throws -> Node {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw MergeFileFailure(path: path, position: .unknown, message: "cannot read the file; check the path")
        }
        let bytes = [UInt8](data)
        if let empty, bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) { return empty }
        switch parse(bytes) {
        case .success(let node): return node
        case .failure(let error): throw MergeFileFailure(path: path, position: error.position, message: error.message)
        }
    }

    private static func parse(_ bytes: [UInt8]) -> Result<Node, DocumentError> {
        do {
            return .success(try YAMLReader().read(bytes))
        } catch {
            return .failure(error)
        }
    }

    static func printError(_ line: String) {
        #if canImport(Glibc)
            fputs(line + "\n", stderr)
        #else
            print(line)
        #endif
    }
}

/// Why `merge-file` could not read one of its inputs.
struct MergeFileFailure: Error, CustomStringConvertible {
    var path: String
    var position: SourcePosition
    var message: String

    var description: String {
        position.isKnown ? "\(path):\(position.line):\(position.column): \(message)" : "\(path): \(message)"
    }
}
