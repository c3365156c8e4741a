/// A `pattern` that is not a valid ECMA-262 regular expression (with the "u" flag), or one too large
/// or too deeply nested to compile safely.
public struct RegexSyntaxError: Error, Sendable, CustomStringConvertible {
    /// The pattern as the schema gave it.
    public let pattern: String
    /// Offset of the offending character, counted in Unicode scalars from the start of the pattern.
    public let offset: Int
    /// What is wrong, for a person.
    public let message: String

    /// Creates an error for `pattern` at scalar `offset`.
    public init(pattern: String, offset: Int, message: String) {
        self.pattern = pattern
        self.offset = offset
        self.message = message
    }

    /// The message with the pattern and the offset.
    public var description: String {
        "invalid regular expression /\(pattern)/ at offset \(offset): \(message)"
    }
}
