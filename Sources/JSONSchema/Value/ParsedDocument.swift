/// A parsed document, with where its top-level members' values lie in the input when that text is
/// already compact (see ``JSONParser/parseWithMemberText(_:maxDepth:)``).
public struct ParsedDocument: Sendable {
    /// The document's value.
    public let value: JSONValue
    /// When the value is an object, one entry per member, in member order: the byte range (in the parsed
    /// input) of the member's value if those bytes are exactly its `serialized()` text, else nil. Empty for
    /// other values.
    public let canonicalMemberRanges: [Range<Int>?]

    /// The byte range of the member `key`'s value, when the input wrote it in compact form.
    public func canonicalRange(ofMember key: String) -> Range<Int>? {
        guard case .object(let object) = value, let position = object.position(of: key),
            position < canonicalMemberRanges.count
        else { return nil }
        return canonicalMemberRanges[position]
    }
}
