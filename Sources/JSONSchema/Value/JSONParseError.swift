/// A document that is not JSON, or that nests deeper than allowed.
public struct JSONParseError: Error, Sendable, CustomStringConvertible {
    /// Byte offset in the input where the problem was found.
    public let offset: Int
    /// What is wrong, for a person.
    public let message: String

    /// Whether the document nests deeper than the parser's limit: well-formed, perhaps, but refused, which
    /// a server answers differently from text that is not JSON at all.
    public let isNestingTooDeep: Bool

    /// Creates an error at `offset`.
    public init(offset: Int, message: String, isNestingTooDeep: Bool = false) {
        self.offset = offset
        self.message = message
        self.isNestingTooDeep = isNestingTooDeep
    }

    /// "invalid JSON at byte N: message".
    public var description: String { "invalid JSON at byte \(offset): \(message)" }
}
