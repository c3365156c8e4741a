public import EventStore
public import Foundation

/// Builds compact JSON text byte by byte, in the order the caller writes it: the same values always give the
/// same bytes. JSON documents already held as text (parameters, results, schemas) are embedded as they are.
///
/// It adds structure (brackets, keys, the commas between members and elements) on top of ``JSONOutput``,
/// which spells the values, so this JSON and the HTTP responses escape and format values the same way.
public struct JSONWriter: Sendable {
    /// The values as spelled so far.
    private var output: JSONOutput
    /// Whether the next value follows another one at the same level, and so needs a comma before it.
    private var needsComma = false

    /// The text written so far.
    public var bytes: [UInt8] { output.bytes }

    /// An empty writer.
    public init(capacity: Int = 256) {
        output = JSONOutput(capacity: capacity)
    }

    /// Writes `{`, then `body`'s members, then `}`.
    public mutating func object(_ body: (inout JSONWriter) -> Void) {
        separate()
        output.byte(UInt8(ascii: "{"))
        needsComma = false
        body(&self)
        output.byte(UInt8(ascii: "}"))
        needsComma = true
    }

    /// Writes `[`, then `body`'s elements, then `]`.
    public mutating func array(_ body: (inout JSONWriter) -> Void) {
        separate()
        output.byte(UInt8(ascii: "["))
        needsComma = false
        body(&self)
        output.byte(UInt8(ascii: "]"))
        needsComma = true
    }

    /// Writes a member's key; the next value written is its value.
    public mutating func key(_ name: String) {
        separate()
        output.string(name, escaping: .newlinesAndTabs)
        output.byte(UInt8(ascii: ":"))
        needsComma = false
    }

    /// Writes a string value.
    public mutating func string(_ value: String) {
        separate()
        output.string(value, escaping: .newlinesAndTabs)
        needsComma = true
    }

    /// Writes an integer value.
    public mutating func number(_ value: some BinaryInteger) {
        separate()
        if let signed = Int64(exactly: value) {
            output.integer(signed)
        } else if let unsigned = UInt64(exactly: value) {
            output.unsignedInteger(unsigned)
        } else {
            output.raw(Array(String(value).utf8))  // wider than 64 bits: no such field today
        }
        needsComma = true
    }

    /// Writes a boolean value.
    public mutating func bool(_ value: Bool) {
        separate()
        output.bool(value)
        needsComma = true
    }

    /// Writes `null`.
    public mutating func null() {
        separate()
        output.null()
        needsComma = true
    }

    /// Writes JSON text that is already valid as it is (a parameters document, a schema, a number literal).
    public mutating func raw(_ json: some Collection<UInt8>) {
        separate()
        output.raw(json)
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
        output.byte(0x0A)
        needsComma = false
    }

    private mutating func separate() {
        if needsComma { output.byte(UInt8(ascii: ",")) }
    }

    // MARK: - Values written without building Strings (exports write millions)

    /// Writes a UUID as a lowercase, dashed string.
    public mutating func uuid(_ value: UUID) {
        separate()
        output.uuid(value)
        needsComma = true
    }

    /// Writes bytes as a lowercase hexadecimal string.
    public mutating func hex(_ value: [UInt8]) {
        separate()
        output.hex(value)
        needsComma = true
    }

    /// Writes a time as ISO 8601 UTC with microseconds, e.g. `"2026-03-01T12:00:03.500000Z"` (the same text
    /// as `Timestamp.description`).
    public mutating func timestamp(_ value: Timestamp) {
        separate()
        output.timestamp(value, style: .utcMicroseconds)
        needsComma = true
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
