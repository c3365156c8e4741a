public import EventStore
public import Foundation

/// Value spellings written straight into memory the caller has reserved: the single definition of how an
/// id, a hash, a number and a time look, shared by ``JSONOutput`` and by writers that manage their own
/// buffers (the export's `ByteBuffer`, which writes through a raw pointer to skip a check per byte).
extension JSONOutput {
    /// Bytes a dashed UUID takes.
    public static let uuidLength = 36

    /// Writes `id` as a lowercase, dashed UUID into the ``uuidLength`` bytes at `out`.
    @inlinable
    public static func spellUUID(_ id: UUID, into out: UnsafeMutablePointer<UInt8>) {
        withUnsafeBytes(of: id.uuid) { raw in
            var position = 0
            for index in 0..<16 {
                if index == 4 || index == 6 || index == 8 || index == 10 {
                    out[position] = UInt8(ascii: "-")
                    position += 1
                }
                out[position] = hexDigit(raw[index] >> 4)
                out[position + 1] = hexDigit(raw[index] & 0x0F)
                position += 2
            }
        }
    }

    /// Writes `bytes` as lowercase hexadecimal into the `2 * bytes.count` bytes at `out`.
    @inlinable
    public static func spellHex(_ bytes: UnsafeRawBufferPointer, into out: UnsafeMutablePointer<UInt8>) {
        var position = 0
        for byte in bytes {
            out[position] = hexDigit(byte >> 4)
            out[position + 1] = hexDigit(byte & 0x0F)
            position += 2
        }
    }

    /// How many decimal digits `value` has (1 for 0; at most 20).
    @inlinable
    public static func decimalLength(_ value: UInt64) -> Int {
        var length = 1
        var rest = value
        while rest >= 10 {
            rest /= 10
            length += 1
        }
        return length
    }

    /// Writes `value` in decimal into the ``decimalLength(_:)`` bytes at `out`.
    @inlinable
    public static func spellDecimal(_ value: UInt64, into out: UnsafeMutablePointer<UInt8>) {
        var rest = value
        var index = decimalLength(value) - 1
        while index >= 0 {
            out[index] = UInt8(ascii: "0") + UInt8(truncatingIfNeeded: rest % 10)
            rest /= 10
            index -= 1
        }
    }

    /// Bytes a time takes in ``TimeStyle/utcMicroseconds`` (years 0 to 9999).
    public static let utcMicrosecondsLength = 27

    /// Writes a time, given as its calendar fields, as `2026-03-01T12:00:03.500000Z` into the
    /// ``utcMicrosecondsLength`` bytes at `out` and returns true, or writes nothing and returns false for a
    /// year outside 0 to 9999 (spell those with ``timestampText(_:style:)``, which writes them in full).
    @inlinable
    public static func spellUTCMicroseconds(
        _ parts: Timestamp.UTCComponents, into out: UnsafeMutablePointer<UInt8>
    ) -> Bool {
        guard (0...9999).contains(parts.year) else { return false }
        func digits(_ value: Int64, _ width: Int, at offset: Int) {
            var rest = value
            for index in stride(from: offset + width - 1, through: offset, by: -1) {
                out[index] = UInt8(ascii: "0") + UInt8(truncatingIfNeeded: rest % 10)
                rest /= 10
            }
        }
        digits(parts.year, 4, at: 0)
        out[4] = UInt8(ascii: "-")
        digits(parts.month, 2, at: 5)
        out[7] = UInt8(ascii: "-")
        digits(parts.day, 2, at: 8)
        out[10] = UInt8(ascii: "T")
        digits(parts.hour, 2, at: 11)
        out[13] = UInt8(ascii: ":")
        digits(parts.minute, 2, at: 14)
        out[16] = UInt8(ascii: ":")
        digits(parts.second, 2, at: 17)
        out[19] = UInt8(ascii: ".")
        digits(parts.microsecond, 6, at: 20)
        out[26] = UInt8(ascii: "Z")
        return true
    }

    /// The escape of a byte that cannot appear as is in a JSON string (a quote, a backslash or a control
    /// character), as `escaping` spells it: `\"`, `\n`, `\u001f`…
    @inlinable
    public static func escapeSequence(of byte: UInt8, _ escaping: ControlEscapes) -> StaticString? {
        switch byte {
        case UInt8(ascii: "\""): "\\\""
        case UInt8(ascii: "\\"): "\\\\"
        case 0x0A: "\\n"
        case 0x0D: "\\r"
        case 0x09: "\\t"
        case 0x08 where escaping == .python: "\\b"
        case 0x0C where escaping == .python: "\\f"
        default: nil
        }
    }
}
