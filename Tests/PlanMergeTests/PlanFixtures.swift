// Small plans for the merge tests, written as YAML so the tests read like
// the documents people edit.
import PlanDocument

enum PlanFixtures {
    static let planYAML = """
        id: isr-peacetime
        title: Bilateral ISR in peacetime
        status: draft
        parties:
          - japan
          - united-states
        owners:
          - name: Sato Hanako
            email: h.sato@example.mod.go.jp
            party: japan
        sections:
          - id: concept
            title: Concept
            prose: |
              The two governments share intelligence on activities in the waters around Japan. Each side keeps its own chain of command. Shared assets are tasked through the alliance coordination mechanism.
              Collection plans are reviewed every quarter.
            citations:
              - edition: jus-2015
                section: IV.A.1
              - edition: jus-2015
                section: IV.A.2
            roles:
              - actor: sdf
                responsibility: primary
                scope: ISR over the waters surrounding Japan
              - actor: usf
                responsibility: support-and-supplement
                scope: Wide-area ISR
            tasks:
              - id: t1
                title: Agree collection priorities
                owner: sdf
                state: open
              - id: t2
                title: Exchange liaison officers
                owner: usf
                state: open
              - id: t3
                title: Set up a shared picture
                owner: sdf
                state: in-progress
          - id: assets
            title: Assets
            prose: Maritime patrol aircraft and unmanned systems fly agreed tracks.
          - id: reporting
            title: Reporting
            prose: Reports flow to both operations centres within one hour.
          - id: review
            title: Review
            prose: The plan is reviewed every year.

        """

    static func plan() -> Node {
        try! YAMLReader().read(planYAML)
    }

    static func read(_ yaml: String) -> Node {
        try! YAMLReader().read(yaml)
    }
}

/// Editing helpers for building the versions of a scenario.
extension Node {
    /// The node after applying `change` to the value at `pointer`.
    func editing(_ pointer: JSONPointer, _ change: (inout Node) -> Void) -> Node {
        var copy = self
        copy.edit(pointer.tokens[...], change)
        return copy
    }

    mutating func edit(_ tokens: ArraySlice<String>, _ change: (inout Node) -> Void) {
        guard let token = tokens.first else { return change(&self) }
        switch content {
        case .mapping(var m):
            content = .null
            var child = m[token] ?? .null
            child.edit(tokens.dropFirst(), change)
            m[token] = child
            content = .mapping(m)
        case .sequence(var s):
            content = .null
            let i = Int(token)!
            s[i].edit(tokens.dropFirst(), change)
            content = .sequence(s)
        default:
            preconditionFailure("cannot descend into a scalar at \(token)")
        }
    }

    /// The node with `value` set at `pointer` (replacing, or adding a key).
    func setting(_ pointer: JSONPointer, to value: Node) -> Node {
        editing(pointer) { $0 = value }
    }

    /// The node with the mapping key or sequence element at `pointer` removed.
    func removing(_ pointer: JSONPointer) -> Node {
        let last = pointer.tokens.last!
        return editing(pointer.parent!) { parent in
            if var m = parent.mapping {
                m.removeValue(forKey: last)
                parent = Node(.mapping(m))
            } else if var s = parent.sequence {
                s.remove(at: Int(last)!)
                parent = Node(.sequence(s))
            }
        }
    }

    /// The node with a sequence element moved from one index to another.
    func moving(in pointer: JSONPointer, from: Int, to: Int) -> Node {
        editing(pointer) { parent in
            var s = parent.sequence!
            let item = s.remove(at: from)
            s.insert(item, at: to)
            parent = Node(.sequence(s))
        }
    }

    /// The node with `value` inserted into the sequence at `pointer`.
    func inserting(_ value: Node, in pointer: JSONPointer, at index: Int) -> Node {
        editing(pointer) { parent in
            var s = parent.sequence!
            s.insert(value, at: index)
            parent = Node(.sequence(s))
        }
    }
}
