public import Foundation

extension JSONOutput {
    /// Appends an id as a quoted, lowercase, dashed UUID: `"7ac508dd-c497-4d88-9087-c4e7628b30cb"`.
    @inlinable
    public mutating func uuid(_ id: UUID) {
        bytes.append(UInt8(ascii: "\""))
        uuidText(id)
        bytes.append(UInt8(ascii: "\""))
    }

    /// Appends an id as a lowercase, dashed UUID without quotes (inside a longer string, such as a URL).
    @inlinable
    public mutating func uuidText(_ id: UUID) {
        // From the sixteen bytes directly: `uuidString` would build an uppercase String to lowercase.
        appendSpelled(Self.uuidLength) { Self.spellUUID(id, into: $0) }
    }

    /// Appends bytes as a quoted lowercase hexadecimal string (a hash).
    @inlinable
    public mutating func hex(_ value: [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        hexText(value)
        bytes.append(UInt8(ascii: "\""))
    }

    /// Appends bytes as lowercase hexadecimal, without quotes.
    @inlinable
    public mutating func hexText(_ value: [UInt8]) {
        value.withUnsafeBytes { raw in appendSpelled(2 * raw.count) { Self.spellHex(raw, into: $0) } }
    }
}
