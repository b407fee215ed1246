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
        let (date, time, offset) = CalendarDate.parts(secondsSince1970: seconds, utcOffsetMinutes: offsetMinutes)
        return date + "T" + time + offset
    }

    /// The signature's moment in its own offset (see ``iso8601(seconds:offsetMinutes:)``).
    public static func iso8601(_ signature: Signature) -> String {
        iso8601(seconds: signature.secondsSince1970, offsetMinutes: signature.timeZoneOffsetMinutes)
    }
}
