import EventStore
import Testing

/// `Timestamp(iso8601:)` reads what `--since`, `--until` and `--as-of` are given: a date that does not
/// exist must be refused, not moved to another day.
struct TimestampParsingTests {
    @Test(arguments: ["2026-02-29", "2026-02-30", "2026-04-31", "2026-06-31T00:00:00Z", "2100-02-29", "2026-13-01"])
    func datesThatDoNotExistAreRefused(text: String) {
        #expect(Timestamp(iso8601: text) == nil, "\(text)")
    }

    @Test func theLastDayOfEachMonthIsRead() throws {
        for (text, expected) in [
            ("2024-02-29", "2024-02-29T00:00:00"), ("2000-02-29", "2000-02-29T00:00:00"),
            ("2026-04-30", "2026-04-30T00:00:00"), ("2026-12-31T23:59:59Z", "2026-12-31T23:59:59"),
        ] {
            let time = try #require(Timestamp(iso8601: text), "\(text)")
            #expect(time.description.hasPrefix(expected), "\(text): \(time)")
        }
    }
}
