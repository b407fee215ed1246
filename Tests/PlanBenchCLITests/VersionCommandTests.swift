import Foundation
import Testing

@Suite struct VersionCommandTests {
    /// In a fresh process, a command that does not talk to a remote never parses the
    /// CA bundle (it cost every command ~6 ms); `version` reports that state.
    @Test func aFreshProcessHasNotReadTheCertificateBundle() throws {
        let scratch = ScratchDirectory()
        let result = try runProcess(try planbenchExecutable(), ["version", "--format", "json"], in: scratch.path)
        #expect(result.status == 0, "\(result.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(json["planbench"] as? String == "0.1.0")
        #expect((json["libgit2"] as? String)?.hasPrefix("1.") == true)
        #expect(json["libgit2Threads"] as? Bool == true)
        #expect(json["caBundleLoaded"] as? Bool == false)
        if FileManager.default.fileExists(atPath: "/etc/ssl/certs/ca-certificates.crt") {
            #expect(json["caBundle"] as? String == "/etc/ssl/certs/ca-certificates.crt")
        }
    }

    @Test func textNamesTheLibraries() throws {
        let scratch = ScratchDirectory()
        let result = try runProcess(try planbenchExecutable(), ["version"], in: scratch.path)
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("planbench 0.1.0\nlibgit2 1."))
        #expect(result.stdout.contains("CA bundle for HTTPS remotes:"))
    }
}
