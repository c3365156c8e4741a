/// Appends a compact binary encoding to a byte buffer: LEB128 varints, length-prefixed strings and bytes.
///
/// Used for event envelopes here and for event payloads in the domain; readers are ``BinaryReader``.
public struct BinaryWriter: Sendable {
    /// The bytes written so far.
    public private(set) var bytes: [UInt8]

    /// An empty writer with room for `capacity` bytes.
    public init(capacity: Int = 128) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    /// Writes one byte.
    public mutating func write(byte: UInt8) {
        bytes.append(byte)
    }

    /// Writes an unsigned varint (LEB128).
    public mutating func write(varint value: UInt64) {
        var value = value
        while value >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: value) | 0x80)
            value >>= 7
        }
        bytes.append(UInt8(value))
    }

    /// Writes a signed integer as a zig-zag varint.
    public mutating func write(signed value: Int64) {
        write(varint: UInt64(bitPattern: (value << 1) ^ (value >> 63)))
    }

    /// Writes eight bytes, little-endian.
    public mutating func write(fixed value: UInt64) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    /// Writes a length-prefixed byte string.
    public mutating func write(bytes value: some Collection<UInt8>) {
        write(varint: UInt64(value.count))
        bytes.append(contentsOf: value)
    }

    /// Writes a length-prefixed UTF-8 string.
    public mutating func write(string value: String) {
        var value = value
        value.withUTF8 { write(bytes: $0) }
    }

    /// Writes a presence byte, then the string when present.
    public mutating func write(optionalString value: String?) {
        if let value {
            write(byte: 1)
            write(string: value)
        } else {
            write(byte: 0)
        }
    }

    /// Writes raw bytes with no length prefix.
    public mutating func write(raw value: some Collection<UInt8>) {
        bytes.append(contentsOf: value)
    }
}
