/// Where a schema lives: a document and a JSON Pointer inside it.
struct SchemaLocation: Hashable {
    var document: Int
    var pointer: String

    func appending(_ tokens: String...) -> SchemaLocation {
        SchemaLocation(document: document, pointer: pointer + JSONPointer.from(tokens))
    }
}

/// What evaluation needs to know about a subschema besides its keywords.
struct SubschemaContext {
    /// Base URI for resolving references inside it (no fragment; "" when nothing gave one).
    var baseURI: String
    var draft: Draft
    var vocabularies: Vocabularies
    /// Index of the schema resource it belongs to.
    var resource: Int
}

/// A schema resource: a document root or a subschema with its own identifier.
struct SchemaResource {
    var uri: String
    var location: SchemaLocation
    var dynamicAnchors: [String: SchemaLocation] = [:]
    var recursiveAnchor = false
}

/// Every document, resource, anchor and subschema reachable from the root schema, found before any
/// keyword is compiled so that references can point anywhere, forwards or backwards.
struct SchemaIndex {
    let options: SchemaOptions
    var documents: [JSONValue] = []
    var documentURIs: [String] = []
    var resourcesByURI: [String: Int] = [:]
    var resources: [SchemaResource] = []
    var anchors: [String: SchemaLocation] = [:]
    var contexts: [SchemaLocation: SubschemaContext] = [:]
    /// The value of every indexed subschema, so that compiling does not walk pointers again.
    var values: [SchemaLocation: JSONValue] = [:]
    /// Stops a large `maxDepth` from turning deep nesting into a stack overflow.
    private let stack = StackGuard()
    /// Registry keys without their empty fragment.
    private let registry: [String: JSONValue]

    init(options: SchemaOptions) {
        self.options = options
        var registry: [String: JSONValue] = [:]
        for (key, value) in options.registry { registry[Self.normalize(key)] = value }
        self.registry = registry
    }

    /// A URI without an empty trailing fragment.
    static func normalize(_ uri: String) -> String {
        uri.hasSuffix("#") ? String(uri.dropLast()) : uri
    }

    /// Keywords whose value is a schema.
    static let schemaKeywords: Set<String> = [
        "additionalItems", "additionalProperties", "not", "contains", "propertyNames", "if", "then", "else",
        "unevaluatedItems", "unevaluatedProperties", "contentSchema",
    ]
    /// Keywords whose value is an array of schemas.
    static let schemaArrayKeywords: Set<String> = ["allOf", "anyOf", "oneOf", "prefixItems"]
    /// Keywords whose value is an object whose values are schemas.
    static let schemaMapKeywords: Set<String> = [
        "properties", "patternProperties", "definitions", "$defs", "dependentSchemas", "dependencies",
    ]

    /// Adds a document and indexes everything in it.
    @discardableResult
    mutating func addDocument(_ value: JSONValue, uri: String, draft: Draft) throws(SchemaCompilationError) -> Int {
        let document = documents.count
        documents.append(value)
        documentURIs.append(uri)
        try index(
            value, at: SchemaLocation(document: document, pointer: ""), baseURI: uri, draft: draft,
            vocabularies: .standard, resource: nil, depth: 0)
        return document
    }

    /// The error for a problem at `location`.
    func error(_ keyword: String, _ location: SchemaLocation, _ message: String) -> SchemaCompilationError {
        let prefix = location.document == 0 ? "" : documentURIs[location.document] + "#"
        return SchemaCompilationError(keyword: keyword, schemaLocation: prefix + location.pointer, message: message)
    }

    /// Records `value` (a schema) and its subschemas.
    mutating func index(
        _ value: JSONValue, at location: SchemaLocation, baseURI: String, draft: Draft, vocabularies: Vocabularies,
        resource: Int?, depth: Int
    ) throws(SchemaCompilationError) {
        guard depth <= options.maxDepth else {
            throw error("", location, "schema nesting is too deep: more than the limit of \(options.maxDepth) levels")
        }
        guard !stack.isExhausted else {
            throw error("", location, "schema nesting is too deep to compile (\(depth) levels)")
        }
        values[location] = value
        guard case .object(let object) = value else {
            if resource == nil { registerResource(uri: baseURI, location: location) }
            contexts[location] = SubschemaContext(
                baseURI: baseURI, draft: draft, vocabularies: vocabularies,
                resource: resource ?? resources.count - 1)
            return
        }
        var draft = draft
        var vocabularies = vocabularies
        var baseURI = baseURI
        var resource = resource
        let isDocumentRoot = resource == nil
        // Before 2019-09, `$ref` replaces its siblings, `$id` included.
        let idKeyword = draft.idKeyword
        var id = object[idKeyword]?.stringValue
        if draft < .draft2019_09, object["$ref"] != nil { id = nil }
        if let metaURI = object["$schema"]?.stringValue, isDocumentRoot || id != nil {
            (draft, vocabularies) = try dialect(of: metaURI, at: location, depth: 0)
            if draft.idKeyword != idKeyword {
                id = object[draft.idKeyword]?.stringValue
                if draft < .draft2019_09, object["$ref"] != nil { id = nil }
            }
        }
        if isDocumentRoot {
            resource = registerResource(uri: baseURI, location: location)
        }
        if let id {
            let resolved = URIReference.resolve(id, against: baseURI)
            let (uri, fragment) = URIReference.splitFragment(resolved)
            if draft < .draft2019_09 && id.hasPrefix("#") {
                // Drafts 4 to 7 spell anchors as fragment-only identifiers.
                anchors[baseURI + "#" + URIReference.percentDecode(fragment)] = location
            } else {
                baseURI = uri
                if !isDocumentRoot || resources[resource!].uri != uri {
                    resource = registerResource(uri: uri, location: location)
                }
                if !fragment.isEmpty && draft < .draft2019_09 {
                    anchors[uri + "#" + URIReference.percentDecode(fragment)] = location
                }
            }
        }
        let resourceIndex = resource!
        if draft >= .draft2019_09 {
            if let anchor = object["$anchor"]?.stringValue { anchors[baseURI + "#" + anchor] = location }
            if draft >= .draft2020_12, let anchor = object["$dynamicAnchor"]?.stringValue {
                anchors[baseURI + "#" + anchor] = location
                resources[resourceIndex].dynamicAnchors[anchor] = location
            }
            if draft == .draft2019_09, case .bool(true) = object["$recursiveAnchor"],
                resources[resourceIndex].location == location
            {
                resources[resourceIndex].recursiveAnchor = true
            }
        }
        contexts[location] = SubschemaContext(
            baseURI: baseURI, draft: draft, vocabularies: vocabularies, resource: resourceIndex)

        for (keyword, member) in object {
            func visit(_ child: JSONValue, _ tokens: String...) throws(SchemaCompilationError) {
                var childLocation = location
                for token in tokens { childLocation = childLocation.appending(token) }
                try index(
                    child, at: childLocation, baseURI: baseURI, draft: draft, vocabularies: vocabularies,
                    resource: resourceIndex, depth: depth + 1)
            }
            if Self.schemaKeywords.contains(keyword) {
                try visit(member, keyword)
            } else if keyword == "items" {
                if case .array(let items) = member {
                    for (position, item) in items.enumerated() { try visit(item, keyword, String(position)) }
                } else {
                    try visit(member, keyword)
                }
            } else if Self.schemaArrayKeywords.contains(keyword), case .array(let items) = member {
                for (position, item) in items.enumerated() { try visit(item, keyword, String(position)) }
            } else if Self.schemaMapKeywords.contains(keyword), case .object(let map) = member {
                for (name, item) in map {
                    // `dependencies` mixes schemas with arrays of property names.
                    if keyword == "dependencies", case .array = item { continue }
                    try visit(item, keyword, name)
                }
            }
        }
    }

    @discardableResult
    private mutating func registerResource(uri: String, location: SchemaLocation) -> Int {
        resources.append(SchemaResource(uri: uri, location: location))
        let resource = resources.count - 1
        if resourcesByURI[uri] == nil || location.pointer.isEmpty && !uri.isEmpty {
            resourcesByURI[uri] = resource
        }
        return resource
    }

    /// The draft and vocabularies a `$schema` value selects.
    mutating func dialect(of metaURI: String, at location: SchemaLocation, depth: Int) throws(SchemaCompilationError)
        -> (Draft, Vocabularies)
    {
        if let draft = Draft(metaSchemaURI: metaURI) { return (draft, .standard) }
        // A custom meta-schema: its own `$schema` gives the draft, its `$vocabulary` the keywords in use.
        let key = Self.normalize(metaURI)
        guard depth < 16,
            let meta = registry[key] ?? BundledMetaSchemas.parsed[key],
            case .object(let object) = meta
        else {
            return (options.defaultDraft, .standard)
        }
        var draft = options.defaultDraft
        if let parent = object["$schema"]?.stringValue, Self.normalize(parent) != key {
            draft = try dialect(of: parent, at: location, depth: depth + 1).0
        }
        guard draft >= .draft2019_09, case .object(let declared) = object["$vocabulary"] else {
            return (draft, .standard)
        }
        var vocabularies: Vocabularies = .core
        for (uri, required) in declared {
            if let vocabulary = Vocabularies.named(uri) {
                vocabularies.formUnion(vocabulary)
            } else if case .bool(true) = required {
                throw error("$schema", location, "the meta-schema requires the unknown vocabulary \(uri)")
            }
        }
        return (draft, vocabularies)
    }

    /// The document a URI (without fragment) names, loading it from the registry or the bundled
    /// meta-schemas on first use.
    mutating func resource(for uri: String, draft: Draft) throws(SchemaCompilationError) -> Int? {
        if let resource = resourcesByURI[uri] { return resource }
        let key = Self.normalize(uri)
        let document: JSONValue
        if let value = registry[key] {
            document = value
        } else if let value = BundledMetaSchemas.parsed[key] {
            document = value
        } else {
            return nil
        }
        let documentIndex = try addDocument(document, uri: key, draft: draft)
        if resourcesByURI[key] == nil {
            resourcesByURI[key] = resources.firstIndex {
                $0.location == SchemaLocation(document: documentIndex, pointer: "")
            }
        }
        return resourcesByURI[key]
    }

    /// The value at a location, if there is one.
    func value(at location: SchemaLocation) -> JSONValue? {
        if let known = values[location] { return known }
        return JSONPointer.resolve(location.pointer, in: documents[location.document])
    }

    /// The context of a location, indexing it first when a reference reaches into a place that is not a
    /// known subschema keyword (an unknown keyword, `examples`, …).
    mutating func context(at location: SchemaLocation) throws(SchemaCompilationError) -> SubschemaContext? {
        if let context = contexts[location] { return context }
        guard let value = value(at: location) else { return nil }
        var tokens = JSONPointer.tokens(location.pointer) ?? []
        while !tokens.isEmpty {
            tokens.removeLast()
            let ancestor = SchemaLocation(document: location.document, pointer: JSONPointer.from(tokens))
            if let parent = contexts[ancestor] {
                try index(
                    value, at: location, baseURI: parent.baseURI, draft: parent.draft,
                    vocabularies: parent.vocabularies, resource: parent.resource, depth: 0)
                return contexts[location]
            }
        }
        return nil
    }
}
