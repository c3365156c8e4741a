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
            let out = UnsafeMutableRawPointer(out)
            // Groups of 4, 2, 2, 2 and 6 bytes, dashes between: four bytes' digits at a time, some split.
            let first = hexDigits(ofFourBytes: raw.loadUnaligned(fromByteOffset: 0, as: UInt32.self))
            let second = hexDigits(ofFourBytes: raw.loadUnaligned(fromByteOffset: 4, as: UInt32.self))
            let third = hexDigits(ofFourBytes: raw.loadUnaligned(fromByteOffset: 8, as: UInt32.self))
            let fourth = hexDigits(ofFourBytes: raw.loadUnaligned(fromByteOffset: 12, as: UInt32.self))
            out.storeBytes(of: first.littleEndian, toByteOffset: 0, as: UInt64.self)
            out.storeBytes(of: UInt32(truncatingIfNeeded: second).littleEndian, toByteOffset: 9, as: UInt32.self)
            out.storeBytes(of: UInt32(truncatingIfNeeded: second >> 32).littleEndian, toByteOffset: 14, as: UInt32.self)
            out.storeBytes(of: UInt32(truncatingIfNeeded: third).littleEndian, toByteOffset: 19, as: UInt32.self)
            out.storeBytes(of: UInt32(truncatingIfNeeded: third >> 32).littleEndian, toByteOffset: 24, as: UInt32.self)
            out.storeBytes(of: fourth.littleEndian, toByteOffset: 28, as: UInt64.self)
            out.storeBytes(of: UInt8(ascii: "-"), toByteOffset: 8, as: UInt8.self)
            out.storeBytes(of: UInt8(ascii: "-"), toByteOffset: 13, as: UInt8.self)
            out.storeBytes(of: UInt8(ascii: "-"), toByteOffset: 18, as: UInt8.self)
            out.storeBytes(of: UInt8(ascii: "-"), toByteOffset: 23, as: UInt8.self)
        }
    }

    /// Writes `bytes` as lowercase hexadecimal into the `2 * bytes.count` bytes at `out`.
    @inlinable
    public static func spellHex(_ bytes: UnsafeRawBufferPointer, into out: UnsafeMutablePointer<UInt8>) {
        var index = 0
        while index + 4 <= bytes.count {
            UnsafeMutableRawPointer(out + 2 * index).storeBytes(
                of: hexDigits(ofFourBytes: bytes.loadUnaligned(fromByteOffset: index, as: UInt32.self)).littleEndian,
                as: UInt64.self)
            index += 4
        }
        while index < bytes.count {
            out[2 * index] = hexDigit(bytes[index] >> 4)
            out[2 * index + 1] = hexDigit(bytes[index] & 0x0F)
            index += 1
        }
    }

    /// The eight lowercase hexadecimal digits of the four bytes `memory` holds (as loaded from memory, in
    /// the machine's byte order), as the bytes of the result from the lowest up: to be stored little-endian.
    /// A few operations on one integer instead of a comparison per digit: hashes and ids are most of the
    /// bytes an export writes.
    @inlinable @inline(__always) @usableFromInline
    static func hexDigits(ofFourBytes memory: UInt32) -> UInt64 {
        // Byte i of the input in the low bits, whatever the machine.
        let value = UInt64(UInt32(littleEndian: memory))
        /// Bytes 0 to 3 of `x` moved to bytes 0, 2, 4 and 6.
        func spread(_ x: UInt64) -> UInt64 {
            let pairs = (x | x << 16) & 0x0000_FFFF_0000_FFFF
            return (pairs | pairs << 8) & 0x00FF_00FF_00FF_00FF
        }
        // A nibble per byte, high nibble first: 0 to 15 in each byte, so no sum below carries into the next.
        let nibbles = spread((value >> 4) & 0x0F0F_0F0F) | spread(value & 0x0F0F_0F0F) << 8
        // 1 in the bytes holding 10 to 15, which become letters: "a" is 39 past what "0" + 10 would be.
        let letters = ((nibbles &+ 0x0606_0606_0606_0606) >> 4) & 0x0101_0101_0101_0101
        return nibbles &+ 0x3030_3030_3030_3030 &+ letters &* 0x27
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
