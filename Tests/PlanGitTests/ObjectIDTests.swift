import PlanGit
import Testing

@Suite struct ObjectIDTests {
    @Test func hexRoundTrips() throws {
        let hex = "0123456789abcdef0123456789abcdef01234567"
        let id = try #require(ObjectID(hex: hex))
        #expect(id.hex == hex)
        #expect(id.shortHex == "0123456")
        #expect(id.bytes.count == 20)
        #expect(ObjectID(hex: hex.uppercased()) == id)
    }

    @Test(arguments: ["", "abc", "0123456789abcdef0123456789abcdef0123456", "0123456789abcdef0123456789abcdef012345678",
                      "g123456789abcdef0123456789abcdef01234567"])
    func malformedHexIsRejected(_ hex: String) {
        #expect(ObjectID(hex: hex) == nil)
    }

    @Test func emptyTreeIsWhatLibgit2Writes() throws {
        let fixture = try Fixture()
        let root = try fixture.repository.commit(updating: nil, changes: [:], message: "empty",
                                                 author: Signature(name: "a", email: "a@b"),
                                                 committer: Signature(name: "a", email: "a@b"))
        #expect(try fixture.repository.treeID(ofCommit: root) == ObjectID.emptyTree)
    }
}
