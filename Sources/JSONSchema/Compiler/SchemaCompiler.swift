/// Turns a schema and everything it references into a `Program`: one `SchemaNode` per reachable
/// subschema, keywords checked and compiled to instructions, references resolved to node indexes.
///
/// Nodes are compiled from a work list rather than by recursion, so reference cycles and long
/// reference chains cost no stack; only the index walk recurses, and it stops at `maxDepth`.
struct SchemaCompiler {
    let options: SchemaOptions
    var index: SchemaIndex
    var nodes: [SchemaNode] = []
    var nodeByLocation: [SchemaLocation: Int] = [:]
    var nodeLocations: [SchemaLocation] = []
    var pending: [(Int, SchemaLocation)] = []
    var usesDynamicScope = false

    init(options: SchemaOptions) {
        self.options = options
        self.index = SchemaIndex(options: options)
    }

    /// Compiles `schema` with `options`.
    static func compile(_ schema: JSONValue, options: SchemaOptions) throws(SchemaCompilationError) -> Program {
        var compiler = SchemaCompiler(options: options)
        try compiler.index.addDocument(schema, uri: "", draft: options.defaultDraft)
        let root = compiler.node(at: SchemaLocation(document: 0, pointer: ""))
        var resources: [ResourceRecord] = []
        repeat {
            while let (node, location) = compiler.pending.popLast() {
                try compiler.compileNode(node, at: location)
            }
            // Dynamic anchors can be reached from anywhere in the dynamic scope, so they are compiled
            // whether or not a static reference reaches them.
            resources = []
            for resource in compiler.index.resources {
                var anchors: [String: Int] = [:]
                if compiler.usesDynamicScope {
                    for (name, location) in resource.dynamicAnchors { anchors[name] = compiler.node(at: location) }
                }
                let rootNode = compiler.usesDynamicScope ? compiler.node(at: resource.location) : -1
                resources.append(
                    ResourceRecord(root: rootNode, dynamicAnchors: anchors, recursiveAnchor: resource.recursiveAnchor))
            }
        } while !compiler.pending.isEmpty
        let detector = InPlaceCycleDetector(nodes: compiler.nodes, resources: resources, root: root)
        if let loop = detector.firstLoop() { throw compiler.loopError(loop) }
        return Program(
            nodes: compiler.nodes, resources: resources, root: root, usesDynamicScope: compiler.usesDynamicScope,
            maxEvaluationDepth: max(64, options.maxDepth * 4),
            maxEvaluationSteps: options.maxEvaluationSteps)
    }

    /// The node for a location, reserving it and queueing its compilation on first request.
    mutating func node(at location: SchemaLocation) -> Int {
        if let node = nodeByLocation[location] { return node }
        let node = nodes.count
        nodes.append(SchemaNode())
        nodeByLocation[location] = node
        nodeLocations.append(location)
        pending.append((node, location))
        return node
    }

    /// The node for the subschema under `tokens`, after checking that it is a schema.
    mutating func subschema(_ location: SchemaLocation, _ tokens: String...) throws(SchemaCompilationError) -> Int {
        var child = location
        for token in tokens { child = child.appending(token) }
        switch index.value(at: child) {
        case .object, .bool: return node(at: child)
        default:
            throw index.error(
                tokens[0], location, "\(JSONPointer.from(tokens)) must be a schema (an object or a boolean)")
        }
    }

    /// Resolves a reference written at `location` to a node.
    mutating func resolve(_ reference: String, keyword: String, context: SubschemaContext, at location: SchemaLocation)
        throws(SchemaCompilationError) -> Int
    {
        let target = URIReference.resolve(reference, against: context.baseURI)
        let (uri, fragment) = URIReference.splitFragment(target)
        let decoded = URIReference.percentDecode(fragment)
        if decoded.isEmpty || decoded.hasPrefix("/") {
            guard let resource = try index.resource(for: uri, draft: context.draft) else {
                throw index.error(keyword, location, "reference \"\(reference)\" names no known schema (\(uri))")
            }
            let root = index.resources[resource].location
            let targetLocation = SchemaLocation(document: root.document, pointer: root.pointer + decoded)
            switch index.value(at: targetLocation) {
            case .object, .bool: return node(at: targetLocation)
            case nil: throw index.error(keyword, location, "reference \"\(reference)\" points to nothing")
            default:
                throw index.error(
                    keyword, location, "reference \"\(reference)\" points to a value that is not a schema")
            }
        }
        if index.anchors[uri + "#" + decoded] == nil { _ = try index.resource(for: uri, draft: context.draft) }
        guard let anchored = index.anchors[uri + "#" + decoded] else {
            throw index.error(keyword, location, "reference \"\(reference)\" names an anchor that does not exist")
        }
        return node(at: anchored)
    }

    /// The error for a loop of in-place applicators, naming the reference that closes it.
    func loopError(_ loop: [InPlaceCycleDetector.Step]) -> SchemaCompilationError {
        let path = (loop + [loop[0]]).map { step in
            let location = nodeLocations[step.node]
            let document = location.document == 0 ? "" : index.documentURIs[location.document]
            return document + "#" + location.pointer
        }
        return index.error(
            loop[0].keyword, nodeLocations[loop[0].node],
            "loops back to the same instance location without consuming any of it (\(path.joined(separator: " → "))), "
                + "so evaluating it would never end")
    }

    /// Compiles the schema at `location` into `nodes[node]`.
    mutating func compileNode(_ node: Int, at location: SchemaLocation) throws(SchemaCompilationError) {
        guard let context = try index.context(at: location), let value = index.value(at: location) else {
            throw index.error("", location, "no schema at this location")
        }
        var builder = NodeBuilder(context: context, location: location, formatAssertion: options.formatAssertion)
        builder.node.resource = context.resource
        builder.node.integerLiteralsOnly = context.draft == .draft4
        let resource = index.resources[context.resource]
        if !resource.uri.isEmpty, resource.location.document == location.document,
            location.pointer.hasPrefix(resource.location.pointer)
        {
            builder.node.absoluteLocation =
                resource.uri + "#" + location.pointer.dropFirst(resource.location.pointer.count)
        }
        switch value {
        case .bool(true): break
        case .bool(false): builder.add(.alwaysFalse, "")
        case .object(let object): try compileKeywords(object, into: &builder)
        default: throw index.error("", location, "a schema must be an object or a boolean, not \(value.typeName)")
        }
        nodes[node] = builder.node
    }
}

/// Collects one node's instructions.
struct NodeBuilder {
    let context: SubschemaContext
    let location: SchemaLocation
    let formatAssertion: Bool
    var node = SchemaNode()

    init(context: SubschemaContext, location: SchemaLocation, formatAssertion: Bool) {
        self.context = context
        self.location = location
        self.formatAssertion = formatAssertion
    }

    mutating func add(_ instruction: Instruction, _ keyword: String) {
        node.instructions.append(instruction)
        node.keywords.append(keyword)
    }
}
