// What each fuzz target does with one input, shared by the libFuzzer
// executables (Tools/fuzz, Tools/fuzz-targets) and the test that replays
// saved inputs (Tests/FuzzRegressionTests). Not API.
import PlanDiff
import PlanDocument
import PlanMerge
import PlanSchema

/// A fuzz target: untrusted bytes in, no crash, trap or hang out, and a law
/// of what it exercised checked on every input that parses.
///
/// Inputs with several documents separate them with a NUL byte (which no
/// YAML or JSON text contains): `schema NUL instance`, `old NUL new`,
/// `base NUL ours NUL theirs`.
public enum FuzzTarget: String, CaseIterable, Sendable {
    /// The YAML reader (libyaml through CLibYAML); what it reads must survive
    /// the cache format unchanged.
    case yaml
    /// The JSON reader; what it reads must read back the same from the JSON
    /// writer's text.
    case json
    /// The parsed-tree cache decoder on arbitrary bytes; what it decodes must
    /// encode and decode to the same tree.
    case archive
    /// Schema compilation and validation; the verdict with all errors must
    /// agree with the first-failure verdict.
    case schema
    /// Structural diff of two documents; applying it to the old one must give
    /// the new one.
    case diff
    /// Three-way merge of three documents; merging a side against an
    /// untouched base must give that side, cleanly.
    case merge

    /// What archives are made and read as in fuzzing.
    public static let archiveProducer = "planbench-fuzz"

    /// Runs the target on one input; a broken law stops the process with a
    /// message (a finding, as a crash is).
    public func run(_ data: [UInt8]) {
        switch self {
        case .yaml:
            guard let node = try? YAMLReader().read(data) else { return }
            let archive = NodeArchive.encode(node, producer: Self.archiveProducer)
            let back = try? NodeArchive.decode(archive, producer: Self.archiveProducer)
            Self.check(back == node, "a YAML document changed through the cache format")
        case .json:
            guard let node = try? JSONReader().read(data) else { return }
            let text = JSONWriter.write(node)
            let back = try? JSONReader().read(text)
            Self.check(back == node, "a JSON document read back differently from the writer's text: \(text.prefix(200))")
        case .archive:
            guard let node = try? NodeArchive.decode(data, producer: Self.archiveProducer) else { return }
            let again = try? NodeArchive.decode(NodeArchive.encode(node, producer: Self.archiveProducer), producer: Self.archiveProducer)
            Self.check(again == node, "a decoded archive changed when encoded again")
        case .schema:
            let parts = Self.documents(in: data, count: 2)
            guard let schema = try? JSONReader().read(parts[0]) else { return }
            let instance = parts.count > 1 ? (try? YAMLReader().read(parts[1])) : schema
            guard let instance, let validator = try? Validator(schema: schema) else { return }
            let full = validator.validate(instance)
            Self.check(full.isValid == validator.isValid(instance), "validate and isValid disagree")
            Self.check(full.isValid == full.errors.isEmpty, "a verdict disagrees with its errors")
        case .diff:
            let parts = Self.documents(in: data, count: 2)
            guard parts.count == 2, let old = try? YAMLReader().read(parts[0]), let new = try? YAMLReader().read(parts[1]) else {
                return
            }
            let edits = StructuralDiff.diff(old, new)
            let applied = try? StructuralDiff.apply(edits, to: old)
            Self.check(applied == new, "applying the diff did not give the new document")
            Self.check(edits.isEmpty == (old == new), "the diff of equal documents is not empty, or of different ones is")
        case .merge:
            let parts = Self.documents(in: data, count: 3)
            guard parts.count == 3, let base = try? YAMLReader().read(parts[0]), let ours = try? YAMLReader().read(parts[1]),
                let theirs = try? YAMLReader().read(parts[2])
            else { return }
            _ = ThreeWayMerge.merge(base: base, ours: ours, theirs: theirs)
            let left = ThreeWayMerge.merge(base: base, ours: ours, theirs: base)
            Self.check(left.isClean && left.merged == ours, "merging ours against an untouched base did not give ours")
            let right = ThreeWayMerge.merge(base: base, ours: base, theirs: theirs)
            Self.check(right.isClean && right.merged == theirs, "merging theirs against an untouched base did not give theirs")
        }
    }

    /// Up to `count` documents separated by NUL bytes; the last takes the rest.
    static func documents(in data: [UInt8], count: Int) -> [ArraySlice<UInt8>] {
        var parts: [ArraySlice<UInt8>] = []
        var rest = data[...]
        while parts.count < count - 1, let nul = rest.firstIndex(of: 0) {
            parts.append(rest[..<nul])
            rest = rest[(nul + 1)...]
        }
        parts.append(rest)
        return parts
    }

    private static func check(_ condition: Bool, _ message: @autoclosure () -> String) {
        if !condition { fatalError("fuzz law broken: \(message())") }
    }
}
