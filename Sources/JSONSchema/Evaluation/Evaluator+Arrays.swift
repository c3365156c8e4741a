extension Evaluator {
    mutating func checkArray(
        _ instruction: Instruction, _ array: [JSONValue], _ position: Int, _ node: UnsafePointer<SchemaNode>,
        _ local: Evaluated?
    ) -> Bool {
        let keyword = node.pointee.keywords[position]
        switch instruction {
        case .minItems(let limit):
            if array.count >= limit { return true }
            return fail(node, keyword: keyword, "array has \(array.count) items, fewer than \(limit)")
        case .maxItems(let limit):
            if array.count <= limit { return true }
            return fail(node, keyword: keyword, "array has \(array.count) items, more than \(limit)")
        case .uniqueItems:
            return checkUnique(array, node)
        case .prefixItems(let nodes):
            var valid = true
            let count = min(nodes.count, array.count)
            for index in 0..<count
            where !descend(nodes[index], array[index], keyword: keyword, .index(index), at: .index(index)) {
                valid = false
                if !collectErrors { return false }
            }
            local?.items.insert(0..<count)
            return valid
        case .items(let child, let start):
            var valid = true
            guard start < array.count else { return true }
            if program.nodeTable[child].isFalse {
                return fail(node, keyword: keyword, "array has \(array.count) items, at most \(start) are allowed")
            }
            let allPass = array.withUnsafeBufferPointer { items in
                for index in start..<items.count
                where !descend(child, items[index], keyword: keyword, at: .index(index)) {
                    valid = false
                    if !collectErrors { return false }
                }
                return true
            }
            if !allPass { return false }
            local?.items.insert(start..<array.count)
            return valid
        case .contains(let rule):
            return checkContains(rule, array, node, local)
        case .unevaluatedItems(let child):
            var valid = true
            for index in array.indices where local?.items.contains(index) != true {
                if program.nodeTable[child].isFalse {
                    valid = fail(
                        node, keyword: keyword, "item \(index) is not allowed (no other keyword evaluated it)",
                        at: .index(index))
                    if !collectErrors { return false }
                } else if !descend(child, array[index], keyword: keyword, at: .index(index)) {
                    valid = false
                    if !collectErrors { return false }
                }
            }
            local?.items.insert(0..<array.count)
            return valid
        default:
            return true
        }
    }

    private mutating func checkUnique(_ array: [JSONValue], _ node: UnsafePointer<SchemaNode>) -> Bool {
        if array.count <= 16 {
            for first in array.indices {
                for second in (first + 1)..<array.count where array[first] == array[second] {
                    return fail(node, keyword: "uniqueItems", "items \(first) and \(second) are equal")
                }
            }
            return true
        }
        var seen: [JSONValue: Int] = [:]
        for (index, item) in array.enumerated() {
            if let earlier = seen.updateValue(index, forKey: item) {
                return fail(node, keyword: "uniqueItems", "items \(earlier) and \(index) are equal")
            }
        }
        return true
    }

    private mutating func checkContains(
        _ rule: ContainsRule, _ array: [JSONValue], _ node: UnsafePointer<SchemaNode>, _ local: Evaluated?
    ) -> Bool {
        var matches = 0
        let annotate = local != nil && rule.annotates
        discardingErrors { evaluator in
            for (index, item) in array.enumerated() {
                if evaluator.evaluate(rule.node, item, into: nil) {
                    matches += 1
                    if annotate { local?.items.insert(index) }
                    // Without annotations or a maximum, enough matches settle it.
                    if !annotate && rule.maximum == nil && matches >= rule.minimum { return }
                }
            }
        }
        if matches < rule.minimum {
            let minimumText = rule.minimum == 1 ? "at least one item" : "at least \(rule.minimum) items"
            return fail(
                node, keyword: rule.minimum == 1 ? "contains" : "minContains",
                "array must contain \(minimumText) matching the contains schema, found \(matches)")
        }
        if let maximum = rule.maximum, matches > maximum {
            return fail(
                node, keyword: "maxContains",
                "array must contain at most \(maximum) items matching the contains schema, found \(matches)")
        }
        return true
    }
}
