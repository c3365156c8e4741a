/// A schema that cannot be evaluated: wrong keyword types, unknown type names, references that resolve
/// nowhere or loop in place, invalid regular expressions, nesting beyond the limit.
public struct SchemaCompilationError: Error, Sendable, CustomStringConvertible {
    /// The offending keyword (`$ref`, `type`, `pattern`, …), or "" for the schema as a whole.
    public let keyword: String
    /// JSON Pointer to the schema object holding the keyword, prefixed with its document's URI when that
    /// document is not the root schema.
    public let schemaLocation: String
    /// What is wrong, for a person.
    public let message: String

    /// Creates an error.
    public init(keyword: String, schemaLocation: String, message: String) {
        self.keyword = keyword
        self.schemaLocation = schemaLocation
        self.message = message
    }

    /// "invalid schema at LOCATION (keyword): message".
    public var description: String {
        let place = schemaLocation.isEmpty ? "the root" : schemaLocation
        return keyword.isEmpty
            ? "invalid schema at \(place): \(message)" : "invalid schema at \(place) (\(keyword)): \(message)"
    }
}
