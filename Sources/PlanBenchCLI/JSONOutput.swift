import PlanDocument

/// JSON for `--format json`, written through the document model so key order is kept.
enum JSONOutput {
    static func render(_ nodes: [Node]) -> String {
        JSONWriter.write(Node(.sequence(nodes)), pretty: true)
    }

    static func render(_ node: Node) -> String {
        JSONWriter.write(node, pretty: true)
    }
}

extension Node {
    init(_ string: String) { self.init(.string(string)) }
    init(_ int: Int) { self.init(.integer(int)) }
    init(_ bool: Bool) { self.init(.bool(bool)) }
    init(_ strings: [String]) { self.init(.sequence(strings.map { Node(.string($0)) })) }
}
