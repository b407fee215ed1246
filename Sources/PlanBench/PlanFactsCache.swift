// Where plan facts come from, by git blob id: the workspace index when there
// is one (brought up to date first, as every index reader does), else one
// file under .planbench/cache/; plans in neither are parsed (in parallel), and
// without an index their facts are added to the file. Blob ids name content, so an
// entry never goes stale; both stores are derived data: a missing, damaged
// or foreign file or index is bypassed and the plans parsed.
import Foundation
import PlanDocument
import PlanGit
import PlanIndex

/// The file of plan facts by blob id, used when the workspace has no index.
struct PlanFactsCache {
    /// The file's first line: its format and what wrote it; a file from another version is ignored.
    static let header = Array("planbench-plan-facts/\(PlanFacts.encodingVersion) planbench \(PlanBenchVersion.current)\n".utf8)

    /// nil when the state folder is a symbolic link: local state is never read or written through one.
    let path: String?

    let workspaceRoot: String

    init(workspaceRoot: String) {
        self.workspaceRoot = workspaceRoot
        path = try? FileManagerHelpers.localStatePath("cache/plan-facts.bin", root: workspaceRoot)
    }

    /// Blob id (hex) -> encoded facts; empty when the file is missing, damaged or
    /// from another version. After the header, each entry is the blob id's 40 hex
    /// digits, the facts' length as 4 bytes (little-endian) and the facts.
    func load() -> [String: [UInt8]] {
        guard let path, let bytes = FileManagerHelpers.contents(of: path), bytes.starts(with: Self.header) else { return [:] }
        var entries: [String: [UInt8]] = [:]
        var at = Self.header.count
        while at < bytes.count {
            guard bytes.count - at >= 44, let blob = String(validating: bytes[at..<(at + 40)], as: UTF8.self),
                blob.utf8.allSatisfy({ (48...57).contains($0) || (97...102).contains($0) })
            else { return [:] }
            let length = bytes[(at + 40)..<(at + 44)].reversed().reduce(0) { $0 << 8 | Int($1) }
            at += 44
            guard length <= bytes.count - at else { return [:] }
            entries[blob] = Array(bytes[at..<(at + length)])
            at += length
        }
        return entries
    }

    /// Replaces the file; failures are ignored (the cache is optional).
    func store(_ entries: [String: [UInt8]]) {
        guard let path else { return }
        var out = Self.header
        out.reserveCapacity(out.count + entries.values.reduce(0) { $0 + 44 + $1.count })
        for blob in entries.keys.sorted() {
            let facts = entries[blob]!
            out.append(contentsOf: blob.utf8)
            out.append(contentsOf: (0..<4).map { UInt8(truncatingIfNeeded: facts.count >> (8 * $0)) })
            out.append(contentsOf: facts)
        }
        try? FileManagerHelpers.writeAtomically(out, to: path, root: workspaceRoot)
    }
}

extension Workspace {
    /// The facts of the plans at `paths` as committed at `commit` (nil for a path not there).
    ///
    /// - Parameter lenient: A plan that does not parse gives nil (else an error naming it).
    /// - Throws: ``PlanBenchError/invalidDocuments(_:)`` when a plan cannot be parsed.
    func planFacts(_ paths: [String], at commit: ObjectID, lenient: Bool = false) throws -> [PlanFacts?] {
        let files = try gitCall { try repository.files(in: commit, under: WorkspaceLayout.plansFolder) }
        let ids = paths.map { files[$0] }
        return try planFacts(blobs: ids.map { $0?.hex }, paths: paths, lenient: lenient) { i in
            try gitCall { try repository.readBlob(ids[i]!) }
        }
    }

    /// The facts of `plans`, each a path and the blob it holds.
    func planFacts(_ plans: [(path: String, blob: ObjectID)], lenient: Bool = false) throws -> [PlanFacts?] {
        try planFacts(blobs: plans.map(\.blob.hex), paths: plans.map(\.path), lenient: lenient) { i in
            try gitCall { try repository.readBlob(plans[i].blob) }
        }
    }

    /// The facts of the plans at `paths` in the work tree, by content: a plan
    /// saved as it is has the facts of its committed blob.
    func workTreePlanFacts(_ paths: [String], lenient: Bool = false) throws -> [PlanFacts?] {
        let texts = try paths.map { try workTree.bytes(at: $0) }
        let blobs = ParallelMap.map(texts.indices) { texts[$0].map(Fingerprint.blobID(of:)) }
        return try planFacts(blobs: blobs, paths: paths, lenient: lenient) { texts[$0]! }
    }

    private func planFacts(blobs: [String?], paths: [String], lenient: Bool, bytes: (Int) throws -> [UInt8]) throws -> [PlanFacts?] {
        let store: IndexStore? = hasIndex ? (try? updateIndex())?.0 : nil
        let cache = store == nil ? PlanFactsCache(workspaceRoot: root) : nil
        let wanted = Array(Set(blobs.compactMap { $0 }))
        var encoded: [String: [UInt8]] = [:]
        if let store {
            encoded = (try? store.planFacts(wanted)) ?? [:]
        } else if let cache {
            encoded = cache.load()
        }
        let candidates = wanted.compactMap { blob in encoded[blob].map { (blob, $0) } }
        let decoded = ParallelMap.map(candidates.indices) { PlanFacts(encoded: candidates[$0].1) }
        var known: [String: PlanFacts] = [:]
        known.reserveCapacity(wanted.count)
        for ((blob, _), facts) in zip(candidates, decoded) { known[blob] = facts }

        // Plans in neither store: parsed, each blob once.
        var missing: [Int] = []
        var seen = Set<String>()
        for (i, blob) in blobs.enumerated() {
            if let blob, known[blob] == nil, seen.insert(blob).inserted { missing.append(i) }
        }
        if !missing.isEmpty {
            let texts = try missing.map { try bytes($0) }
            let parsed = try ReviewChecks.parseFacts(texts, paths: missing.map { paths[$0] }, lenient: lenient)
            var added: [String: [UInt8]] = [:]
            for (i, facts) in zip(missing, parsed) {
                guard let facts else { continue }
                known[blobs[i]!] = facts
                added[blobs[i]!] = facts.encoded
            }
            // Nothing goes back to the index: it holds the facts of every plan blob it
            // has parsed (extraction writes them), so what it lacks are work-tree
            // edits that no commit has (and the current index is open read-only).
            if let cache, !added.isEmpty {
                encoded.merge(added) { a, _ in a }
                // Bounded: past four times the plans just used (and 50,000 entries), only those are kept.
                let used = Set(wanted)
                cache.store(encoded.count > max(50_000, 4 * used.count) ? encoded.filter { used.contains($0.key) } : encoded)
            }
        }
        return blobs.map { $0.flatMap { known[$0] } }
    }
}
