// Signed commits: the signature git keeps in a commit's `gpgsig` header.
import CLibGit2

/// Signs a commit object's text (the bytes `git_commit_create_buffer` made) and
/// returns the armored signature (`-----BEGIN SSH SIGNATURE-----…`). The git layer
/// holds no keys: the caller runs the signing program.
public typealias CommitSigner = ([UInt8]) throws -> String

/// A commit's signature and the bytes it signs.
public struct CommitSignature: Hashable, Sendable {
    /// The armored signature as stored in the `gpgsig` header.
    public var signature: String
    /// The commit object's text without the signature header: what was signed.
    public var signedData: [UInt8]
}

extension Repository {
    /// The signature of a commit, or nil when it is not signed.
    ///
    /// - Throws: `GitError.objectNotFound` for an unknown commit.
    public func signature(ofCommit id: ObjectID) throws -> CommitSignature? {
        git_commit_free(try lookupCommit(id))
        var signature = git_buf()
        var signed = git_buf()
        defer {
            git_buf_dispose(&signature)
            git_buf_dispose(&signed)
        }
        var oid = id.oid
        let status = git_commit_extract_signature(&signature, &signed, pointer, &oid, nil)
        if status == GIT_ENOTFOUND.rawValue { return nil }
        try check(status)
        return CommitSignature(
            signature: String(decoding: UnsafeRawBufferPointer(start: signature.ptr, count: signature.size), as: UTF8.self),
            signedData: Array(UnsafeRawBufferPointer(start: signed.ptr, count: signed.size)))
    }

    /// The raw text of a commit object (headers, signature and message), as
    /// `git cat-file commit` prints it.
    public func rawCommit(_ id: ObjectID) throws -> [UInt8] {
        var oid = id.oid
        var odb: OpaquePointer?
        try check(git_repository_odb(&odb, pointer))
        defer { git_odb_free(odb) }
        var object: OpaquePointer?
        let status = git_odb_read(&object, odb, &oid)
        if status == GIT_ENOTFOUND.rawValue { throw GitError.objectNotFound(id) }
        try check(status)
        defer { git_odb_object_free(object) }
        return Array(UnsafeRawBufferPointer(start: git_odb_object_data(object), count: git_odb_object_size(object)))
    }

    /// Writes raw commit text as a commit object (no checks beyond git's parsing);
    /// for tools and tests that rewrite history by hand.
    public func writeRawCommit(_ bytes: [UInt8]) throws -> ObjectID {
        var odb: OpaquePointer?
        try check(git_repository_odb(&odb, pointer))
        defer { git_odb_free(odb) }
        var oid = git_oid()
        try check(bytes.withUnsafeBytes { git_odb_write(&oid, odb, $0.baseAddress, $0.count, GIT_OBJECT_COMMIT) })
        return ObjectID(oid)
    }
}
