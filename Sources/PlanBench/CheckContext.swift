import PlanDocument

/// The documents a check may consult, parsed once each: the workspace
/// configuration and the Guideline editions that plans cite.
public final class CheckContext {
    public let source: DocumentSource
    private var parsed: [String: Node?] = [:]
    private var editionIndexes: [String: EditionIndex?] = [:]

    public init(source: DocumentSource) { self.source = source }

    /// The parsed document at `path`, or `nil` when absent or unreadable
    /// (the document's own check reports why).
    public func document(at path: String) -> Node? {
        if let cached = parsed[path] { return cached }
        let node = (try? source.bytes(at: path)).flatMap { $0 }.flatMap { try? DocumentReading.parse($0, path: path) }
        parsed[path] = node
        return node
    }

    /// The workspace configuration.
    public var configuration: WorkspaceConfiguration? {
        document(at: WorkspaceLayout.configFile).map(WorkspaceConfiguration.init)
    }

    /// The edition with this id, found at `guidelines/<id>.yaml`.
    public func edition(_ id: String) -> EditionIndex? {
        if let cached = editionIndexes[id] { return cached }
        guard Identifier.isValid(id) else { return nil }
        let path = EditionIndex.path(for: id)
        let index: EditionIndex?
        if let bytes = (try? source.bytes(at: path)).flatMap({ $0 }) {
            let key = ContentKey(bytes: bytes)
            if let known = Self.knownEditions.withLock({ $0[key] }) {
                index = known
            } else {
                // Parsed from the bytes just read (not read again through `document(at:)`).
                let document = try? DocumentReading.parse(bytes, path: path)
                parsed[path] = .some(document)
                index = document.map { EditionIndex(document: $0) }
                if let index {
                    Self.knownEditions.withLock { known in
                        if known.count >= 8 { known.removeAll(keepingCapacity: true) }
                        known[key] = index
                    }
                }
            }
        } else {
            index = nil
        }
        editionIndexes[id] = index
        return index
    }

    /// Edition indexes by the edition file's content, shared by every context in the
    /// process: a save builds two contexts, and a long-running process saves many
    /// times against the same edition.
    private static let knownEditions = Locked<[ContentKey: EditionIndex]>([:])
}

/// The workspace configuration (`planbench.yaml`) as the checks need it.
public struct WorkspaceConfiguration: Sendable {
    public let document: Node

    public init(_ document: Node) { self.document = document }

    public var defaultEdition: String? { document["defaultEdition"]?.string }

    /// Actor id -> party id.
    public var actorParties: [String: String] {
        var result: [String: String] = [:]
        for actor in document["actors"]?.sequence ?? [] {
            if let id = actor["id"]?.string { result[id] = actor["party"]?.string ?? "" }
        }
        return result
    }

    public var name: String { document["name"]?.string ?? "workspace" }
}

/// An edition's sections by id, flattened from the section tree.
public struct EditionIndex: Sendable {
    public struct Entry: Sendable {
        public let node: Node
        public let depth: Int
        /// The id of the enclosing section, if any.
        public let parent: String?
    }

    public let document: Node
    public let id: String
    /// Section ids in document order.
    public let order: [String]
    public let sections: [String: Entry]
    /// Ids that appear more than once, with the later nodes.
    public let duplicates: [(String, Node)]
    /// Each section's fingerprint, computed once: every citation of a section is
    /// compared with it, thousands of times in a large workspace.
    private let fingerprints: [String: String]

    public static func path(for editionID: String) -> String { "\(WorkspaceLayout.guidelinesFolder)/\(editionID).yaml" }

    public init(document: Node) {
        self.document = document
        self.id = document["id"]?.string ?? ""
        var order: [String] = []
        var sections: [String: Entry] = [:]
        var duplicates: [(String, Node)] = []
        func visit(_ list: [Node], depth: Int, parent: String?) {
            for section in list {
                guard let sid = section["id"]?.string else { continue }
                if sections[sid] == nil {
                    sections[sid] = Entry(node: section, depth: depth, parent: parent)
                    order.append(sid)
                } else {
                    duplicates.append((sid, section))
                }
                visit(section["sections"]?.sequence ?? [], depth: depth + 1, parent: sid)
            }
        }
        visit(document["sections"]?.sequence ?? [], depth: 0, parent: nil)
        self.order = order
        self.sections = sections
        self.duplicates = duplicates
        self.fingerprints = sections.mapValues { Fingerprint.of(section: $0.node) }
    }

    public func section(_ id: String) -> Node? { sections[id]?.node }

    public func fingerprint(of sectionID: String) -> String? {
        fingerprints[sectionID]
    }
}
