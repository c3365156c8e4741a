public import EventStore
public import Foundation

extension UUID {
    /// A new version-7 UUID (RFC 9562): 48 bits of Unix milliseconds, then random bits.
    ///
    /// TopChef gives new services and jobs these ids. Clients see ordinary dashed UUIDs, but consecutive
    /// ids sort together, so the log's per-stream indexes grow at their right edge: a commit of many new
    /// jobs dirties a few B-tree pages instead of one random page per job.
    public static func timeOrdered(now: Timestamp = .now()) -> UUID {
        var generator = SystemRandomNumberGenerator()
        let milliseconds = UInt64(max(now.microsecondsSinceEpoch / 1000, 0))
        let random = generator.next() as UInt64
        let randomTail = generator.next() as UInt64
        var bytes = [UInt8](repeating: 0, count: 16)
        for index in 0..<6 { bytes[index] = UInt8(truncatingIfNeeded: milliseconds >> (8 * (5 - index))) }
        bytes[6] = 0x70 | UInt8(truncatingIfNeeded: random & 0x0F)  // version 7
        bytes[7] = UInt8(truncatingIfNeeded: random >> 8)
        bytes[8] = 0x80 | UInt8(truncatingIfNeeded: randomTail & 0x3F)  // RFC 9562 variant
        for index in 9..<16 { bytes[index] = UInt8(truncatingIfNeeded: randomTail >> (8 * (index - 8))) }
        return UUID(
            uuid: (
                bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7], bytes[8], bytes[9],
                bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]
            ))
    }
}
