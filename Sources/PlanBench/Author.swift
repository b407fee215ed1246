import Foundation
import PlanGit

/// The author of a workspace change, for modules that do not import the git layer.
public typealias AuthorSignature = Signature

/// Who a commit is attributed to: `--author`, else `PLANBENCH_AUTHOR`, else
/// git's user.name and user.email.
public enum AuthorResolution {
    /// Parses `Name <email>`.
    public static func parse(_ text: String, date: Date = Date()) throws -> Signature {
        let trimmed = trimmingWhitespace(Substring(text))
        guard let open = trimmed.lastIndex(of: "<"), trimmed.hasSuffix(">") else {
            throw PlanBenchError.malformedAuthor(text)
        }
        let name = String(trimmingWhitespace(trimmed[..<open]))
        let email = String(trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)])
        guard !name.isEmpty, !email.isEmpty, !"\(name)\(email)".contains(where: { $0 == "<" || $0 == ">" }) else {
            throw PlanBenchError.malformedAuthor(text)
        }
        return Signature(name: name, email: email, date: date, timeZoneOffsetMinutes: localOffsetMinutes(at: date))
    }

    /// The local time's offset from UTC at `date`, as git records it, from the C
    /// library: Foundation's `TimeZone.current` loads its time-zone database on
    /// first use, which cost more than the rest of reading the author.
    static func localOffsetMinutes(at date: Date) -> Int {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        guard localtime_r(&seconds, &parts) != nil else { return 0 }
        return parts.tm_gmtoff / 60
    }

    private static func trimmingWhitespace(_ text: Substring) -> Substring {
        let isSpace: (Character) -> Bool = { $0.isWhitespace && !$0.isNewline }
        guard let first = text.firstIndex(where: { !isSpace($0) }),
              let last = text.lastIndex(where: { !isSpace($0) }) else { return "" }
        return text[first...last]
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
