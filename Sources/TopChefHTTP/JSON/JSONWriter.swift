import EventStore
import Foundation

/// A fast, append-only writer of compact JSON text into bytes.
///
/// Responses are written with it directly, splicing the stored JSON text of schemas, parameters and
/// results without decoding or re-encoding them. The caller is responsible for the structure (commas,
/// brackets); the writer takes care of escaping and of the formats the API prints (ids, dates).
struct JSONWriter {
    /// The text written so far.
    var bytes: [UInt8]

    /// A writer with room for `capacity` bytes.
    init(capacity: Int = 512) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    /// Appends text that is already JSON (or JSON punctuation), as is.
    @inline(__always)
    mutating func raw(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    /// Appends stored JSON text as is.
    @inline(__always)
    mutating func raw(_ text: [UInt8]) {
        bytes.append(contentsOf: text)
    }

    /// Appends one byte.
    @inline(__always)
    mutating func byte(_ value: UInt8) {
        bytes.append(value)
    }

    /// Appends `"key":`; the key must not need escaping.
    @inline(__always)
    mutating func key(_ name: StaticString) {
        bytes.append(UInt8(ascii: "\""))
        name.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
    }

    /// Appends a JSON string, escaping quotes, backslashes and control characters.
    mutating func string(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { utf8 in
            var start = 0
            for index in 0..<utf8.count {
                let byte = utf8[index]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<index]))
                start = index + 1
                switch byte {
                case UInt8(ascii: "\""): raw("\\\"")
                case UInt8(ascii: "\\"): raw("\\\\")
                case 0x0A: raw("\\n")
                case 0x0D: raw("\\r")
                case 0x09: raw("\\t")
                case 0x08: raw("\\b")
                case 0x0C: raw("\\f")
                default:
                    raw("\\u00")
                    bytes.append(Self.hexDigits[Int(byte >> 4)])
                    bytes.append(Self.hexDigits[Int(byte & 0x0F)])
                }
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<utf8.count]))
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// Appends an integer.
    mutating func integer(_ value: Int64) {
        if value < 0 {
            bytes.append(UInt8(ascii: "-"))
            if value == .min {
                raw("9223372036854775808")
                return
            }
        }
        var magnitude = value.magnitude
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)
        var count = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            repeat {
                buffer[23 - count] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
                count += 1
            } while magnitude > 0
            bytes.append(contentsOf: buffer[(24 - count)..<24])
        }
    }

    /// Appends `true` or `false`.
    mutating func bool(_ value: Bool) {
        if value { raw("true") } else { raw("false") }
    }

    /// Appends an id as a quoted lowercase dashed UUID.
    mutating func uuid(_ id: UUID) {
        bytes.append(UInt8(ascii: "\""))
        uuidText(id)
        bytes.append(UInt8(ascii: "\""))
    }

    /// Appends an id as a lowercase dashed UUID, without quotes.
    mutating func uuidText(_ id: UUID) {
        withUnsafeBytes(of: id.uuid) { raw in
            for index in 0..<16 {
                if index == 4 || index == 6 || index == 8 || index == 10 { bytes.append(UInt8(ascii: "-")) }
                bytes.append(Self.hexDigits[Int(raw[index] >> 4)])
                bytes.append(Self.hexDigits[Int(raw[index] & 0x0F)])
            }
        }
    }

    /// Appends a time as Python's `isoformat()` prints an aware UTC time, quoted:
    /// `"2017-08-15T18:29:07.902093+00:00"`, without the fraction when it is zero.
    mutating func timestamp(_ time: Timestamp) {
        bytes.append(UInt8(ascii: "\""))
        isoTimestamp(time, offset: true)
        bytes.append(UInt8(ascii: "\""))
    }

    /// Appends a time in Python's `isoformat()` form, with `+00:00` when `offset` is true (an aware time)
    /// and without it otherwise (a naive one).
    mutating func isoTimestamp(_ time: Timestamp, offset: Bool) {
        let parts = time.utcComponents
        let (year, month, day) = (parts.year, parts.month, parts.day)
        let fraction = parts.microsecond
        digits(year, 4)
        bytes.append(UInt8(ascii: "-"))
        digits(month, 2)
        bytes.append(UInt8(ascii: "-"))
        digits(day, 2)
        bytes.append(UInt8(ascii: "T"))
        digits(parts.hour, 2)
        bytes.append(UInt8(ascii: ":"))
        digits(parts.minute, 2)
        bytes.append(UInt8(ascii: ":"))
        digits(parts.second, 2)
        if fraction != 0 {
            bytes.append(UInt8(ascii: "."))
            digits(fraction, 6)
        }
        if offset { raw("+00:00") }
    }

    private mutating func digits(_ value: Int64, _ width: Int) {
        var divisor: Int64 = 1
        for _ in 1..<width { divisor *= 10 }
        var value = value
        if value >= divisor * 10 {  // wider than expected (years past 9999): print in full
            integer(value)
            return
        }
        while divisor > 0 {
            bytes.append(UInt8(ascii: "0") + UInt8(value / divisor))
            value %= divisor
            divisor /= 10
        }
    }

    static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)
}
