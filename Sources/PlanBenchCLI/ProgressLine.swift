import Foundation
import PlanBench

/// One line on standard error that shows how far long work has got, redrawn in
/// place at most ten times a second and erased when the work is done (or when
/// the workspace reporting to it goes away, so an error message starts on a
/// clean line).
final class ProgressLine {
    private let console: Console
    private var lastDrawn: ContinuousClock.Instant?
    private var isShowing = false

    init(console: Console) {
        self.console = console
    }

    func show(_ progress: WorkProgress) {
        if progress.done >= progress.total {
            erase()
            return
        }
        let now = ContinuousClock.now
        if let lastDrawn, now - lastDrawn < .milliseconds(100) { return }
        lastDrawn = now
        console.writeErr("\r\(progress.activity) \(progress.done)/\(progress.total)")
        isShowing = true
    }

    private func erase() {
        guard isShowing else { return }
        console.writeErr("\r\u{1B}[K")
        isShowing = false
    }

    deinit { erase() }
}

/// Progress of a network transfer on a terminal's standard error, as git shows it
/// ("Receiving objects:  45% (450/1000), 1.2 MiB"); nothing when standard error is
/// not a terminal. Redrawn at most ten times a second; the last state stays on its
/// own line when the transfer ends.
final class TransferProgressLine {
    private let console: Console
    private var lastDrawn: ContinuousClock.Instant?
    private var last: SyncProgress?

    init(console: Console) {
        self.console = console
    }

    /// A callback for the transfer, or nil when standard error is not a terminal.
    static func callback(for console: Console) -> (TransferProgressLine, (SyncProgress) -> Void)? {
        guard console.errorIsTerminal else { return nil }
        let line = TransferProgressLine(console: console)
        return (line, { line.show($0) })
    }

    func show(_ progress: SyncProgress) {
        if let last, last.direction != progress.direction { finish() }
        last = progress
        let now = ContinuousClock.now
        let done = progress.totalObjects > 0 && progress.objects >= progress.totalObjects
        if !done, let lastDrawn, now - lastDrawn < .milliseconds(100) { return }
        lastDrawn = now
        console.writeErr("\r" + Self.describe(progress) + "\u{1B}[K")
    }

    /// Ends the line (call when the transfer is over).
    func finish() {
        guard let last else { return }
        console.writeErr("\r" + Self.describe(last) + "\u{1B}[K\n")
        self.last = nil
        lastDrawn = nil
    }

    static func describe(_ progress: SyncProgress) -> String {
        let verb = progress.direction == .receiving ? "Receiving objects" : "Writing objects"
        let percent = progress.totalObjects > 0 ? progress.objects * 100 / progress.totalObjects : 0
        return "\(verb): \(String(repeating: " ", count: max(0, 3 - String(percent).count)))\(percent)% (\(progress.objects)/\(progress.totalObjects)), \(byteCount(progress.bytes))"
    }

    static func byteCount(_ bytes: Int) -> String {
        if bytes < 1024 { return "\(bytes) bytes" }
        if bytes < 1024 * 1024 { return String(format: "%.1f KiB", Double(bytes) / 1024) }
        return String(format: "%.2f MiB", Double(bytes) / 1024 / 1024)
    }
}
