// plandiff: the diff engine on two files, for the benchmark and for trying
// the engine before `planbench diff` is wired. Not the product's CLI.
//
//   plandiff OLD.yaml NEW.yaml [--format text|json|patch|html] [--color] [--timing] [--by-guideline]
//            [--yams] [--parallel]
//   plandiff --git-external-diff PATH OLD-FILE OLD-HEX OLD-MODE NEW-FILE NEW-HEX NEW-MODE
//
// Files are read with FastYAMLReader (block fast path, else libyaml events);
// for comparison, --yams reads with
// YAMLReader (Yams nodes).
//
// It uses Glibc rather than Foundation for files and output, so that its
// peak memory measures the engine rather than Foundation's start-up.
@preconcurrency import Glibc
import PlanDiff
import PlanDocument

func write(_ text: String, to fd: Int32) {
    var text = text
    text.withUTF8 { buffer in
        var offset = 0
        while offset < buffer.count {
            let n = Glibc.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
            if n <= 0 { return }
            offset += n
        }
    }
}

func fail(_ message: String) -> Never {
    write("plandiff: " + message + "\n", to: 2)
    exit(2)
}

func milliseconds(_ d: Duration) -> String {
    let tenths = d.components.seconds * 10_000 + d.components.attoseconds / 100_000_000_000_000
    return "\(tenths / 10).\(tenths % 10) ms"
}

/// The whole file, or nil when it cannot be read; one allocation of the
/// file's size (plus room for a file that grows while it is read).
func contents(of path: String) -> [UInt8]? {
    let fd = open(path, O_RDONLY)
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    var info = stat()
    guard fstat(fd, &info) == 0 else { return nil }
    var result = [UInt8](repeating: 0, count: Int(info.st_size) + 1)
    var count = 0
    while true {
        if count == result.count { result.append(contentsOf: repeatElement(0, count: 1 << 16)) }
        let n = result.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress! + count, $0.count - count) }
        if n < 0 { return nil }
        if n == 0 { break }
        count += n
    }
    result.removeLast(result.count - count)
    return result
}


func read(_ path: String, useYams: Bool) -> Node {
    guard let data = contents(of: path) else { fail("cannot read \(path)") }
    do {
        return useYams ? try YAMLReader().read(data) : try FastYAMLReader().read(data)
    } catch {
        fail("\(path):\(error)")
    }
}

var arguments = Array(CommandLine.arguments.dropFirst())

// git's external diff protocol (see GitDiffDriver): print the structural diff of one file.
if arguments.first == "--git-external-diff" {
    guard let invocation = GitDiffDriver.invocation(from: Array(arguments.dropFirst())) else {
        fail("--git-external-diff expects the seven arguments git passes to a diff command")
    }
    let old = invocation.oldFile.map { read($0, useYams: false) } ?? .null
    let new = invocation.newFile.map { read($0, useYams: false) } ?? .null
    let color = isatty(1) == 1 && getenv("NO_COLOR") == nil
    let header = "structural diff \(invocation.path) (\(invocation.oldBlob.prefix(7))..\(invocation.newBlob.prefix(7)))\n"
    write(header + TextRenderer(useColor: color).render(StructuralDiff.diff(old, new)), to: 1)
    exit(0)
}
var format = "text"
var useColor = false
var timing = false
var byGuideline = false
var useYams = false
var parallel = false
var files: [String] = []
while !arguments.isEmpty {
    let argument = arguments.removeFirst()
    switch argument {
    case "--format":
        guard !arguments.isEmpty else { fail("--format needs text, json, patch or html") }
        format = arguments.removeFirst()
    case "--color": useColor = true
    case "--timing": timing = true
    case "--by-guideline": byGuideline = true
    case "--yams": useYams = true
    case "--parallel": parallel = true
    default: files.append(argument)
    }
}
guard files.count == 2 else { fail("usage: plandiff OLD.yaml NEW.yaml [--format text|json|patch|html] [--color] [--timing] [--by-guideline]") }


/// Parses off the main actor, so the two files are read on two cores
/// (--parallel: faster on an idle machine, slower on a busy one, where the
/// second thread only adds overhead; measured in BENCHMARKS.md).
@concurrent func parse(_ path: String, useYams: Bool) async -> Node {
    read(path, useYams: useYams)
}

let t0 = ContinuousClock.now
let old: Node, new: Node
if !parallel {
    old = read(files[0], useYams: useYams)
    new = read(files[1], useYams: useYams)
} else {
    async let oldTree = parse(files[0], useYams: useYams)
    async let newTree = parse(files[1], useYams: useYams)
    (old, new) = await (oldTree, newTree)
}
let t1 = ContinuousClock.now
let edits = StructuralDiff.diff(old, new)
let t2 = ContinuousClock.now
let groups = byGuideline ? GuidelineGrouping.group(edits, old: old, new: new) : nil
let output: String
switch format {
case "text":
    output = groups.map { TextRenderer(useColor: useColor).render(groups: $0) } ?? TextRenderer(useColor: useColor).render(edits)
case "json": output = JSONRenderer.render(edits, old: files[0], new: files[1], groups: groups)
case "patch": output = JSONWriter.write(JSONPatch(edits: edits).node, pretty: true) + "\n"
case "html": output = HTMLRenderer.render(edits, title: "\(files[0]) -> \(files[1])", oldLabel: files[0], newLabel: files[1], groups: groups)
default: fail("unknown format \(format); use text, json, patch or html")
}
write(output, to: 1)
if timing {
    let t3 = ContinuousClock.now
    let message = "parse \(milliseconds(t1 - t0)) (both files\(parallel ? ", in parallel" : "")), diff \(milliseconds(t2 - t1)), render \(milliseconds(t3 - t2)); \(edits.count) edits\n"
    write(message, to: 2)
}
