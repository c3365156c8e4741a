public import EventStore

extension JSONOutput {
    /// How a time is spelled. The provenance JSON and the HTTP contract print times differently, and both
    /// forms are fixed: tools parse the first and the Python and Java clients the second.
    public enum TimeStyle: Sendable {
        /// ISO 8601 UTC with microseconds, always: `2026-03-01T12:00:03.500000Z` (as `Timestamp.description`).
        case utcMicroseconds
        /// Python's `isoformat()` of an aware UTC time: `2017-08-15T18:29:07.902093+00:00`, with no fraction
        /// when it is zero (`2020-01-01T00:00:50+00:00`).
        case pythonAware
        /// Python's `isoformat()` of a naive time: as ``pythonAware`` without the `+00:00`.
        case pythonNaive
    }

    /// Appends a time as a quoted string in `style`.
    public mutating func timestamp(_ time: Timestamp, style: TimeStyle) {
        bytes.append(UInt8(ascii: "\""))
        timestampText(time, style: style)
        bytes.append(UInt8(ascii: "\""))
    }

    /// Appends a time in `style`, without quotes. Years past 9999 are written in full.
    public mutating func timestampText(_ time: Timestamp, style: TimeStyle) {
        let parts = time.utcComponents
        if style == .utcMicroseconds && (0...9999).contains(parts.year) {
            appendSpelled(Self.utcMicrosecondsLength) { _ = Self.spellUTCMicroseconds(parts, into: $0) }
            return
        }
        paddedInteger(parts.year, width: 4)
        bytes.append(UInt8(ascii: "-"))
        paddedInteger(parts.month, width: 2)
        bytes.append(UInt8(ascii: "-"))
        paddedInteger(parts.day, width: 2)
        bytes.append(UInt8(ascii: "T"))
        paddedInteger(parts.hour, width: 2)
        bytes.append(UInt8(ascii: ":"))
        paddedInteger(parts.minute, width: 2)
        bytes.append(UInt8(ascii: ":"))
        paddedInteger(parts.second, width: 2)
        if style == .utcMicroseconds || parts.microsecond != 0 {
            bytes.append(UInt8(ascii: "."))
            paddedInteger(parts.microsecond, width: 6)
        }
        switch style {
        case .utcMicroseconds: bytes.append(UInt8(ascii: "Z"))
        case .pythonAware: raw("+00:00")
        case .pythonNaive: break
        }
    }
}
