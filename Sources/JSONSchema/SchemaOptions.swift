/// How a schema is compiled.
public struct SchemaOptions: Sendable {
    /// The draft for schemas without `$schema` (TopChef's default is draft 4).
    public var defaultDraft: Draft = .draft4
    /// Whether `format` is an assertion (fails invalid values) rather than an annotation.
    public var formatAssertion = false
    /// Documents that references may point to, by URI (an empty fragment is ignored); the only way a
    /// schema reaches anything outside itself besides the bundled meta-schemas. There is no network.
    public var registry: [String: JSONValue] = [:]
    /// The deepest schema nesting accepted, and the basis of the evaluation depth limit that stops
    /// `$ref` cycles.
    public var maxDepth = 512
    /// How many subschema evaluations one validation may take before it fails with an error, so that a
    /// schema whose references fan out exponentially cannot tie up a thread. A typical job takes ~20.
    public var maxEvaluationSteps = 10_000_000

    /// Creates options; every argument has the default described on its property.
    public init(
        defaultDraft: Draft = .draft4, formatAssertion: Bool = false, registry: [String: JSONValue] = [:],
        maxDepth: Int = 512, maxEvaluationSteps: Int = 10_000_000
    ) {
        self.defaultDraft = defaultDraft
        self.formatAssertion = formatAssertion
        self.registry = registry
        self.maxDepth = maxDepth
        self.maxEvaluationSteps = maxEvaluationSteps
    }
}
