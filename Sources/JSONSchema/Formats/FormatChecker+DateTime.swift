extension FormatChecker {
    /// RFC 3339 `date-time`: `full-date "T" full-time`, the separator and `Z` in either case.
    static func isDateTime(_ value: String) -> Bool {
        let bytes = Array(value.utf8)
        guard bytes.count > 11, bytes[10] | 0x20 == UInt8(ascii: "t") else { return false }
        return isFullDate(bytes[..<10]) && isFullTime(bytes[11...])
    }

    /// RFC 3339 `full-date`: `YYYY-MM-DD` with the day valid for the month and leap years.
    static func isFullDate(_ bytes: ArraySlice<UInt8>) -> Bool {
        guard bytes.count == 10, let year = number(bytes, 0, 4), bytes[bytes.startIndex + 4] == UInt8(ascii: "-"),
            let month = number(bytes, 5, 2), bytes[bytes.startIndex + 7] == UInt8(ascii: "-"),
            let day = number(bytes, 8, 2)
        else { return false }
        return (1...12).contains(month) && day >= 1 && day <= daysIn(month: month, year: year)
    }

    /// RFC 3339 `full-time`: `HH:MM:SS[.frac](Z|±HH:MM)`; second 60 only where it is 23:59:60 in UTC.
    static func isFullTime(_ bytes: ArraySlice<UInt8>) -> Bool {
        let base = bytes.startIndex
        guard bytes.count >= 9, let hour = number(bytes, 0, 2), bytes[base + 2] == UInt8(ascii: ":"),
            let minute = number(bytes, 3, 2), bytes[base + 5] == UInt8(ascii: ":"), let second = number(bytes, 6, 2),
            hour <= 23, minute <= 59, second <= 60
        else { return false }
        var index = base + 8
        if index < bytes.endIndex, bytes[index] == UInt8(ascii: ".") {
            index += 1
            let digitsStart = index
            while index < bytes.endIndex, bytes[index].isDigit { index += 1 }
            guard index > digitsStart else { return false }
        }
        guard index < bytes.endIndex else { return false }
        var offsetMinutes = 0
        if bytes[index] | 0x20 == UInt8(ascii: "z") {
            guard index + 1 == bytes.endIndex else { return false }
        } else {
            let sign = bytes[index]
            guard sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-"), bytes.endIndex - index == 6,
                let offsetHour = number(bytes, index + 1 - base, 2), bytes[index + 3] == UInt8(ascii: ":"),
                let offsetMinute = number(bytes, index + 4 - base, 2), offsetHour <= 23, offsetMinute <= 59
            else { return false }
            offsetMinutes = (offsetHour * 60 + offsetMinute) * (sign == UInt8(ascii: "+") ? 1 : -1)
        }
        if second == 60 {
            // A leap second is inserted at 23:59:60 UTC, so local time minus the offset must be that.
            let utc = ((hour * 60 + minute - offsetMinutes) % 1440 + 1440) % 1440
            return utc == 23 * 60 + 59
        }
        return true
    }

    /// `count` ASCII digits at `offset` from the slice start, as a number.
    private static func number(_ bytes: ArraySlice<UInt8>, _ offset: Int, _ count: Int) -> Int? {
        let start = bytes.startIndex + offset
        guard start >= bytes.startIndex, start + count <= bytes.endIndex else { return nil }
        var value = 0
        for byte in bytes[start..<(start + count)] {
            guard byte.isDigit else { return nil }
            value = value * 10 + Int(byte - 0x30)
        }
        return value
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// ISO 8601 duration as RFC 3339 Appendix A's ABNF has it (the 2019-09 specification's reference):
    /// `P` then years-months-days in order without gaps, an optional `T` part hours-minutes-seconds in
    /// order without gaps, or weeks alone; integers only.
    static func isDuration(_ value: String) -> Bool {
        var bytes = Array(value.utf8)[...]
        guard bytes.popFirst() == UInt8(ascii: "P"), !bytes.isEmpty else { return false }
        func components(_ part: ArraySlice<UInt8>) -> [UInt8]? {
            var designators: [UInt8] = []
            var sawDigit = false
            for byte in part {
                if byte.isDigit {
                    sawDigit = true
                } else {
                    guard sawDigit else { return nil }
                    designators.append(byte)
                    sawDigit = false
                }
            }
            return sawDigit ? nil : designators
        }
        let datePart: ArraySlice<UInt8>
        var timePart: ArraySlice<UInt8>?
        if let t = bytes.firstIndex(of: UInt8(ascii: "T")) {
            datePart = bytes[..<t]
            timePart = bytes[(t + 1)...]
        } else {
            datePart = bytes
        }
        guard let dateUnits = components(datePart) else { return false }
        let ordered = { (units: [UInt8], sequence: [UInt8]) -> Bool in
            // The units must be a non-empty run of consecutive designators from `sequence`.
            guard let first = units.first, let start = sequence.firstIndex(of: first) else { return false }
            return Array(sequence.dropFirst(start).prefix(units.count)) == units
        }
        if dateUnits == [UInt8(ascii: "W")] { return timePart == nil }
        if !dateUnits.isEmpty, !ordered(dateUnits, Array("YMD".utf8)) { return false }
        guard let timePart else { return !dateUnits.isEmpty }
        guard let timeUnits = components(timePart), ordered(timeUnits, Array("HMS".utf8)) else { return false }
        return true
    }
}
