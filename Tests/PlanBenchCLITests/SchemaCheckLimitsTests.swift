// `schema check` under hostile conditions: no memory for a large stack, a
// file truncated while it is checked. Each runs the real executable, since
// the failures they guard against kill the process.
import Foundation
import Testing

@Suite struct SchemaCheckLimitsTests {
    /// `{"$ref": "#"}` recurses without consuming the instance until the depth
    /// limit, far deeper than the caller's stack: with no memory for the 1 GiB
    /// thread that depth needs, the check fails with a message, not SIGSEGV.
    @Test func saysSoWhenNoLargeStackCanBeMade() throws {
        let scratch = ScratchDirectory()
        try scratch.write("schema.json", ##"{"$ref": "#"}"##)
        try scratch.write("instance.json", "1\n")
        let executable = try planbenchExecutable()
        let result = try runProcess(
            "/bin/sh",
            ["-c", "ulimit -v 600000 && exec \"$0\" schema check --schema schema.json instance.json", executable],
            in: scratch.path)
        #expect(result.status == 1, "\(result.stderr)")
        #expect((result.stdout + result.stderr).contains("the system refused to make one"))
    }
}
