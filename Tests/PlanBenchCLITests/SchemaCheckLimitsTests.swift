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
        // A sanitized build (Tools/test --sanitize) reserves terabytes of shadow
        // memory at start, which no address-space limit allows: the limit is then
        // the sanitizer's, and this check is the release build's.
        let sanitized = dlsym(nil, "__asan_init") != nil || dlsym(nil, "__tsan_init") != nil
        let limit = sanitized ? "unlimited" : "600000"
        let result = try runProcess(
            "/bin/sh",
            ["-c", "ulimit -v \(limit) && exec \"$0\" schema check --schema schema.json instance.json", executable],
            in: scratch.path)
        if sanitized {
            // The large stack is made; the cycle ends in a depth error (at the
            // maximum depth, at ThreadSanitizer's own limit, or where an
            // AddressSanitizer build's larger frames fill the large stack).
            #expect(result.status == 1, "\(result.stderr)")
            #expect((result.stdout + result.stderr).contains("validation nests deeper than"), "\(result.stdout)\(result.stderr)")
            return
        }
        #expect(result.status == 1, "\(result.stderr)")
        #expect((result.stdout + result.stderr).contains("the system refused to make one"))
    }

    /// Another process truncates the file mid-check: the check reports what
    /// it read (or a syntax error), and never dies of SIGBUS.
    @Test func survivesAFileTruncatedWhileItIsChecked() throws {
        let scratch = ScratchDirectory()
        try scratch.write("schema.json", #"{"type": "array", "items": {"type": "string"}}"#)
        let items = (0..<200_000).map { "\"item number \($0)\"" }.joined(separator: ",\n")
        let text = "[\n" + items + "\n]\n"
        let path = scratch.file("big.json")
        let executable = try planbenchExecutable()
        for attempt in 0..<10 {
            try scratch.write("big.json", text)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = ["schema", "check", "--schema", scratch.file("schema.json"), path]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            usleep(UInt32(20_000 + attempt * 25_000))
            #expect(truncate(path, 0) == 0)
            process.waitUntilExit()
            #expect(process.terminationReason == .exit, "killed by signal \(process.terminationStatus) on attempt \(attempt)")
        }
    }

    /// A pattern that no engine at hand can bound (a backreference under
    /// nested quantifiers) against a long value: `schema check` stops before
    /// matching anything, with exit status 2 (a schema error, as README says)
    /// and a message naming the schema file, the keyword's JSON pointer and why.
    @Test func refusesAPatternItCannotBoundBeforeMatchingAnything() throws {
        let scratch = ScratchDirectory()
        try scratch.write("schema.json", #"{"properties": {"code": {"not": {"pattern": "^((x+)+)\\2y"}}}}"#)
        try scratch.write("long.json", "{\"code\": \"" + String(repeating: "x", count: 10_000) + "\"}\n")
        let executable = try planbenchExecutable()
        let result = try runProcess(executable, ["schema", "check", "--schema", "schema.json", "long.json"], in: scratch.path)
        #expect(result.status == 2, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.hasPrefix("error: schema.json: file://"), "\(result.stderr)")
        #expect(result.stderr.contains("/schema.json#/properties/code/not/pattern: `^((x+)+)\\2y` uses a backreference (\\2), which planbench refuses"), "\(result.stderr)")
    }
}
