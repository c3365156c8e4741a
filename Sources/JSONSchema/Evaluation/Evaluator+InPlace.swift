extension Evaluator {
    /// Applicators that evaluate the same instance: combinators, conditionals and references. Their
    /// subschemas' annotations flow into `local` when they pass.
    mutating func applyInPlace(
        _ instruction: Instruction, _ position: Int, _ node: UnsafePointer<SchemaNode>, _ instance: JSONValue,
        _ local: Evaluated?
    ) -> Bool {
        let keyword = node.pointee.keywords[position]
        switch instruction {
        case .ref(let target):
            return descend(target, instance, keyword: keyword, into: local)
        case .dynamicRef(let target, let anchor):
            var resolved = target
            if let anchor {
                // The outermost resource in the dynamic scope that declares the anchor wins.
                for resource in dynamicScope {
                    if let found = program.resources[resource].dynamicAnchors[anchor] {
                        resolved = found
                        break
                    }
                }
            }
            return descend(resolved, instance, keyword: keyword, into: local)
        case .recursiveRef(let target):
            var resolved = target
            if program.resources[program.resource(ofNode: target)].recursiveAnchor {
                // Walk outwards while the enclosing resources also have `$recursiveAnchor: true`.
                for resource in dynamicScope.reversed() {
                    guard program.resources[resource].recursiveAnchor else { break }
                    resolved = program.resources[resource].root
                }
            }
            return descend(resolved, instance, keyword: keyword, into: local)
        case .allOf(let children):
            var valid = true
            for (index, child) in children.enumerated()
            where !descend(child, instance, keyword: keyword, .index(index), into: local) {
                valid = false
                if !collectErrors { return false }
            }
            return valid
        case .anyOf(let children):
            var valid = false
            let mark = errors.count
            for (index, child) in children.enumerated() {
                if descend(child, instance, keyword: keyword, .index(index), into: local) {
                    valid = true
                    // Annotations need every passing branch; validity alone needs one.
                    if local == nil { break }
                }
            }
            if valid {
                if errors.count > mark { errors.removeSubrange(mark...) }
                return true
            }
            return fail(node, keyword: keyword, "\(Self.describe(instance)) does not match any schema in anyOf")
        case .oneOf(let children):
            var passing: [Int] = []
            let mark = errors.count
            for (index, child) in children.enumerated()
            where descend(child, instance, keyword: keyword, .index(index), into: local) {
                passing.append(index)
                if passing.count > 1 && !collectErrors { return false }
            }
            if passing.count == 1 {
                if errors.count > mark { errors.removeSubrange(mark...) }
                return true
            }
            if passing.isEmpty {
                return fail(node, keyword: keyword, "\(Self.describe(instance)) does not match any schema in oneOf")
            }
            if errors.count > mark { errors.removeSubrange(mark...) }
            return fail(
                node, keyword: keyword,
                "\(Self.describe(instance)) matches more than one schema in oneOf (\(passing.map(String.init).joined(separator: ", ")))"
            )
        case .not(let child):
            let matched = discardingErrors { $0.descend(child, instance, keyword: keyword) }
            if !matched { return true }
            return fail(node, keyword: keyword, "\(Self.describe(instance)) must not match the schema in not")
        case .conditional(let condition, let then, let otherwise):
            let holds = discardingErrors {
                $0.descend(condition, instance, keyword: "if", into: local)
            }
            if holds, let then {
                return descend(then, instance, keyword: "then", into: local)
            }
            if !holds, let otherwise {
                return descend(otherwise, instance, keyword: "else", into: local)
            }
            return true
        default:
            return true
        }
    }
}
