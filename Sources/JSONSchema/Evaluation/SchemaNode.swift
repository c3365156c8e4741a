/// One compiled schema object: its keywords as instructions, and what errors and the dynamic scope
/// need to know about it.
struct SchemaNode: Sendable {
    /// `type`, checked before the instructions because nearly every schema has it.
    var typeMask: TypeMask?
    /// Keywords in evaluation order (`unevaluated*` last, since they depend on the others).
    var instructions: [Instruction] = []
    /// The keyword each instruction came from, for error locations.
    var keywords: [String] = []
    /// Draft 4 counts only integer literals as integers; later drafts count `1.0` too.
    var integerLiteralsOnly = false
    /// The schema resource it belongs to (for the dynamic scope).
    var resource = 0
    /// Its absolute location ("uri#/pointer"), or nil when the schema has no absolute base URI.
    var absoluteLocation: String?
    /// Whether it has `unevaluatedProperties` or `unevaluatedItems`, so that its other keywords must
    /// report which members and items they evaluated.
    var collectsAnnotations = false

    /// Whether this is the `false` schema, so callers can say "not allowed" instead of "schema failed".
    var isFalse: Bool {
        guard typeMask == nil, instructions.count == 1, case .alwaysFalse = instructions[0] else { return false }
        return true
    }
}

/// A compiled schema resource, as the dynamic scope sees it.
struct ResourceRecord: Sendable {
    /// The node of the resource's root.
    var root: Int
    /// `$dynamicAnchor` names to nodes.
    var dynamicAnchors: [String: Int]
    /// `$recursiveAnchor: true` at the root.
    var recursiveAnchor: Bool
}

/// The compiled form of a schema and everything it references.
///
/// Immutable after `init`, hence `@unchecked Sendable`: the node table is a raw buffer so that evaluation
/// reads nodes in place instead of copying (and retaining) them out of an array.
final class Program: @unchecked Sendable {
    let nodeTable: UnsafeMutableBufferPointer<SchemaNode>
    let resources: [ResourceRecord]
    let root: Int
    /// Whether any `$dynamicRef` or `$recursiveRef` exists, so the dynamic scope must be tracked.
    let usesDynamicScope: Bool
    /// How deep evaluation may nest before it is taken for an endless `$ref` cycle.
    let maxEvaluationDepth: Int
    /// How many subschema evaluations one validation may take.
    let maxEvaluationSteps: Int

    init(
        nodes: [SchemaNode], resources: [ResourceRecord], root: Int, usesDynamicScope: Bool, maxEvaluationDepth: Int,
        maxEvaluationSteps: Int
    ) {
        nodeTable = .allocate(capacity: nodes.count)
        _ = nodeTable.initialize(from: nodes)
        self.resources = resources
        self.root = root
        self.usesDynamicScope = usesDynamicScope
        self.maxEvaluationDepth = maxEvaluationDepth
        self.maxEvaluationSteps = maxEvaluationSteps
    }

    deinit {
        nodeTable.deinitialize()
        nodeTable.deallocate()
    }

    /// The resource a node belongs to.
    func resource(ofNode node: Int) -> Int { nodeTable[node].resource }
}
