/// One reason an instance is invalid.
public struct ValidationError: Sendable, Hashable, CustomStringConvertible {
    /// JSON Pointer to the offending part of the instance ("" for the whole instance).
    public let instanceLocation: String
    /// JSON Pointer to the failing keyword, following the path taken through the schema (`$ref` included).
    public let keywordLocation: String
    /// The failing keyword's absolute URI, when the schema has an absolute base URI.
    public let absoluteKeywordLocation: String?
    /// What is wrong, for a person.
    public let message: String

    /// Creates an error.
    public init(instanceLocation: String, keywordLocation: String, absoluteKeywordLocation: String?, message: String) {
        self.instanceLocation = instanceLocation
        self.keywordLocation = keywordLocation
        self.absoluteKeywordLocation = absoluteKeywordLocation
        self.message = message
    }

    /// "INSTANCE-LOCATION: message (KEYWORD-LOCATION)", with "/" for the root.
    public var description: String {
        "\(instanceLocation.isEmpty ? "/" : instanceLocation): \(message) (at \(keywordLocation.isEmpty ? "/" : keywordLocation))"
    }
}
