/// A schema compiled for validation: immutable, `Sendable`, compiled once and used from any thread.
///
/// ```swift
/// let schema = try CompiledSchema(JSONParser.parse(schemaBytes))
/// let result = schema.validate(try JSONParser.parse(body))
/// ```
public struct CompiledSchema: Sendable {
    private let program: Program

    /// Compiles `schema`, resolving every reference. Throws when the schema cannot be evaluated: a keyword
    /// of the wrong type, an unknown type name, an invalid regular expression, a reference that resolves
    /// nowhere, references that loop back to the same instance location without consuming any of it, or
    /// nesting deeper than `options.maxDepth`.
    public init(_ schema: JSONValue, options: SchemaOptions = .init()) throws(SchemaCompilationError) {
        program = try SchemaCompiler.compile(schema, options: options)
    }

    /// Validates `instance` and reports every failure.
    public func validate(_ instance: JSONValue) -> ValidationResult {
        var evaluator = Evaluator(program: program, collectErrors: true)
        let valid = evaluator.run(instance)
        return ValidationResult(isValid: valid, errors: evaluator.errors)
    }

    /// Whether `instance` is valid; stops at the first failure and builds no messages.
    public func isValid(_ instance: JSONValue) -> Bool {
        var evaluator = Evaluator(program: program, collectErrors: false)
        return evaluator.run(instance)
    }
}
