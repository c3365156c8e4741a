import JSONSchema
import NIOCore

/// A request body's JSON object together with the body, so that a member the client wrote in compact
/// form can be stored as sent instead of being serialized again.
struct RequestObject {
    /// The object.
    let object: JSONObject
    /// The parse, with the compact members' byte ranges.
    let document: ParsedDocument
    /// The body the ranges point into.
    let body: ByteBuffer

    /// The compact JSON text of member `key`, whose parsed value is `value`: the body's bytes when the
    /// client sent them compact (what `value.serialized()` would produce, byte for byte), else that.
    func compactText(ofMember key: String, value: JSONValue) -> [UInt8] {
        guard let range = document.canonicalRange(ofMember: key),
            let bytes = body.getBytes(at: body.readerIndex + range.lowerBound, length: range.count)
        else { return value.serialized() }
        return bytes
    }
}
