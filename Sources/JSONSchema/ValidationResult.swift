/// The outcome of `CompiledSchema.validate(_:)`: validity and every error found.
public struct ValidationResult: Sendable {
    /// Whether the instance is valid.
    public let isValid: Bool
    /// Every failure, in schema order; empty when valid.
    public let errors: [ValidationError]

    /// Creates a result.
    public init(isValid: Bool, errors: [ValidationError]) {
        self.isValid = isValid
        self.errors = errors
    }

    /// The specification's "flag" output: `{"valid": true|false}`.
    public func flagOutput() -> JSONValue {
        ["valid": .bool(isValid)]
    }

    /// The specification's "basic" output: `valid` and, when invalid, a flat list of `errors`, each with
    /// `keywordLocation`, `absoluteKeywordLocation` (when known), `instanceLocation` and `error`.
    public func basicOutput() -> JSONValue {
        guard !isValid else { return ["valid": true] }
        let units: [JSONValue] = errors.map { error in
            var unit: JSONObject = ["keywordLocation": .string(error.keywordLocation)]
            if let absolute = error.absoluteKeywordLocation { unit["absoluteKeywordLocation"] = .string(absolute) }
            unit["instanceLocation"] = .string(error.instanceLocation)
            unit["error"] = .string(error.message)
            return .object(unit)
        }
        return ["valid": false, "errors": .array(units)]
    }
}
