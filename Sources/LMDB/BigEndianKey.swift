/// Big-endian encodings of integers, so that LMDB's byte-wise key order is numeric order.
public enum BigEndianKey {
    /// The eight big-endian bytes of `value`.
    @inlinable
    public static func bytes(_ value: UInt64) -> [UInt8] {
        withUnsafeBytes(of: value.bigEndian) { Array($0) }
    }

    /// Reads a big-endian `UInt64` from the first eight bytes of `buffer`, or nil when it is shorter.
    @inlinable
    public static func uint64(_ buffer: UnsafeRawBufferPointer) -> UInt64? {
        guard buffer.count >= 8 else { return nil }
        return UInt64(bigEndian: buffer.loadUnaligned(as: UInt64.self))
    }
}
