import Foundation
import Testing
import _PlanFuzzing

/// Every input a fuzz target saved (a crash, a broken law, a slow input; see
/// Tools/fuzz) runs again through the same target, and must finish cleanly
/// and in time. `fuzz-regressions/TARGET/NAME` holds them.
@Suite struct FuzzRegressionTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("fuzz-regressions")

    /// `target/name` of every saved input.
    static let inputs: [String] = {
        let files = FileManager.default
        var found: [String] = []
        for target in FuzzTarget.allCases {
            let names = (try? files.contentsOfDirectory(atPath: directory.appendingPathComponent(target.rawValue).path)) ?? []
            found += names.filter { !$0.hasPrefix(".") }.sorted().map { "\(target.rawValue)/\($0)" }
        }
        return found
    }()

    @Test(arguments: inputs)
    func savedInputRunsCleanlyAndInTime(input: String) throws {
        let target = try #require(FuzzTarget(rawValue: String(input.prefix { $0 != "/" })))
        let data = try [UInt8](Data(contentsOf: Self.directory.appendingPathComponent(input)))
        let clock = ContinuousClock()
        let elapsed = clock.measure { target.run(data) }
        #expect(elapsed < Self.timeLimit, "\(input) took \(elapsed)")
    }

    /// libFuzzer saves an input as slow past 10 s of a release build; a fixed
    /// one runs in a fraction of that, even unoptimised. A sanitizer slows
    /// the same work down by a factor of its own (ThreadSanitizer 5-15 times,
    /// AddressSanitizer about 2, by their documentation), and under
    /// `Tools/test --sanitize` the other suites share the processors: the
    /// limit grows with it, and a hang still fails.
    static let timeLimit: Duration =
        if dlsym(nil, "__tsan_init") != nil { .seconds(100) }
        else if dlsym(nil, "__asan_init") != nil { .seconds(30) }
        else { .seconds(10) }

    @Test func everyDirectoryNamesATarget() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.directory.path).filter { !$0.hasPrefix(".") }
        #expect(Set(names).isSubset(of: Set(FuzzTarget.allCases.map(\.rawValue))), "unknown target directories: \(names.sorted())")
    }
}
