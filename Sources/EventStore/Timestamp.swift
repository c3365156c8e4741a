#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A point in time in UTC, in whole microseconds since 1970-01-01T00:00:00Z: the resolution of the log.
public struct Timestamp: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Microseconds since the Unix epoch.
    public var microsecondsSinceEpoch: Int64

    /// A timestamp of `microsecondsSinceEpoch`.
    public init(microsecondsSinceEpoch: Int64) {
        self.microsecondsSinceEpoch = microsecondsSinceEpoch
    }

    /// The current time from the system's real-time clock.
    public static func now() -> Timestamp {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Timestamp(microsecondsSinceEpoch: Int64(spec.tv_sec) * 1_000_000 + Int64(spec.tv_nsec) / 1_000)
    }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool {
        lhs.microsecondsSinceEpoch < rhs.microsecondsSinceEpoch
    }

    /// This time plus `seconds`.
    public func adding(seconds: Int64) -> Timestamp {
        Timestamp(microsecondsSinceEpoch: microsecondsSinceEpoch &+ seconds &* 1_000_000)
    }

    /// ISO 8601 with microseconds and `Z`, e.g. `2026-11-29T14:56:44.945255Z`.
    public var description: String { iso8601(fractionalDigits: true, suffix: "Z") }

    /// Formats the time as ISO 8601. Python's `isoformat` drops the fraction when it is zero, which is what
    /// the original TopChef printed; `fractionalDigits: .whenNonZero` reproduces that.
    public func iso8601(fractionalDigits: Bool = true, dropZeroFraction: Bool = false, suffix: String) -> String {
        let parts = utcComponents
        var text = pad(parts.year, 4) + "-" + pad(parts.month, 2) + "-" + pad(parts.day, 2) + "T"
        text += pad(parts.hour, 2) + ":" + pad(parts.minute, 2) + ":" + pad(parts.second, 2)
        let fraction = parts.microsecond
        if fractionalDigits && !(dropZeroFraction && fraction == 0) {
            text += "." + pad(fraction, 6)
        }
        return text + suffix
    }

    /// A timestamp's calendar fields in UTC (proleptic Gregorian), for writers that format times
    /// themselves without building strings.
    public struct UTCComponents: Sendable, Hashable {
        /// The year, e.g. 2026.
        public var year: Int64
        /// The month, 1 to 12.
        public var month: Int64
        /// The day of the month, 1 to 31.
        public var day: Int64
        /// The hour, 0 to 23.
        public var hour: Int64
        /// The minute, 0 to 59.
        public var minute: Int64
        /// The second, 0 to 59.
        public var second: Int64
        /// The microseconds within the second, 0 to 999,999.
        public var microsecond: Int64
    }

    /// This time's calendar fields in UTC (negative times too: fields are floored, never negative).
    public var utcComponents: UTCComponents {
        var seconds = microsecondsSinceEpoch / 1_000_000
        var fraction = microsecondsSinceEpoch % 1_000_000
        if fraction < 0 {
            fraction += 1_000_000
            seconds -= 1
        }
        let days = floorDivide(seconds, 86_400)
        let secondOfDay = seconds - days * 86_400
        let (year, month, day) = Self.civilDate(daysSinceEpoch: days)
        return UTCComponents(
            year: year, month: month, day: day, hour: secondOfDay / 3600, minute: secondOfDay / 60 % 60,
            second: secondOfDay % 60, microsecond: fraction)
    }

    /// Parses ISO 8601 / RFC 3339 date-times such as `2026-11-29T14:56:44.945255Z`,
    /// `2026-11-29T14:56:44+02:00` or a bare date `2026-11-29` (midnight UTC). Returns nil when malformed.
    public init?(iso8601 text: String) {
        let bytes = Array(text.utf8)
        func number(_ start: Int, _ count: Int) -> Int? {
            guard start + count <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[start..<start + count] {
                guard byte >= 48 && byte <= 57 else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            return value
        }
        guard let year = number(0, 4), bytes.count >= 10, bytes[4] == 45, let month = number(5, 2),
            bytes[7] == 45, let day = number(8, 2), (1...12).contains(month),
            (1...Self.daysIn(month: month, year: year)).contains(day)
        else { return nil }
        var seconds = Int64(Self.daysSinceEpoch(year: year, month: month, day: day)) * 86_400
        var micros: Int64 = 0
        var index = 10
        if index < bytes.count {
            guard bytes[index] == 84 || bytes[index] == 116 || bytes[index] == 32, let hour = number(11, 2),
                bytes.count > 13, bytes[13] == 58, let minute = number(14, 2), hour < 24, minute < 60
            else { return nil }
            seconds += Int64(hour * 3600 + minute * 60)
            index = 16
            if index < bytes.count && bytes[index] == 58 {
                guard let second = number(17, 2), second < 61 else { return nil }
                seconds += Int64(second)
                index = 19
                if index < bytes.count && bytes[index] == 46 {
                    index += 1
                    var digits = 0
                    while index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 {
                        if digits < 6 { micros = micros * 10 + Int64(bytes[index] - 48) }
                        digits += 1
                        index += 1
                    }
                    guard digits > 0 else { return nil }
                    for _ in digits..<max(digits, 6) { micros *= 10 }
                }
            }
            if index < bytes.count {
                switch bytes[index] {
                case 90, 122: index += 1
                case 43, 45:
                    guard let offsetHour = number(index + 1, 2), bytes.count > index + 3, bytes[index + 3] == 58,
                        let offsetMinute = number(index + 4, 2)
                    else { return nil }
                    let offset = Int64(offsetHour * 3600 + offsetMinute * 60)
                    seconds += bytes[index] == 43 ? -offset : offset
                    index += 6
                default: return nil
                }
            }
            guard index == bytes.count else { return nil }
        }
        self.init(microsecondsSinceEpoch: seconds * 1_000_000 + micros)
    }

    /// The number of days in `month` (1-12) of `year`, proleptic Gregorian: so that 2026-02-30 is refused
    /// instead of read as 2026-03-02.
    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Howard Hinnant's `civil_from_days`: proleptic Gregorian date of a day count.
    static func civilDate(daysSinceEpoch: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = daysSinceEpoch + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// Howard Hinnant's `days_from_civil`.
    static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}

private func floorDivide(_ a: Int64, _ b: Int64) -> Int64 {
    a >= 0 ? a / b : (a - b + 1) / b
}

private func pad(_ value: Int64, _ width: Int) -> String {
    let digits = String(value)
    return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
}
