import Foundation
import PlanBench
import Testing

/// Dates written without ICU agree with Foundation's formatters, which the log,
/// blame and the desk used before.
@Suite struct CalendarDateTests {
    static let instants: [Int64] = [
        0, 1, 86_399, 86_400, -1, -86_401, 951_782_400 /* 2000-02-29 */, 1_709_164_800 /* 2024-02-29 */,
        1_798_761_599 /* 2026-12-31T23:59:59Z */, 4_102_444_800 /* 2100-01-01 */, -2_208_988_800 /* 1900-01-01 */,
        1_764_000_000, 1_764_043_199, 1_764_043_200,
    ]
    static let offsets = [0, 540, -300, 330, -570, 845, -720, 840, 60, -1]

    @Test(arguments: offsets)
    func timestampMatchesISO8601DateFormatter(offset: Int) throws {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = try #require(TimeZone(secondsFromGMT: offset * 60))
        for seconds in Self.instants {
            let expected = formatter.string(from: Date(timeIntervalSince1970: TimeInterval(seconds)))
            // planbench writes UTC as +00:00 where the formatter writes Z (see Timestamp).
            let written = expected.hasSuffix("Z") ? expected.dropLast() + "+00:00" : Substring(expected)
            #expect(Timestamp.iso8601(seconds: seconds, offsetMinutes: offset) == String(written), "\(seconds) at \(offset) min")
        }
    }

    @Test(arguments: offsets)
    func partsMatchDateFormatter(offset: Int) throws {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = try #require(TimeZone(secondsFromGMT: offset * 60))
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss xxx"
        for seconds in Self.instants {
            let (date, time, zone) = CalendarDate.parts(secondsSince1970: seconds, utcOffsetMinutes: offset)
            #expect("\(date) \(time) \(zone)" == formatter.string(from: Date(timeIntervalSince1970: TimeInterval(seconds))), "\(seconds) at \(offset) min")
        }
    }
}
