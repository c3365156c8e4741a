/// A token of the instance location being evaluated.
enum InstanceToken {
    case key(String)
    case index(Int)
}

/// A second keyword-location token below a keyword (`properties/NAME`, `allOf/2`).
enum KeywordToken {
    case none
    case name(String)
    case index(Int)
}

/// Walks a `Program` over an instance. One evaluator serves one validation; the program is shared.
///
/// With `collectErrors` false it stops at the first failure and allocates nothing on the way (the
/// `isValid` fast path); with it true it records every failure with its locations.
struct Evaluator {
    let program: Program
    let collectErrors: Bool
    var errors: [ValidationError] = []
    var instancePath: [InstanceToken] = []
    var keywordPath: [String] = []
    var dynamicScope: [Int] = []
    var depth = 0
    /// Subschema evaluations so far.
    var steps = 0
    /// Set once a limit is hit: every evaluation after that fails at once, without more errors.
    var aborted = false
    /// Measures the stack evaluation uses.
    var stack = StackGuard()

    init(program: Program, collectErrors: Bool) {
        self.program = program
        self.collectErrors = collectErrors
    }

    /// Evaluates the root schema.
    mutating func run(_ instance: JSONValue) -> Bool {
        stack = StackGuard()
        return evaluate(program.root, instance, into: nil)
    }

    /// Evaluates node `index` against `instance`. When `collect` is true and the node passes, the members
    /// and items it evaluated are added to `parent`.
    mutating func evaluate(_ index: Int, _ instance: JSONValue, into parent: Evaluated?) -> Bool {
        let node = UnsafePointer(program.nodeTable.baseAddress! + index)
        // Hostile schemas get a bounded amount of work: nesting (stack), and node evaluations in total
        // (a schema whose references fan out can otherwise take exponential time). The first limit hit
        // ends the whole evaluation with one error.
        if aborted { return false }
        steps += 1
        depth += 1
        defer { depth -= 1 }
        if depth > program.maxEvaluationDepth || stack.isExhausted {
            let reached = depth
            defer { aborted = true }
            return fail(
                node, keyword: "$ref",
                "evaluation nested too deeply (\(reached) schemas): the instance is too deep for this schema, or its references loop"
            )
        }
        if steps > program.maxEvaluationSteps {
            let limit = program.maxEvaluationSteps
            defer { aborted = true }
            return fail(node, keyword: "", "evaluation exceeded its limit of \(limit) subschema evaluations")
        }
        var pushed = false
        if program.usesDynamicScope, dynamicScope.last != node.pointee.resource {
            dynamicScope.append(node.pointee.resource)
            pushed = true
        }
        defer { if pushed { dynamicScope.removeLast() } }
        // Annotations are tracked only where an `unevaluated*` keyword needs them.
        let local = parent != nil || node.pointee.collectsAnnotations ? Evaluated() : nil
        var valid = true
        if let mask = node.pointee.typeMask, !checkType(mask, node, instance) {
            if !collectErrors { return false }
            valid = false
        }
        for position in node.pointee.instructions.indices {
            if !apply(node.pointee.instructions[position], position, node, instance, local) {
                valid = false
                if !collectErrors { return false }
            }
        }
        if valid, let parent, let local { parent.formUnion(local) }
        return valid
    }

    /// Evaluates a subschema, extending the locations when errors are being collected.
    @inline(__always)
    mutating func descend(
        _ child: Int, _ instance: JSONValue, keyword: String, _ token: KeywordToken = .none,
        at instanceToken: InstanceToken? = nil, into evaluated: Evaluated?
    ) -> Bool {
        guard collectErrors else { return evaluate(child, instance, into: evaluated) }
        keywordPath.append(keyword)
        switch token {
        case .none: break
        case .name(let name): keywordPath.append(name)
        case .index(let position): keywordPath.append(String(position))
        }
        if let instanceToken { instancePath.append(instanceToken) }
        let valid = evaluate(child, instance, into: evaluated)
        if instanceToken != nil { instancePath.removeLast() }
        if case .none = token {} else { keywordPath.removeLast() }
        keywordPath.removeLast()
        return valid
    }

    /// Evaluates a subschema whose annotations do not matter.
    @inline(__always)
    mutating func descend(
        _ child: Int, _ instance: JSONValue, keyword: String, _ token: KeywordToken = .none,
        at instanceToken: InstanceToken? = nil
    ) -> Bool {
        descend(child, instance, keyword: keyword, token, at: instanceToken, into: nil)
    }

    /// Records a failure of `keyword` (with an optional token below it) and returns false.
    mutating func fail(
        _ node: UnsafePointer<SchemaNode>, keyword: String, _ message: @autoclosure () -> String,
        token: KeywordToken = .none,
        at instanceToken: InstanceToken? = nil
    ) -> Bool {
        guard collectErrors else { return false }
        var tokens = [keyword]
        switch token {
        case .none: break
        case .name(let name): tokens.append(name)
        case .index(let position): tokens.append(String(position))
        }
        let relative = keyword.isEmpty ? "" : JSONPointer.from(tokens)
        var instanceLocation = ""
        for token in instancePath {
            switch token {
            case .key(let key): instanceLocation += "/" + JSONPointer.escape(key)
            case .index(let position): instanceLocation += "/" + String(position)
            }
        }
        if let instanceToken {
            switch instanceToken {
            case .key(let key): instanceLocation += "/" + JSONPointer.escape(key)
            case .index(let position): instanceLocation += "/" + String(position)
            }
        }
        errors.append(
            ValidationError(
                instanceLocation: instanceLocation,
                keywordLocation: JSONPointer.from(keywordPath) + relative,
                absoluteKeywordLocation: node.pointee.absoluteLocation.map { $0 + relative },
                message: message()))
        return false
    }

    /// A short JSON rendering of a value for messages.
    static func describe(_ value: JSONValue) -> String {
        value.preview(maxBytes: 60)
    }

    /// Runs `body` and drops any errors it records (for subschemas whose failure is not an error, such
    /// as the branches of a passing `anyOf`, `if`, or the items `contains` skips).
    @inline(__always)
    mutating func discardingErrors<T>(_ body: (inout Evaluator) -> T) -> T {
        let mark = errors.count
        let result = body(&self)
        if collectErrors && errors.count > mark { errors.removeSubrange(mark...) }
        return result
    }
}
