import Foundation
import PlanBench
import PlanDocument
import Testing

/// `planbench report review`: the report of a review on the example workspace,
/// as text and as a browser renders it.
@Suite struct ReportCommandTests {
    static let environment = ["PLANBENCH_TODAY": "2026-11-26"]

    /// The example workspace with review `q4` open; `edit` may change plans first (saved before opening).
    func exampleWithReview(_ scratch: ScratchDirectory, edit: ((String) throws -> Void)? = nil) throws -> String {
        let result = planbench(["init", "--example", "ws"], in: scratch.path, environment: Self.environment)
        try #require(result.status == 0, "\(result.stderr)")
        let ws = scratch.file("ws")
        if let edit {
            try edit(ws)
            let saved = planbench(["save", "-m", "Edit before the review"], in: ws, environment: Self.environment)
            try #require(saved.status == 0, "\(saved.stderr)")
        }
        let opened = planbench(["review", "open", "q4"], in: ws, environment: Self.environment)
        try #require(opened.status == 0, "\(opened.stderr)")
        return ws
    }

    @Test func jsonHasTheHeatmapDataAndSaysThePreviousReviewHasNoBaseline() throws {
        let scratch = ScratchDirectory()
        let ws = try exampleWithReview(scratch)
        let result = planbench(["report", "review", "q4", "--format", "json"], in: ws, environment: Self.environment)
        try #require(result.status == 0, "\(result.stderr)")
        let report = try JSONReader().read(result.stdout)
        #expect(report["format"]?.string == "planbench-review-report/1")
        let sections = try #require(report["coverage"]?["sections"]?.sequence)
        #expect(sections.count == 69)
        let bmd = try #require(sections.first { $0["id"]?.string == "IV.C.2.b.ii" })
        #expect(bmd["contradicted"]?.sequence?.compactMap(\.string) == ["air-missile-defense"])
        let isr = try #require(sections.first { $0["id"]?.string == "IV.A.1" })
        #expect(isr["suspect"]?.sequence?.compactMap(\.string) == ["isr-peacetime"])
        #expect(sections.first { $0["id"]?.string == "IV.B.3" }?["coverage"]?.string == "uncovered")
        // The example's closed review over isr-peacetime was recorded by hand, with no baseline.
        #expect(report["changes"]?["basis"]?["kind"]?.string == "previous-review-without-baseline")
        #expect(report["changes"]?["basis"]?["review"]?.string == "2026-05-isr-annual")
        let trend = try #require(report["trend"]?.sequence)
        #expect(trend.compactMap { $0["review"]?.string } == ["2026-05-isr-annual", "q4"])
    }

    @Test func markdownGoesToStandardOutputAndHTMLToTheFileNamed() throws {
        let scratch = ScratchDirectory()
        let ws = try exampleWithReview(scratch)
        let markdown = planbench(["report", "review", "q4", "--format", "md"], in: ws, environment: Self.environment)
        try #require(markdown.status == 0, "\(markdown.stderr)")
        #expect(markdown.stdout.hasPrefix("# Review q4 — "))
        #expect(markdown.stdout.contains("| Finding | Severity | Kind | About | Status | Note |"))
        let html = planbench(["report", "review", "q4", "-o", "../q4.html"], in: ws, environment: Self.environment)
        try #require(html.status == 0, "\(html.stderr)")
        #expect(html.stdout.isEmpty)
        let page = try scratch.read("q4.html")
        #expect(page.hasPrefix("<!DOCTYPE html>"))
        #expect(page.contains("has no baseline commit"))

        // A file that cannot be written: exit 2, the file named, why, and nothing left behind.
        let failed = planbench(["report", "review", "q4", "-o", "../no-such-folder/q4.html"], in: ws, environment: Self.environment)
        #expect(failed.status == 2)
        #expect(failed.stderr.contains("../no-such-folder/q4.html: cannot write the report: "), "\(failed.stderr)")
        #expect(!FileManager.default.fileExists(atPath: scratch.file("no-such-folder")))
    }

    @Test func theReportIsTheSameWhateverThePlanFactsCacheHolds() throws {
        let scratch = ScratchDirectory()
        let ws = try exampleWithReview(scratch)
        let cache = ws + "/.planbench/cache/plan-facts.bin"
        func report() throws -> String {
            let result = planbench(["report", "review", "q4", "--format", "json"], in: ws, environment: Self.environment)
            try #require(result.status == 0, "\(result.stderr)")
            return result.stdout
        }
        // Opening the review stored the facts of the plans at its baseline.
        #expect(FileManager.default.fileExists(atPath: cache))
        let warm = try report()
        try FileManager.default.removeItem(atPath: cache)
        #expect(try report() == warm)
        #expect(FileManager.default.fileExists(atPath: cache))
        try Data("planbench-plan-facts/1 not a facts file".utf8).write(to: URL(fileURLWithPath: cache))
        #expect(try report() == warm)
    }

    @Test func anUnknownReviewIsAUsageError() throws {
        let scratch = ScratchDirectory()
        let ws = try exampleWithReview(scratch)
        let result = planbench(["report", "review", "q5"], in: ws, environment: Self.environment)
        #expect(result.status == 2)
        #expect(result.stderr.contains("no review q5"), "\(result.stderr)")
        #expect(result.stderr.contains("q4"))
    }

    @Test func changesSinceThePreviousClosedReviewAreGroupedByGuidelineSection() throws {
        let scratch = ScratchDirectory()
        let result = planbench(["init", "--example", "ws"], in: scratch.path, environment: Self.environment)
        try #require(result.status == 0, "\(result.stderr)")
        let ws = scratch.file("ws")
        func run(_ arguments: [String], author: String? = nil) throws -> RunResult {
            var environment = Self.environment
            if let author { environment["PLANBENCH_AUTHOR"] = author }
            let result = planbench(arguments, in: ws, environment: environment)
            try #require(result.status == 0, "planbench \(arguments.joined(separator: " ")): \(result.stderr)")
            return result
        }
        // A closed review of the ISR plan, with a baseline.
        _ = try run(["review", "open", "isr-h2", "--plans", "isr-peacetime"])
        let opened = try JSONReader().read(try run(["review", "show", "isr-h2", "--format", "json"]).stdout)
        for finding in opened["findings"]?.sequence ?? [] {
            _ = try run(["review", "dispose", "isr-h2", finding["id"]?.string ?? "", "--accept", "--rationale", "Left for the annual review"])
        }
        _ = try run(["review", "decide", "isr-h2", "--decision", "adequate"])
        _ = try run(["review", "sign", "isr-h2", "--party", "japan", "--meaning", "concurred"], author: "Sato Hanako <h.sato@example.mod.go.jp>")
        _ = try run(["review", "sign", "isr-h2", "--party", "united-states", "--meaning", "concurred"], author: "Emily Carter <emily.carter@example.mil>")
        _ = try run(["review", "close", "isr-h2", "--decision", "adequate"])
        // The ISR plan's concept changes, then the next review opens.
        let plan = scratch.file("ws/plans/isr-peacetime.yaml")
        let text = try String(contentsOfFile: plan, encoding: .utf8)
        try text.replacingOccurrences(of: "Each force conducts ISR with its own assets", with: "Each force conducts ISR with its own <b>assets</b>")
            .write(toFile: plan, atomically: true, encoding: .utf8)
        _ = try run(["new", "plan", "isr-2027", "--title", "Bilateral ISR, 2027 update"])
        _ = try run(["save", "-m", "ISR: reword the concept; start the 2027 plan"])
        _ = try run(["review", "open", "q4"])

        let markdown = try run(["report", "review", "q4", "--format", "md"]).stdout
        #expect(markdown.contains("From the baseline of `isr-h2` (closed 2026-11-26)"), "\(markdown)")
        #expect(markdown.contains(": 1 plan changed, 1 plan added.\n\nAdded: `isr-2027`.\n\n### `isr-peacetime`\n"))
        #expect(markdown.contains("**Guideline `IV.A.1` — Intelligence, Surveillance, and Reconnaissance**"))
        // Words and tags are tokens of their own: the tags are what was inserted.
        #expect(markdown.contains("- `sections[concept].prose` text: Each force conducts ISR with its own **&lt;b&gt;**assets**&lt;/b&gt;** and"))
        let json = try JSONReader().read(try run(["report", "review", "q4", "--format", "json"]).stdout)
        let changed = json["changes"]?["plans"]?.sequence ?? []
        // Closing isr-h2 set isr-peacetime's lastReviewed; no other plan changed.
        #expect(changed.map { "\($0["plan"]?.string ?? "") \($0["change"]?.string ?? "")" } == ["isr-2027 added", "isr-peacetime modified"])
        let html = try run(["report", "review", "q4"]).stdout
        #expect(html.contains("<h4>Guideline IV.A.1 — Intelligence, Surveillance, and Reconnaissance</h4>"))
        #expect(html.contains("<ins>&lt;b&gt;</ins>assets<ins>&lt;/b&gt;</ins>"))
        // Scope isr-peacetime only was reviewed before: the other plans are unchanged and not listed.
        #expect(!html.contains("<h3><code>air-missile-defense</code>"))
        #expect(html.contains("<p class=\"scope-list\">Added: <code>isr-2027</code>.</p>"))
    }

    /// Renders the HTML report in headless Chromium to a PNG, to PDF and to
    /// its DOM. The PNG is checked against a blank page rendered at the same
    /// size: PNG compresses a blank page to a few kilobytes whatever its
    /// size, so a screenshot many times larger has text and colour on it
    /// (decoding the pixels would need zlib, which the tests do not link).
    @Test(.timeLimit(.minutes(5)))
    func reportRendersInHeadlessChromium() throws {
        let chromium = try Chromium.find()
        let scratch = ScratchDirectory()
        let hostile = "<script>alert(1)</script>"
        let ws = try exampleWithReview(scratch) { ws in
            // An untrusted plan title must reach the browser as text.
            let path = ws + "/plans/space-cooperation.yaml"
            var lines = try String(contentsOfFile: path, encoding: .utf8).components(separatedBy: "\n")
            let title = try #require(lines.firstIndex { $0.hasPrefix("title:") })
            lines[title] = "title: \"\(hostile)\""
            try lines.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        }
        let written = planbench(["report", "review", "q4", "-o", "../report.html"], in: ws, environment: Self.environment)
        try #require(written.status == 0, "\(written.stderr)")
        try scratch.write("blank.html", "<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body></body></html>")
        let json = try JSONReader().read(planbench(["report", "review", "q4", "--format", "json"], in: ws, environment: Self.environment).stdout)
        let sections = json["coverage"]?["sections"]?.sequence?.count ?? 0
        let plans = json["coverage"]?["plans"]?.sequence?.count ?? 0

        // Screenshot: not blank.
        let size = "--window-size=1280,2000"
        try chromium.run(["--screenshot=\(scratch.file("report.png"))", size, "file://\(scratch.file("report.html"))"], scratch: scratch)
        try chromium.run(["--screenshot=\(scratch.file("blank.png"))", size, "file://\(scratch.file("blank.html"))"], scratch: scratch)
        let png = try Data(contentsOf: URL(fileURLWithPath: scratch.file("report.png")))
        let blank = try Data(contentsOf: URL(fileURLWithPath: scratch.file("blank.png")))
        #expect(PNGHeader(png) != nil && PNGHeader(png) == PNGHeader(blank))
        #expect(PNGHeader(png)?.width == 1280)
        #expect(png.count > 5 * blank.count, "the report's screenshot (\(png.count) bytes) is hardly larger than a blank page's (\(blank.count) bytes)")
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        try? png.write(to: root.appendingPathComponent(".build/review-report.png"))

        // PDF: at least one page.
        try chromium.run(["--no-pdf-header-footer", "--print-to-pdf=\(scratch.file("report.pdf"))", "file://\(scratch.file("report.html"))"], scratch: scratch)
        let pdf = String(decoding: try Data(contentsOf: URL(fileURLWithPath: scratch.file("report.pdf"))), as: UTF8.self)
        #expect(pdf.hasPrefix("%PDF"))
        let pages = pdf.components(separatedBy: "/Type /Page").dropFirst().filter { !$0.hasPrefix("s") }.count
        #expect(pages >= 1, "no /Type /Page object in the PDF")

        // DOM: one heatmap cell per section and plan; the hostile title is text.
        let dom = try chromium.run(["--dump-dom", "file://\(scratch.file("report.html"))"], scratch: scratch).stdout
        #expect(sections == 69 && plans == 10)
        #expect(dom.components(separatedBy: "<rect class=\"cell s-").count - 1 == sections * plans)
        #expect(dom.contains("<rect class=\"cell s-contradicted\""))
        #expect(dom.contains("<ul class=\"legend\">"))
        #expect(!dom.contains("<script"))
        #expect(dom.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
    }
}

/// Headless Chromium, for tests that render pages.
struct Chromium {
    let executable: String

    /// The installed Chromium; a missing one fails the test with what to do.
    static func find() throws -> Chromium {
        let candidates = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/local/bin/chromium"]
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw TestEnvironmentError.missing("chromium, which renders the review report in this test; run Tools/setup (it installs Debian's chromium package), looked in \(candidates.joined(separator: ", "))")
        }
        return Chromium(executable: found)
    }

    /// Runs headless Chromium with a profile in `scratch`; fails after `seconds`.
    @discardableResult
    func run(_ arguments: [String], scratch: ScratchDirectory, seconds: Double = 120) throws -> RunResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--user-data-dir=\(scratch.file("chromium-profile"))"] + arguments
        process.environment = ["HOME": scratch.path, "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"]
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let timer = DispatchWorkItem { if process.isRunning { process.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + seconds, execute: timer)
        // Both pipes drained at once: Chromium writes much to standard error.
        let errors = Locked<Data>(Data())
        let reading = DispatchGroup()
        DispatchQueue.global().async(group: reading) {
            let data = err.fileHandleForReading.readDataToEndOfFile()
            errors.withLock { $0 = data }
        }
        let output = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        timer.cancel()
        reading.wait()
        let result = RunResult(
            status: process.terminationStatus, stdout: String(decoding: output, as: UTF8.self),
            stderr: String(decoding: errors.withLock { $0 }, as: UTF8.self))
        try #require(process.terminationReason == .exit && result.status == 0, "chromium \(arguments.joined(separator: " ")) failed (\(result.status)): \(result.stderr.suffix(2000))")
        return result
    }
}

/// The image size from a PNG's IHDR chunk.
struct PNGHeader: Equatable {
    var width: Int
    var height: Int

    init?(_ data: Data) {
        let bytes = [UInt8](data.prefix(24))
        guard bytes.count == 24, bytes[0..<8] == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], bytes[12..<16] == [0x49, 0x48, 0x44, 0x52] else { return nil }
        func be(_ i: Int) -> Int { bytes[i..<i + 4].reduce(0) { $0 << 8 | Int($1) } }
        width = be(16)
        height = be(20)
    }
}
