import Foundation

/// Ids in paths, parsed as leniently as Python's `uuid.UUID(str)`: upper or lower case, with or without
/// dashes (anywhere), with braces or a `urn:uuid:` prefix.
enum PathID {
    /// The id in `segment`, or 404 `Not UUID Error` echoing the (decoded) segment.
    static func parse(_ segment: String?) throws(APIError) -> UUID {
        let raw = segment ?? ""
        let text = raw.utf8.contains(UInt8(ascii: "%")) ? (raw.removingPercentEncoding ?? raw) : raw
        guard let id = uuid(text) else { throw .notUUID(text) }
        return id
    }

    /// The id `text` denotes, or nil.
    static func uuid(_ text: String) -> UUID? {
        // Over the UTF-8 bytes in place, into the sixteen bytes directly: this runs for every request on an
        // id path, and Substring views and an Array showed up in its profile.
        var text = text
        return text.withUTF8 { uuid(utf8: $0) }
    }

    private static func uuid(utf8 bytes: UnsafeBufferPointer<UInt8>) -> UUID? {
        var start = 0
        var end = bytes.count
        for prefix in ["urn:", "uuid:"] as [StaticString] where hasPrefix(bytes, from: start, prefix) {
            start += prefix.utf8CodeUnitCount
        }
        while start < end, bytes[start] == UInt8(ascii: "{") || bytes[start] == UInt8(ascii: "}") { start += 1 }
        while end > start, bytes[end - 1] == UInt8(ascii: "{") || bytes[end - 1] == UInt8(ascii: "}") { end -= 1 }
        var id: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        let complete = withUnsafeMutableBytes(of: &id) { out -> Bool in
            var nibbles = 0
            for byte in bytes[start..<end] where byte != UInt8(ascii: "-") {
                let value: UInt8
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): value = byte - UInt8(ascii: "0")
                case UInt8(ascii: "a")...UInt8(ascii: "f"): value = byte - UInt8(ascii: "a") + 10
                case UInt8(ascii: "A")...UInt8(ascii: "F"): value = byte - UInt8(ascii: "A") + 10
                default: return false
                }
                guard nibbles < 32 else { return false }
                out[nibbles / 2] |= nibbles % 2 == 0 ? value << 4 : value
                nibbles += 1
            }
            return nibbles == 32
        }
        return complete ? UUID(uuid: id) : nil
    }

    private static func hasPrefix(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, _ prefix: StaticString)
        -> Bool
    {
        let count = prefix.utf8CodeUnitCount
        guard bytes.count - start >= count else { return false }
        for offset in 0..<count where bytes[start + offset] != prefix.utf8Start[offset] { return false }
        return true
    }
}
