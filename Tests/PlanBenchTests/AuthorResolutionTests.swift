import Foundation
import PlanBench
import Testing

@Suite struct AuthorResolutionTests {
    @Test(arguments: ["Ada Lovelace <ada@example.org>", "  Ada Lovelace   <ada@example.org>  ", "\tAda Lovelace\t<ada@example.org>"])
    func parsesNameAndEmail(_ text: String) throws {
        let signature = try AuthorResolution.parse(text)
        #expect(signature.name == "Ada Lovelace")
        #expect(signature.email == "ada@example.org")
    }

    @Test(arguments: ["Ada", "<ada@example.org>", "Ada <>", "Ada <a<b>", "   "])
    func refusesMalformedAuthors(_ text: String) {
        #expect(throws: PlanBenchError.self) { try AuthorResolution.parse(text) }
    }

    /// The offset comes from the C library; it must agree with Foundation's view of
    /// the local zone, in winter and in summer.
    @Test func recordsTheLocalOffsetAtTheDate() throws {
        for seconds in [1_767_225_600.0, 1_783_000_000.0] {
            let date = Date(timeIntervalSince1970: seconds)
            let signature = try AuthorResolution.parse("A <a@example.org>", date: date)
            #expect(signature.timeZoneOffsetMinutes == TimeZone.current.secondsFromGMT(for: date) / 60)
            #expect(signature.date == date)
        }
    }
}
