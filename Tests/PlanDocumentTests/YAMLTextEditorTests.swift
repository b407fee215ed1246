import PlanDocument
import Testing

/// Editing YAML text to a new tree keeps every byte of what did not change.
@Suite struct YAMLTextEditorTests {
    let text = """
        # Header comment: owned by the maritime working group
        id: plan-a
        title: Plan A  # working title
        status: draft
        parties: [japan, united-states]
        sections:
          - id: one
            title: First
            prose: >-
              Folded prose that
              spans two lines.
            roles:
              - actor: sdf   # confirmed
                responsibility: primary
            tasks:
              - id: t1
                due: 2027-01-31
                state: open
          # Second section follows
          - id: two
            title: Second
            tasks: []

        """

    func read(_ text: String) throws -> Node { try YAMLReader().read(text) }

    func edited(_ change: (inout Node) -> Void) throws -> (String, Node) {
        let old = try read(text)
        var new = old
        change(&new)
        let result = try #require(YAMLTextEditor.edit(text, old: old, new: new), "the editor gave up")
        #expect(try read(result) == new, "the edited text must read back as the new tree")
        return (result, new)
    }

    /// Lines of `result` that are not lines of `text`, and the reverse.
    func changedLines(_ result: String) -> (added: [String], removed: [String]) {
        let a = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let b = result.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        return (b.filter { !a.contains($0) }, a.filter { !b.contains($0) })
    }

    @Test func aScalarChangeRewritesOnlyItsLine() throws {
        let (result, _) = try edited { $0["status"] = "in-review" }
        let changed = changedLines(result)
        #expect(changed.removed == ["status: draft"] && changed.added == ["status: in-review"])
    }

    @Test func aNestedChangeKeepsCommentsFlowAndFoldedStyles() throws {
        let (result, _) = try edited { plan in
            var sections = plan["sections"]!.sequence!
            var tasks = sections[0]["tasks"]!.sequence!
            tasks[0]["due"] = "2027-03-31"
            sections[0]["tasks"] = Node(.sequence(tasks))
            plan["sections"] = Node(.sequence(sections))
        }
        let changed = changedLines(result)
        #expect(changed.removed == ["        due: 2027-01-31"] && changed.added == ["        due: 2027-03-31"])
        #expect(result.contains("parties: [japan, united-states]") && result.contains("prose: >-"))
        #expect(result.contains("# Second section follows") && result.contains("- actor: sdf   # confirmed"))
    }

    @Test func anAddedListItemAndKeyAreWrittenInPlaceInCanonicalStyle() throws {
        let (result, _) = try edited { plan in
            var sections = plan["sections"]!.sequence!
            var tasks = sections[0]["tasks"]!.sequence!
            tasks.append(["id": "t2", "due": "2027-02-28", "state": "open"])
            sections[0]["tasks"] = Node(.sequence(tasks))
            sections[1]["summary"] = "Added later"
            plan["sections"] = Node(.sequence(sections))
        }
        #expect(changedLines(result).removed.isEmpty, "nothing the author wrote is dropped")
        #expect(result.contains("      - id: t2\n        due: 2027-02-28\n        state: open\n"))
    }

    @Test func aRemovedItemTakesOnlyItsLines() throws {
        let (result, _) = try edited { plan in
            var sections = plan["sections"]!.sequence!
            sections.remove(at: 1)
            plan["sections"] = Node(.sequence(sections))
        }
        #expect(changedLines(result).removed.allSatisfy { ["  - id: two", "    title: Second", "    tasks: []", "  # Second section follows"].contains($0) })
        #expect(result.hasPrefix("# Header comment"))
    }

    @Test func aChangedFlowValueIsRewrittenCanonicallyAndTheRestKept() throws {
        let (result, _) = try edited { $0["parties"] = Node(.sequence(["japan"])) }
        #expect(changedLines(result).removed == ["parties: [japan, united-states]"])
        #expect(result.contains("parties:\n  - japan\n"))
    }

    @Test func keysOutOfOrderAreLeftToTheCanonicalWriter() throws {
        let old = try read(text)
        var mapping = old.mapping!
        let status = mapping.removeValue(forKey: "status")!
        mapping.updateValue(status, forKey: "status", insertingAt: 0)
        #expect(YAMLTextEditor.edit(text, old: old, new: Node(.mapping(mapping))) == nil)
    }
}
