// The commands that can move the current branch, so that an existing index is
// brought up to date after them (CommandRunner calls refreshIndex()).

extension SaveCommand: MovesBranch {}
extension MergeCommand: MovesBranch {}
extension ResolveCommand: MovesBranch {}
extension EditCommand: MovesBranch {}
extension CiteCommand: MovesBranch {}
extension PullCommand: MovesBranch {}
extension SyncCommand: MovesBranch {}
extension ApproveCommand: MovesBranch {}
extension SignersCommand.Add: MovesBranch {}
extension SignersCommand.Remove: MovesBranch {}

/// Review steps carry the workspace option inside their commit options.
protocol MovesBranchWithReviewOptions: MovesBranch {
    var options: ReviewCommitOptions { get }
}

extension MovesBranchWithReviewOptions {
    var workspaceOptions: WorkspaceOptions { options.workspaceOptions }
}

extension ReviewOpen: MovesBranchWithReviewOptions {}
extension ReviewRefresh: MovesBranchWithReviewOptions {}
extension ReviewAddFinding: MovesBranchWithReviewOptions {}
extension ReviewDispose: MovesBranchWithReviewOptions {}
extension ReviewComment: MovesBranchWithReviewOptions {}
extension ReviewDecide: MovesBranchWithReviewOptions {}
extension ReviewSign: MovesBranchWithReviewOptions {}
extension ReviewClose: MovesBranchWithReviewOptions {}
extension ReviewAddReviewer: MovesBranchWithReviewOptions {}
