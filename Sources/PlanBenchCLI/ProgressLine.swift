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
