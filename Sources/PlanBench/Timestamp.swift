// The one way planbench writes a moment: in review records and in what
// commands print (log, blame, diff pages).
import Foundation
import PlanGit

/// ISO 8601 date-times as planbench writes them.
public enum Timestamp {
    /// `2026-11-26T10:15:00+09:00`: the moment in its own UTC offset, the
    /// offset always as `±HH:MM` (UTC is `+00:00`, never `Z`), so a date a
    /// command prints matches the one a review record holds for the same commit.
    ///
    /// - Parameters:
    ///   - seconds: seconds since 1970-01-01 UTC (git's time).
    ///   - offsetMinutes: minutes east of UTC (git's offset).
    public static func iso8601(seconds: Int64, offsetMinutes: Int) -> String {
        var local = time_t(seconds + Int64(offsetMinutes * 60))
        var parts = tm()
        gmtime_r(&local, &parts)
        let sign = offsetMinutes < 0 ? "-" : "+"
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02d%@%02d:%02d", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1,
            Int(parts.tm_mday), Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec), sign,
            abs(offsetMinutes) / 60, abs(offsetMinutes) % 60)
    }

    /// The signature's moment in its own offset (see ``iso8601(seconds:offsetMinutes:)``).
    public static func iso8601(_ signature: Signature) -> String {
        iso8601(seconds: signature.secondsSince1970, offsetMinutes: signature.timeZoneOffsetMinutes)
    }
}
