import PlanGit

/// The documents of one commit.
public struct RevisionSource: DocumentSource {
    let repository: Repository
    public let commit: ObjectID

    init(repository: Repository, commit: ObjectID) {
        self.repository = repository
        self.commit = commit
    }

    public func bytes(at path: String) throws -> [UInt8]? {
        do {
            return try repository.blob(at: path, in: commit)
        } catch {
            throw PlanBenchError.git("\(error)")
        }
    }

    public func paths(in folder: String) throws -> [String] {
        do {
            return try repository.files(in: commit, under: folder).keys
                .filter { !$0.dropFirst(folder.count + 1).contains("/") }
                .sorted()
        } catch {
            throw PlanBenchError.git("\(error)")
        }
    }
}
