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
        var utf8 = Substring(text).utf8[...]
        for prefix in ["urn:", "uuid:"] where utf8.starts(with: prefix.utf8) {
            utf8 = utf8.dropFirst(prefix.utf8.count)
        }
        while utf8.first == UInt8(ascii: "{") || utf8.first == UInt8(ascii: "}") { utf8 = utf8.dropFirst() }
        while utf8.last == UInt8(ascii: "{") || utf8.last == UInt8(ascii: "}") { utf8 = utf8.dropLast() }
        var bytes = [UInt8](repeating: 0, count: 16)
        var nibbles = 0
        for byte in utf8 where byte != UInt8(ascii: "-") {
            let value: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): value = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): value = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): value = byte - UInt8(ascii: "A") + 10
            default: return nil
            }
            guard nibbles < 32 else { return nil }
            bytes[nibbles / 2] |= nibbles % 2 == 0 ? value << 4 : value
            nibbles += 1
        }
        guard nibbles == 32 else { return nil }
        return bytes.withUnsafeBytes { UUID(uuid: $0.loadUnaligned(as: uuid_t.self)) }
    }
}
