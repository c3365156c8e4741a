/// Reads what ``BinaryWriter`` wrote; every read checks bounds and throws ``BinaryDecodingError``.
public struct BinaryReader {
    private let buffer: UnsafeRawBufferPointer
    /// The offset of the next byte to read.
    public private(set) var offset = 0

    /// A reader over `buffer`, which must stay valid while the reader is used.
    public init(_ buffer: UnsafeRawBufferPointer) {
        self.buffer = buffer
    }

    /// `true` when every byte has been read.
    public var isAtEnd: Bool { offset == buffer.count }

    /// Reads one byte.
    public mutating func readByte() throws(BinaryDecodingError) -> UInt8 {
        guard offset < buffer.count else { throw BinaryDecodingError(offset: offset, reason: "unexpected end") }
        defer { offset += 1 }
        return buffer[offset]
    }

    /// Reads an unsigned varint.
    public mutating func readVarint() throws(BinaryDecodingError) -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let byte = try readByte()
            guard shift < 64 else { throw BinaryDecodingError(offset: offset, reason: "varint too long") }
            result |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return result }
            shift += 7
        }
    }

    /// Reads a zig-zag varint.
    public mutating func readSigned() throws(BinaryDecodingError) -> Int64 {
        let raw = try readVarint()
        return Int64(bitPattern: (raw >> 1) ^ (0 &- (raw & 1)))
    }

    /// Reads eight little-endian bytes.
    public mutating func readFixed() throws(BinaryDecodingError) -> UInt64 {
        guard buffer.count - offset >= 8 else { throw BinaryDecodingError(offset: offset, reason: "unexpected end") }
        defer { offset += 8 }
        return UInt64(littleEndian: buffer.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }

    /// Reads `count` raw bytes.
    public mutating func readRaw(count: Int) throws(BinaryDecodingError) -> UnsafeRawBufferPointer {
        guard count >= 0, buffer.count - offset >= count else {
            throw BinaryDecodingError(offset: offset, reason: "length \(count) runs past the end")
        }
        defer { offset += count }
        return UnsafeRawBufferPointer(rebasing: buffer[offset..<offset + count])
    }

    /// Reads a length-prefixed byte string.
    public mutating func readBytes() throws(BinaryDecodingError) -> [UInt8] {
        Array(try readBytesInPlace())
    }

    /// Reads a length-prefixed byte string without copying it.
    public mutating func readBytesInPlace() throws(BinaryDecodingError) -> UnsafeRawBufferPointer {
        let count = try readVarint()
        guard count <= UInt64(buffer.count - offset) else {
            throw BinaryDecodingError(offset: offset, reason: "length \(count) runs past the end")
        }
        return try readRaw(count: Int(count))
    }

    /// Reads a length-prefixed UTF-8 string.
    public mutating func readString() throws(BinaryDecodingError) -> String {
        let start = offset
        let raw = try readBytesInPlace()
        guard let string = String(validating: raw.bindMemory(to: UInt8.self), as: UTF8.self) else {
            throw BinaryDecodingError(offset: start, reason: "invalid UTF-8")
        }
        return string
    }

    /// Reads a presence byte and, when present, a string.
    public mutating func readOptionalString() throws(BinaryDecodingError) -> String? {
        switch try readByte() {
        case 0: return nil
        case 1: return try readString()
        case let other: throw BinaryDecodingError(offset: offset - 1, reason: "presence byte \(other)")
        }
    }
}

/// A binary record could not be decoded.
public struct BinaryDecodingError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Where in the record decoding failed.
    public let offset: Int
    /// What was wrong there.
    public let reason: String

    /// An error at `offset`.
    public init(offset: Int, reason: String) {
        self.offset = offset
        self.reason = reason
    }

    public var description: String { "\(reason) at byte \(offset)" }
}
