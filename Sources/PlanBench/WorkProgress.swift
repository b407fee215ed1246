/// How far a long piece of work has got, for someone watching a terminal.
///
/// A save or validation of thousands of documents takes seconds; the workspace
/// reports each document it has checked, and the command line turns that into a
/// progress line (only on a terminal, so scripts and logs see nothing).
public struct WorkProgress: Sendable, Equatable {
    /// What is being done, e.g. "checking documents".
    public let activity: String
    /// Items finished so far.
    public let done: Int
    /// Items in all.
    public let total: Int

    public init(activity: String, done: Int, total: Int) {
        self.activity = activity
        self.done = done
        self.total = total
    }

    /// Below this many items work is quick enough that progress is noise.
    public static let minimumItems = 200
}
