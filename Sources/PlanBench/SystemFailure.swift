// Failures of the environment (read-only or full file systems, permissions, files
// that are not regular) in plain words: what happened to which file, and what to do.
import Foundation

/// Plain messages for operating-system failures.
public enum SystemFailure {
    /// The longest value quoted in a message; longer ones are cut with "…".
    public static let longestQuoted = 200

    /// `text`, cut to ``longestQuoted`` characters with "… (N characters)".
    public static func truncated(_ text: String) -> String {
        guard text.count > longestQuoted else { return text }
        return String(text.prefix(longestQuoted)) + "… (\(text.count) characters)"
    }

    /// A list of paths for a message: the first five, then how many more.
    static func list(_ paths: [String]) -> String {
        paths.prefix(5).map(truncated).joined(separator: ", ") + (paths.count > 5 ? " and \(paths.count - 5) more" : "")
    }

    /// What failed (`doing`, e.g. "cannot write") and why, with what to do, for an `errno`.
    public static func explain(errno code: Int32, doing: String) -> String {
        "\(doing): \(reason(errno: code))"
    }

    /// The reason and the remedy for an `errno`.
    public static func reason(errno code: Int32) -> String {
        switch code {
        case ENOSPC, EDQUOT:
            return "no space left on the device (or the disk quota is used up); free some space, then run the command again"
        case EROFS:
            return "the file system is read-only; remount it read-write, or work in a writable copy of the workspace"
        case EACCES, EPERM:
            return "permission denied; give your user write access to it (chmod, chown), or work in a writable copy of the workspace"
        case EEXIST, ENOTDIR:
            return "a file is in the way where a folder is needed; move that file away, then run the command again"
        case EISDIR:
            return "it is a folder where a file is needed; move it away, then run the command again"
        default:
            return String(cString: strerror(code))
        }
    }

    /// A git layer's message with what to do added when it reports a failure of
    /// the environment (its text then carries the system's words for it).
    public static func explainGit(_ message: String) -> String {
        let known: [(Int32, String)] = [ENOSPC, EDQUOT, EROFS, EACCES, EPERM].map { ($0, String(cString: strerror($0))) }
        guard let (code, _) = known.first(where: { message.contains($0.1) }) else { return message }
        return "\(message): \(reason(errno: code))"
    }

    /// What failed and why, for an error from Foundation or any other layer.
    public static func explain(_ error: Error, doing: String) -> String {
        if let code = systemErrorCode(of: error) { return explain(errno: code, doing: doing) }
        return "\(doing): \(describe(error))"
    }

    /// A message for any error: PlanBench's own as they are; Foundation's file
    /// errors as the path, what went wrong and what to do; others as they describe themselves.
    public static func describe(_ error: Error) -> String {
        if let error = error as? PlanBenchError { return error.description }
        let nsError = error as NSError
        if nsError.domain == NSCocoaErrorDomain || nsError.domain == NSPOSIXErrorDomain {
            let path = (nsError.userInfo[NSFilePathErrorKey] as? String) ?? (nsError.userInfo[NSURLErrorKey] as? URL)?.path
            let why = systemErrorCode(of: error).map { reason(errno: $0) } ?? cocoaReason(nsError.code)
            return path.map { "\(truncated($0)): \(why)" } ?? why
        }
        return truncated("\(error)")
    }

    /// The `errno` behind an error, when it carries one.
    static func systemErrorCode(of error: Error) -> Int32? {
        let nsError = error as NSError
        if nsError.domain == NSPOSIXErrorDomain { return Int32(nsError.code) }
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return Int32(underlying.code)
        }
        if nsError.domain == NSCocoaErrorDomain {
            switch nsError.code {
            case CocoaError.fileWriteOutOfSpace.rawValue: return ENOSPC
            case CocoaError.fileWriteVolumeReadOnly.rawValue: return EROFS
            case CocoaError.fileWriteNoPermission.rawValue, CocoaError.fileReadNoPermission.rawValue: return EACCES
            case CocoaError.fileWriteFileExists.rawValue: return EEXIST
            default: return nil
            }
        }
        return nil
    }

    private static func cocoaReason(_ code: Int) -> String {
        switch code {
        case CocoaError.fileNoSuchFile.rawValue, CocoaError.fileReadNoSuchFile.rawValue: return "it does not exist"
        default: return "the operating system refused the operation (Foundation error \(code))"
        }
    }
}
