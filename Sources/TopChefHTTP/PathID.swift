import Foundation
import TopChefCore

/// Ids in paths, parsed as leniently as Python's `uuid.UUID(str)` (see ``Foundation/UUID/init(lenient:)``).
enum PathID {
    /// The id in `segment`, or 404 `Not UUID Error` echoing the (decoded) segment.
    static func parse(_ segment: String?) throws(APIError) -> UUID {
        let raw = segment ?? ""
        let text = raw.utf8.contains(UInt8(ascii: "%")) ? (raw.removingPercentEncoding ?? raw) : raw
        guard let id = UUID(lenient: text) else { throw .notUUID(text) }
        return id
    }
}
