extension SchemaCompiler {
    /// Compiles the keywords of one schema object, in a fixed order: cheap assertions first, then
    /// applicators, then `unevaluated*` (which need the others' annotations).
    mutating func compileKeywords(_ object: JSONObject, into builder: inout NodeBuilder) throws(SchemaCompilationError)
    {
        let context = builder.context
        let location = builder.location
        let draft = context.draft
        let vocabularies = context.vocabularies

        if let ref = object["$ref"] {
            guard case .string(let reference) = ref else { throw index.error("$ref", location, "must be a string") }
            builder.add(.ref(try resolve(reference, keyword: "$ref", context: context, at: location)), "$ref")
            // Before 2019-09, `$ref` replaces every sibling keyword.
            if draft < .draft2019_09 { return }
        }
        if draft == .draft2019_09, let ref = object["$recursiveRef"] {
            guard case .string(let reference) = ref else {
                throw index.error("$recursiveRef", location, "must be a string")
            }
            let target = try resolve(reference, keyword: "$recursiveRef", context: context, at: location)
            usesDynamicScope = true
            builder.add(.recursiveRef(target), "$recursiveRef")
        }
        if draft >= .draft2020_12, let ref = object["$dynamicRef"] {
            guard case .string(let reference) = ref else {
                throw index.error("$dynamicRef", location, "must be a string")
            }
            let target = try resolve(reference, keyword: "$dynamicRef", context: context, at: location)
            // The reference is dynamic only when its static target declares the same dynamic anchor.
            let fragment = URIReference.percentDecode(URIReference.splitFragment(reference).fragment)
            var anchor: String?
            if !fragment.isEmpty, !fragment.hasPrefix("/"),
                case .object(let targetSchema)? = targetValue(of: target),
                targetSchema["$dynamicAnchor"]?.stringValue == fragment
            {
                anchor = fragment
            }
            usesDynamicScope = true
            builder.add(.dynamicRef(target: target, anchor: anchor), "$dynamicRef")
        }
        if vocabularies.contains(.validation) {
            try compileValidation(object, into: &builder)
        }
        if formatAssertion(builder, vocabularies), let format = object["format"] {
            guard case .string(let name) = format else { throw index.error("format", location, "must be a string") }
            builder.add(.format(name), "format")
        }
        if vocabularies.contains(.applicator) {
            try compileApplicators(object, into: &builder)
        }
        if draft >= .draft2019_09, vocabularies.contains(.unevaluated) {
            if object["unevaluatedItems"] != nil {
                builder.add(.unevaluatedItems(try subschema(location, "unevaluatedItems")), "unevaluatedItems")
                builder.node.collectsAnnotations = true
            }
            if object["unevaluatedProperties"] != nil {
                builder.add(
                    .unevaluatedProperties(try subschema(location, "unevaluatedProperties")), "unevaluatedProperties")
                builder.node.collectsAnnotations = true
            }
        }
    }

    private func formatAssertion(_ builder: NodeBuilder, _ vocabularies: Vocabularies) -> Bool {
        builder.formatAssertion || vocabularies.contains(.formatAssertion)
    }

    /// The schema value a node was (or will be) compiled from.
    private func targetValue(of node: Int) -> JSONValue? {
        index.value(at: nodeLocations[node])
    }

    // MARK: - Validation vocabulary

    private func number(_ object: JSONObject, _ keyword: String, _ location: SchemaLocation)
        throws(SchemaCompilationError) -> JSONNumber?
    {
        guard let value = object[keyword] else { return nil }
        guard case .number(let number) = value else { throw index.error(keyword, location, "must be a number") }
        return number
    }

    private func count(_ object: JSONObject, _ keyword: String, _ location: SchemaLocation)
        throws(SchemaCompilationError) -> Int?
    {
        guard let value = object[keyword] else { return nil }
        guard case .number(let number) = value, number.isIntegralValue, number.doubleValue >= 0 else {
            throw index.error(keyword, location, "must be a non-negative integer")
        }
        return number.doubleValue >= Double(Int.max) ? Int.max : Int(number.doubleValue)
    }

    private func strings(_ value: JSONValue, _ keyword: String, _ location: SchemaLocation)
        throws(SchemaCompilationError) -> [String]
    {
        guard case .array(let items) = value else {
            throw index.error(keyword, location, "must be an array of strings")
        }
        var result: [String] = []
        for item in items {
            guard case .string(let string) = item else {
                throw index.error(keyword, location, "must be an array of strings")
            }
            result.append(string)
        }
        return result
    }

    mutating func compilePattern(_ source: String, keyword: String, at location: SchemaLocation)
        throws(SchemaCompilationError) -> CompiledPattern
    {
        do {
            return CompiledPattern(source: source, regex: try ECMARegex(source))
        } catch {
            throw index.error(keyword, location, "invalid regular expression \"\(source)\": \(error.message)")
        }
    }

    private mutating func compileValidation(_ object: JSONObject, into builder: inout NodeBuilder)
        throws(SchemaCompilationError)
    {
        let location = builder.location
        let draft = builder.context.draft
        if let type = object["type"] {
            var mask: TypeMask = []
            let names: [JSONValue]
            switch type {
            case .string: names = [type]
            case .array(let list): names = list
            default: throw index.error("type", location, "must be a type name or an array of type names")
            }
            for name in names {
                guard case .string(let text) = name, let bit = TypeMask.named(text) else {
                    throw index.error("type", location, "unknown type name \(name.jsonText)")
                }
                mask.insert(bit)
            }
            builder.node.typeMask = mask
        }
        if let values = object["enum"] {
            guard case .array(let list) = values else { throw index.error("enum", location, "must be an array") }
            builder.add(.enumeration(list), "enum")
        }
        if draft >= .draft6, let value = object["const"] {
            builder.add(.constant(value), "const")
        }
        if let step = try number(object, "multipleOf", location) {
            guard step.isPositive else { throw index.error("multipleOf", location, "must be greater than 0") }
            builder.add(.multipleOf(step), "multipleOf")
        }
        if draft == .draft4 {
            if let bound = try number(object, "minimum", location) {
                let exclusive = object["exclusiveMinimum"] == .bool(true)
                builder.add(exclusive ? .exclusiveMinimum(bound) : .minimum(bound), "minimum")
            }
            if let bound = try number(object, "maximum", location) {
                let exclusive = object["exclusiveMaximum"] == .bool(true)
                builder.add(exclusive ? .exclusiveMaximum(bound) : .maximum(bound), "maximum")
            }
        } else {
            if let bound = try number(object, "minimum", location) { builder.add(.minimum(bound), "minimum") }
            if let bound = try number(object, "exclusiveMinimum", location) {
                builder.add(.exclusiveMinimum(bound), "exclusiveMinimum")
            }
            if let bound = try number(object, "maximum", location) { builder.add(.maximum(bound), "maximum") }
            if let bound = try number(object, "exclusiveMaximum", location) {
                builder.add(.exclusiveMaximum(bound), "exclusiveMaximum")
            }
        }
        if let limit = try count(object, "minLength", location) { builder.add(.minLength(limit), "minLength") }
        if let limit = try count(object, "maxLength", location) { builder.add(.maxLength(limit), "maxLength") }
        if let pattern = object["pattern"] {
            guard case .string(let source) = pattern else { throw index.error("pattern", location, "must be a string") }
            builder.add(.pattern(try compilePattern(source, keyword: "pattern", at: location)), "pattern")
        }
        if let limit = try count(object, "minItems", location) { builder.add(.minItems(limit), "minItems") }
        if let limit = try count(object, "maxItems", location) { builder.add(.maxItems(limit), "maxItems") }
        if let unique = object["uniqueItems"] {
            guard case .bool(let flag) = unique else { throw index.error("uniqueItems", location, "must be a boolean") }
            if flag { builder.add(.uniqueItems, "uniqueItems") }
        }
        if let limit = try count(object, "minProperties", location) {
            builder.add(.minProperties(limit), "minProperties")
        }
        if let limit = try count(object, "maxProperties", location) {
            builder.add(.maxProperties(limit), "maxProperties")
        }
        if let required = object["required"] {
            // Draft 4's meta-schema asks for at least one name; an empty list is accepted anyway.
            let names = try strings(required, "required", location)
            if !names.isEmpty { builder.add(.required(names), "required") }
        }
        if draft >= .draft2019_09, let dependent = object["dependentRequired"] {
            guard case .object(let map) = dependent else {
                throw index.error("dependentRequired", location, "must be an object")
            }
            var rules: [(String, [String])] = []
            for (name, list) in map { rules.append((name, try strings(list, "dependentRequired", location))) }
            builder.add(.dependentRequired(rules), "dependentRequired")
        }
    }

    // MARK: - Applicator vocabulary

    private mutating func schemaList(_ object: JSONObject, _ keyword: String, _ location: SchemaLocation)
        throws(SchemaCompilationError) -> [Int]?
    {
        guard let value = object[keyword] else { return nil }
        guard case .array(let items) = value else {
            throw index.error(keyword, location, "must be an array of schemas")
        }
        var result: [Int] = []
        for position in items.indices { result.append(try subschema(location, keyword, String(position))) }
        return result
    }

    private mutating func compileApplicators(_ object: JSONObject, into builder: inout NodeBuilder)
        throws(SchemaCompilationError)
    {
        let location = builder.location
        let draft = builder.context.draft
        try compileArrayApplicators(object, into: &builder)
        try compileObjectApplicators(object, into: &builder)
        if let list = try schemaList(object, "allOf", location) { builder.add(.allOf(list), "allOf") }
        if let list = try schemaList(object, "anyOf", location) { builder.add(.anyOf(list), "anyOf") }
        if let list = try schemaList(object, "oneOf", location) { builder.add(.oneOf(list), "oneOf") }
        if object["not"] != nil { builder.add(.not(try subschema(location, "not")), "not") }
        if draft >= .draft7, object["if"] != nil {
            let condition = try subschema(location, "if")
            let then = object["then"] != nil ? try subschema(location, "then") : nil
            let otherwise = object["else"] != nil ? try subschema(location, "else") : nil
            // Kept even without `then`/`else`: a passing `if` still contributes annotations.
            builder.add(.conditional(condition: condition, then: then, else: otherwise), "if")
        }
    }

    private mutating func compileArrayApplicators(_ object: JSONObject, into builder: inout NodeBuilder)
        throws(SchemaCompilationError)
    {
        let location = builder.location
        let draft = builder.context.draft
        var prefixCount = 0
        if draft >= .draft2020_12, let list = try schemaList(object, "prefixItems", location) {
            builder.add(.prefixItems(list), "prefixItems")
            prefixCount = list.count
        }
        if let items = object["items"] {
            if case .array = items {
                let list = try schemaList(object, "items", location)!
                builder.add(.prefixItems(list), "items")
                if draft < .draft2020_12, object["additionalItems"] != nil {
                    builder.add(
                        .items(node: try subschema(location, "additionalItems"), start: list.count), "additionalItems")
                }
            } else {
                builder.add(.items(node: try subschema(location, "items"), start: prefixCount), "items")
            }
        }
        if draft >= .draft6, object["contains"] != nil {
            let node = try subschema(location, "contains")
            var minimum = 1
            var maximum: Int?
            if draft >= .draft2019_09 {
                minimum = try count(object, "minContains", location) ?? 1
                maximum = try count(object, "maxContains", location)
            }
            let rule = ContainsRule(node: node, minimum: minimum, maximum: maximum, annotates: draft >= .draft2020_12)
            builder.add(.contains(rule), "contains")
        }
    }

    private mutating func compileObjectApplicators(_ object: JSONObject, into builder: inout NodeBuilder)
        throws(SchemaCompilationError)
    {
        let location = builder.location
        let draft = builder.context.draft
        var names: [String] = []
        var nodes: [Int] = []
        var patterns: [(CompiledPattern, Int)] = []
        var additional: Int?
        if let properties = object["properties"] {
            guard case .object(let map) = properties else {
                throw index.error("properties", location, "must be an object of schemas")
            }
            for (name, _) in map {
                names.append(name)
                nodes.append(try subschema(location, "properties", name))
            }
        }
        if let properties = object["patternProperties"] {
            guard case .object(let map) = properties else {
                throw index.error("patternProperties", location, "must be an object of schemas")
            }
            for (source, _) in map {
                let pattern = try compilePattern(source, keyword: "patternProperties", at: location)
                patterns.append((pattern, try subschema(location, "patternProperties", source)))
            }
        }
        if object["additionalProperties"] != nil { additional = try subschema(location, "additionalProperties") }
        if object["properties"] != nil || object["patternProperties"] != nil || additional != nil {
            let rules = MemberRules(
                names: names, nodes: nodes, patterns: patterns, additional: additional,
                additionalForbidden: object["additionalProperties"] == .bool(false))
            builder.add(.members(rules), "properties")
        }
        // `dependencies` (drafts 4–7) is honoured in later drafts too, as the compatibility tests expect.
        if let dependencies = object["dependencies"] {
            guard case .object(let map) = dependencies else {
                throw index.error("dependencies", location, "must be an object")
            }
            var required: [(String, [String])] = []
            var schemas: [(String, Int)] = []
            for (name, value) in map {
                if case .array = value {
                    required.append((name, try strings(value, "dependencies", location)))
                } else {
                    schemas.append((name, try subschema(location, "dependencies", name)))
                }
            }
            if !required.isEmpty { builder.add(.dependentRequired(required), "dependencies") }
            if !schemas.isEmpty { builder.add(.dependentSchemas(schemas), "dependencies") }
        }
        if draft >= .draft2019_09, let dependent = object["dependentSchemas"] {
            guard case .object(let map) = dependent else {
                throw index.error("dependentSchemas", location, "must be an object of schemas")
            }
            var schemas: [(String, Int)] = []
            for (name, _) in map { schemas.append((name, try subschema(location, "dependentSchemas", name))) }
            builder.add(.dependentSchemas(schemas), "dependentSchemas")
        }
        if draft >= .draft6, object["propertyNames"] != nil {
            builder.add(.propertyNames(try subschema(location, "propertyNames")), "propertyNames")
        }
    }
}
