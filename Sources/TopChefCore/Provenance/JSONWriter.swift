public import EventStore
public import Foundation

/// Builds compact JSON text byte by byte, in the order the caller writes it: the same values always give the
/// same bytes. JSON documents already held as text (parameters, results, schemas) are embedded as they are.
public struct JSONWriter: Sendable {
    /// The text written so far.
    public private(set) var bytes: [UInt8] = []
    private var needsComma = false

    /// An empty writer.
    public init(capacity: Int = 256) {
        bytes.reserveCapacity(capacity)
    }

    /// Writes `{`, then `body`'s members, then `}`.
    public mutating func object(_ body: (inout JSONWriter) -> Void) {
        separate()
        bytes.append(UInt8(ascii: "{"))
        needsComma = false
        body(&self)
        bytes.append(UInt8(ascii: "}"))
        needsComma = true
    }

    /// Writes `[`, then `body`'s elements, then `]`.
    public mutating func array(_ body: (inout JSONWriter) -> Void) {
        separate()
        bytes.append(UInt8(ascii: "["))
        needsComma = false
        body(&self)
        bytes.append(UInt8(ascii: "]"))
        needsComma = true
    }

    /// Writes a member's key; the next value written is its value.
    public mutating func key(_ name: String) {
        separate()
        appendString(name)
        bytes.append(UInt8(ascii: ":"))
        needsComma = false
    }

    /// Writes a string value.
    public mutating func string(_ value: String) {
        separate()
        appendString(value)
        needsComma = true
    }

    /// Writes an integer value.
    public mutating func number(_ value: some BinaryInteger) {
        raw(Array(String(value).utf8))
    }

    /// Writes a boolean value.
    public mutating func bool(_ value: Bool) {
        raw(Array((value ? "true" : "false").utf8))
    }

    /// Writes `null`.
    public mutating func null() {
        raw(Array("null".utf8))
    }

    /// Writes JSON text that is already valid as it is (a parameters document, a schema, a number literal).
    public mutating func raw(_ json: some Collection<UInt8>) {
        separate()
        bytes.append(contentsOf: json)
        needsComma = true
    }

    /// Writes `value` as a string, or `null` when it is nil.
    public mutating func optionalString(_ value: String?) {
        if let value { string(value) } else { null() }
    }

    /// Writes a member whose value is a string.
    public mutating func member(_ name: String, _ value: String) {
        key(name)
        string(value)
    }

    /// Writes a member whose value is an integer.
    public mutating func member(_ name: String, _ value: some BinaryInteger) {
        key(name)
        number(value)
    }

    /// Writes a member whose value is a boolean.
    public mutating func member(_ name: String, _ value: Bool) {
        key(name)
        bool(value)
    }

    /// Writes a member whose value is JSON text, or `null` when it is nil.
    public mutating func member(_ name: String, json: [UInt8]?) {
        key(name)
        if let json { raw(json) } else { null() }
    }

    /// Ends a line of JSON Lines: the next value starts a new document.
    public mutating func newline() {
        bytes.append(0x0A)
        needsComma = false
    }

    private mutating func separate() {
        if needsComma { bytes.append(UInt8(ascii: ",")) }
    }

    private mutating func appendString(_ value: String) {
        bytes.append(UInt8(ascii: "\""))
        var value = value
        value.withUTF8 { utf8 in
            // Most strings need no escaping: copy them whole.
            if !utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
                bytes.append(contentsOf: utf8)
                return
            }
            for byte in utf8 { appendEscaped(byte) }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private mutating func appendEscaped(_ byte: UInt8) {
        switch byte {
        case UInt8(ascii: "\""): bytes.append(contentsOf: [92, 34])
        case UInt8(ascii: "\\"): bytes.append(contentsOf: [92, 92])
        case 0x0A: bytes.append(contentsOf: [92, UInt8(ascii: "n")])
        case 0x0D: bytes.append(contentsOf: [92, UInt8(ascii: "r")])
        case 0x09: bytes.append(contentsOf: [92, UInt8(ascii: "t")])
        case 0..<0x20:
            bytes.append(contentsOf: Array("\\u00".utf8))
            bytes.append(Self.hexDigits[Int(byte >> 4)])
            bytes.append(Self.hexDigits[Int(byte & 0xF)])
        default: bytes.append(byte)
        }
    }

    static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    // MARK: - Values written without building Strings (exports write millions)

    /// Writes a UUID as a lowercase, dashed string.
    public mutating func uuid(_ value: UUID) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        withUnsafeBytes(of: value.uuid) { raw in
            for (index, byte) in raw.enumerated() {
                if index == 4 || index == 6 || index == 8 || index == 10 { bytes.append(UInt8(ascii: "-")) }
                bytes.append(Self.hexDigits[Int(byte >> 4)])
                bytes.append(Self.hexDigits[Int(byte & 0xF)])
            }
        }
        bytes.append(UInt8(ascii: "\""))
        needsComma = true
    }

    /// Writes bytes as a lowercase hexadecimal string.
    public mutating func hex(_ value: [UInt8]) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        for byte in value {
            bytes.append(Self.hexDigits[Int(byte >> 4)])
            bytes.append(Self.hexDigits[Int(byte & 0xF)])
        }
        bytes.append(UInt8(ascii: "\""))
        needsComma = true
    }

    /// Writes a time as ISO 8601 UTC with microseconds, e.g. `"2026-03-01T12:00:03.500000Z"` (the same text
    /// as `Timestamp.description`).
    public mutating func timestamp(_ value: Timestamp) {
        separate()
        let parts = value.utcComponents
        let (year, month, day) = (parts.year, parts.month, parts.day)
        let fraction = parts.microsecond
        guard (0...9999).contains(year) else {
            string(value.description)
            return
        }
        bytes.append(UInt8(ascii: "\""))
        appendDigits(year, 4)
        bytes.append(UInt8(ascii: "-"))
        appendDigits(month, 2)
        bytes.append(UInt8(ascii: "-"))
        appendDigits(day, 2)
        bytes.append(UInt8(ascii: "T"))
        appendDigits(parts.hour, 2)
        bytes.append(UInt8(ascii: ":"))
        appendDigits(parts.minute, 2)
        bytes.append(UInt8(ascii: ":"))
        appendDigits(parts.second, 2)
        bytes.append(UInt8(ascii: "."))
        appendDigits(fraction, 6)
        bytes.append(UInt8(ascii: "Z"))
        bytes.append(UInt8(ascii: "\""))
        needsComma = true
    }

    private mutating func appendDigits(_ value: Int64, _ count: Int) {
        var divisor: Int64 = 1
        for _ in 1..<count { divisor *= 10 }
        var rest = value
        while divisor > 0 {
            bytes.append(UInt8(ascii: "0") + UInt8(rest / divisor))
            rest %= divisor
            divisor /= 10
        }
    }

    /// Writes a member whose value is a UUID.
    public mutating func member(_ name: String, uuid value: UUID) {
        key(name)
        uuid(value)
    }

    /// Writes a member whose value is a time.
    public mutating func member(_ name: String, time value: Timestamp) {
        key(name)
        timestamp(value)
    }
}
