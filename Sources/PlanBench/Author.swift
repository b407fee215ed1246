import Foundation
import PlanGit

/// Who a commit is attributed to: `--author`, else `PLANBENCH_AUTHOR`, else
/// git's user.name and user.email.
public enum AuthorResolution {
    /// Parses `Name <email>`.
    public static func parse(_ text: String, date: Date = Date()) throws -> Signature {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let open = trimmed.lastIndex(of: "<"), trimmed.hasSuffix(">") else {
            throw PlanBenchError.malformedAuthor(text)
        }
        let name = trimmed[..<open].trimmingCharacters(in: .whitespaces)
        let email = String(trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)])
        guard !name.isEmpty, !email.isEmpty, !email.contains("<"), !email.contains(">") else {
            throw PlanBenchError.malformedAuthor(text)
        }
        return Signature(name: name, email: email, date: date, timeZoneOffsetMinutes: TimeZone.current.secondsFromGMT(for: date) / 60)
    }

    /// The author for a save.
    public static func resolve(explicit: String?, environment: [String: String], repository: Repository) throws -> Signature {
        if let explicit { return try parse(explicit) }
        if let fromEnvironment = environment["PLANBENCH_AUTHOR"], !fromEnvironment.isEmpty {
            return try parse(fromEnvironment)
        }
        do {
            return try repository.defaultSignature()
        } catch {
            throw PlanBenchError.noAuthor
        }
    }
}
