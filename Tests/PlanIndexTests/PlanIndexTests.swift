import PlanDocument
import Testing

@testable import PlanIndex

/// The parts of the index that need no git: query building and structural field identity.
@Suite struct PlanIndexTests {
    @Test(arguments: [
        ("ballistic missile", #""ballistic" "missile""#),
        ("boar*", #""boar"*"#),
        (#""air defense" OR cyber"#, #""air defense" OR "cyber""#),
        ("IV.A.1 NOT", #""IV.A.1""#),
        (#"quote"d"#, #""quoted""#),
        ("   ", ""),
    ])
    func searchQueriesBecomeSafeMatchExpressions(query: String, expected: String) {
        #expect(IndexStore.matchExpression(query) == expected)
    }

    @Test func reflowedProseAndReorderedKeysHashTheSame() throws {
        let one = try YAMLReader().read("prose: |\n  Both forces keep ships\n  at readiness.\nroles: [{actor: sdf, scope: x}]\n")
        let two = try YAMLReader().read("prose: >-\n  Both forces keep\n  ships at readiness.\nroles: [{scope: x, actor: sdf}]\n")
        #expect(FieldHash.of(one["prose"]!) == FieldHash.of(two["prose"]!))
        #expect(FieldHash.of(one["roles"]!) == FieldHash.of(two["roles"]!))
        let three = try YAMLReader().read("prose: Both forces keep ships at high readiness.\n")
        #expect(FieldHash.of(one["prose"]!) != FieldHash.of(three["prose"]!))
    }
}
