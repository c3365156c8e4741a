extension Evaluator {
    mutating func checkObject(
        _ instruction: Instruction, _ object: JSONObject, _ instance: JSONValue, _ position: Int,
        _ node: UnsafePointer<SchemaNode>,
        _ local: Evaluated?
    ) -> Bool {
        let keyword = node.pointee.keywords[position]
        switch instruction {
        case .minProperties(let limit):
            if object.count >= limit { return true }
            return fail(node, keyword: keyword, "object has \(object.count) properties, fewer than \(limit)")
        case .maxProperties(let limit):
            if object.count <= limit { return true }
            return fail(node, keyword: keyword, "object has \(object.count) properties, more than \(limit)")
        case .required(let names):
            var valid = true
            for name in names where object.position(of: name) == nil {
                valid = fail(node, keyword: keyword, "missing required property \"\(name)\"")
                if !collectErrors { return false }
            }
            return valid
        case .members(let rules):
            return checkMembers(rules, object, node, local)
        case .dependentRequired(let rules):
            var valid = true
            for (name, required) in rules where object.position(of: name) != nil {
                for other in required where object.position(of: other) == nil {
                    valid = fail(
                        node, keyword: keyword, "property \"\(name)\" requires property \"\(other)\"",
                        token: .name(name))
                    if !collectErrors { return false }
                }
            }
            return valid
        case .dependentSchemas(let rules):
            var valid = true
            for (name, child) in rules where object.position(of: name) != nil {
                if !descend(child, instance, keyword: keyword, .name(name), into: local) {
                    valid = false
                    if !collectErrors { return false }
                }
            }
            return valid
        case .propertyNames(let child):
            var valid = true
            for key in object.keys where !descend(child, .string(key), keyword: keyword) {
                valid = false
                if !collectErrors { return false }
            }
            return valid
        case .unevaluatedProperties(let child):
            var valid = true
            for index in 0..<object.count where local?.properties.contains(index) != true {
                let key = object.keys[index]
                if program.nodeTable[child].isFalse {
                    valid = fail(
                        node, keyword: keyword, "property \"\(key)\" is not allowed (no other keyword evaluated it)",
                        at: .key(key))
                    if !collectErrors { return false }
                } else if !descend(child, object.values[index], keyword: keyword, at: .key(key)) {
                    valid = false
                    if !collectErrors { return false }
                }
            }
            local?.properties.insert(0..<object.count)
            return valid
        default:
            return true
        }
    }

    private mutating func checkMembers(
        _ rules: MemberRules, _ object: JSONObject, _ node: UnsafePointer<SchemaNode>, _ local: Evaluated?
    ) -> Bool {
        var valid = true
        var hint = 0
        // Reading members through buffers passes them on without copying (and retaining) each one.
        return object.keys.withUnsafeBufferPointer { keys in
            object.values.withUnsafeBufferPointer { values in
                for index in keys.indices {
                    let key = keys[index]
                    var matched = false
                    if let property = rules.position(of: key, hint: &hint) {
                        matched = true
                        if !descend(
                            rules.nodes[property], values[index], keyword: "properties", .name(key), at: .key(key))
                        {
                            valid = false
                            if !collectErrors { return false }
                        }
                    }
                    if !rules.patterns.isEmpty, !matchPatterns(rules, key, values[index], node, &matched) {
                        valid = false
                        if !collectErrors { return false }
                    }
                    if !matched, let additional = rules.additional {
                        matched = true
                        if rules.additionalForbidden {
                            valid = fail(
                                node, keyword: "additionalProperties", "property \"\(key)\" is not allowed",
                                at: .key(key))
                            if !collectErrors { return false }
                        } else if !descend(additional, values[index], keyword: "additionalProperties", at: .key(key)) {
                            valid = false
                            if !collectErrors { return false }
                        }
                    }
                    if matched { local?.properties.insert(index) }
                }
                return valid
            }
        }
    }

    /// Applies every `patternProperties` entry whose pattern matches `key`.
    private mutating func matchPatterns(
        _ rules: MemberRules, _ key: String, _ value: JSONValue, _ node: UnsafePointer<SchemaNode>,
        _ matched: inout Bool
    ) -> Bool {
        var valid = true
        for (pattern, child) in rules.patterns {
            let found: Bool
            do {
                found = try pattern.regex.matches(key)
            } catch {
                valid = fail(
                    node, keyword: "patternProperties",
                    "pattern evaluation exceeded its step limit (pattern \(pattern.source))",
                    token: .name(pattern.source), at: .key(key))
                if !collectErrors { return false }
                continue
            }
            guard found else { continue }
            matched = true
            if !descend(child, value, keyword: "patternProperties", .name(pattern.source), at: .key(key)) {
                valid = false
                if !collectErrors { return false }
            }
        }
        return valid
    }
}
