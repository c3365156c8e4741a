public import Foundation

extension UUID {
    /// The id `text` denotes, parsed as leniently as Python's `uuid.UUID(str)`, which the original server
    /// used for ids in paths: upper or lower case, with or without dashes (anywhere), with braces or a
    /// `urn:uuid:` prefix. Nil when it is none of these. The HTTP API and the CLI both read ids this way.
    public init?(lenient text: String) {
        // Over the UTF-8 bytes in place, into the sixteen bytes directly: this runs for every request on an
        // id path, and Substring views and an Array showed up in its profile.
        var text = text
        guard let id = text.withUTF8({ Self.lenientBytes($0) }) else { return nil }
        self.init(uuid: id)
    }

    private static func lenientBytes(_ bytes: UnsafeBufferPointer<UInt8>) -> uuid_t? {
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
        return complete ? id : nil
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
