/// Finds subschemas that, once evaluated, apply themselves to the same instance location forever: a loop
/// made only of "in-place" applicators (`$ref`, `$dynamicRef`, `$recursiveRef`, `allOf`, the first branch
/// of `anyOf`, `oneOf`, `not`, `if`/`then`/`else`, `dependentSchemas`). Applicators that move to a member or an item
/// (`properties`, `items`, `contains`, `unevaluated*`, …) consume instance depth, so recursion through them
/// ends with the instance and is how legitimate recursive schemas are written.
///
/// Such a loop would otherwise compile and then fail every validation with "evaluation nested too
/// deeply", blaming the data for a defect of the schema.
///
/// Dynamic references resolve at run time, so the check only rejects what is certain: a subschema is
/// looping when one of its in-place edges leads, whichever target the dynamic scope picks, to looping
/// subschemas again (a greatest fixed point). A dynamic reference that might escape the loop through
/// another target is given the benefit of the doubt.
struct InPlaceCycleDetector {
    /// One in-place applicator: the keyword, and every node it may evaluate next. Static references and
    /// combinators have one target; a dynamic reference has one per node the dynamic scope could pick.
    struct Edge {
        let keyword: String
        let targets: [Int]
    }

    /// One step of a loop: the node, and the keyword it leaves through.
    struct Step: Equatable {
        let node: Int
        let keyword: String
    }

    private let nodes: [SchemaNode]
    private let resources: [ResourceRecord]
    private let root: Int
    private var edges: [[Edge]] = []

    init(nodes: [SchemaNode], resources: [ResourceRecord], root: Int) {
        self.nodes = nodes
        self.resources = resources
        self.root = root
        edges = nodes.map { inPlaceEdges(of: $0) }
    }

    /// A loop reachable from the root, starting at a reference keyword, or nil when there is none.
    func firstLoop() -> [Step]? {
        let looping = loopingNodes()
        guard let start = firstReachable(in: looping) else { return nil }
        var path: [Step] = []
        var seen: [Int: Int] = [:]
        var current = start
        while seen[current] == nil {
            seen[current] = path.count
            // Some edge of a looping node has all its targets looping; any of them continues the loop.
            guard let edge = edges[current].first(where: { edge in edge.targets.allSatisfy { looping[$0] } }) else {
                return nil
            }
            path.append(Step(node: current, keyword: edge.keyword))
            current = edge.targets[0]
        }
        let loop = Array(path[seen[current]!...])
        // Structural edges only go deeper into one document, so every loop has a reference; name it.
        let first = loop.firstIndex { Self.referenceKeywords.contains($0.keyword) } ?? 0
        return Array(loop[first...] + loop[..<first])
    }

    static let referenceKeywords: Set<String> = ["$ref", "$dynamicRef", "$recursiveRef"]

    /// The nodes from which evaluation never leaves the instance location: the greatest set in which
    /// every node has an edge whose targets all lie in the set. Starts from every node and removes those
    /// that lose their last such edge, propagating backwards, so it takes linear time.
    private func loopingNodes() -> [Bool] {
        var looping = [Bool](repeating: true, count: nodes.count)
        var holding = edges.map(\.count)
        var owners: [Int] = []
        var edgeHolds: [Bool] = []
        var edgesByTarget = [[Int]](repeating: [], count: nodes.count)
        for (node, list) in edges.enumerated() {
            for edge in list {
                for target in Set(edge.targets) { edgesByTarget[target].append(owners.count) }
                owners.append(node)
                edgeHolds.append(true)
            }
        }
        var removed = holding.indices.filter { holding[$0] == 0 }
        for node in removed { looping[node] = false }
        while let node = removed.popLast() {
            for edge in edgesByTarget[node] where edgeHolds[edge] {
                edgeHolds[edge] = false
                let owner = owners[edge]
                holding[owner] -= 1
                if holding[owner] == 0 && looping[owner] {
                    looping[owner] = false
                    removed.append(owner)
                }
            }
        }
        return looping
    }

    /// The first looping node, breadth-first from the root through every applicator. Nodes compiled
    /// only because the dynamic scope might reach them are not blamed unless something can reach them.
    private func firstReachable(in looping: [Bool]) -> Int? {
        guard nodes.indices.contains(root) else { return nil }
        var visited = [Bool](repeating: false, count: nodes.count)
        var queue = [root]
        visited[root] = true
        var head = 0
        while head < queue.count {
            let node = queue[head]
            head += 1
            if looping[node] { return node }
            for next in successors(of: node) where nodes.indices.contains(next) && !visited[next] {
                visited[next] = true
                queue.append(next)
            }
        }
        return nil
    }

    /// Every node `node` may evaluate next, at the same instance location or below it.
    private func successors(of node: Int) -> [Int] {
        var result = edges[node].flatMap(\.targets)
        for instruction in nodes[node].instructions {
            switch instruction {
            case .prefixItems(let list): result += list
            case .items(let child, _), .propertyNames(let child), .unevaluatedItems(let child),
                .unevaluatedProperties(let child):
                result.append(child)
            case .contains(let rule): result.append(rule.node)
            case .members(let rules):
                result += rules.nodes
                result += rules.patterns.map(\.1)
                if let additional = rules.additional { result.append(additional) }
            default: break
            }
        }
        return result
    }

    /// The in-place applicators of a node, with dynamic references resolved to every target they may
    /// take.
    private func inPlaceEdges(of node: SchemaNode) -> [Edge] {
        var result: [Edge] = []
        for (position, instruction) in node.instructions.enumerated() {
            let keyword = node.keywords[position]
            switch instruction {
            case .ref(let target): result.append(Edge(keyword: keyword, targets: [target]))
            case .dynamicRef(let target, let anchor):
                result.append(Edge(keyword: keyword, targets: dynamicTargets(target, anchor)))
            case .recursiveRef(let target):
                result.append(Edge(keyword: keyword, targets: recursiveTargets(target)))
            case .allOf(let children), .oneOf(let children):
                result += children.map { Edge(keyword: keyword, targets: [$0]) }
            case .anyOf(let children):
                // Only the first branch is always evaluated: `anyOf` stops at the first that passes, here and
                // in the original (Python's jsonschema), which could evaluate `{"anyOf":[{}, {"$ref":"#"}]}`.
                // A loop through a later branch is reached only for some instances, and is left to the
                // evaluator's depth limit rather than refused for all.
                if let first = children.first { result.append(Edge(keyword: keyword, targets: [first])) }
            case .not(let child): result.append(Edge(keyword: keyword, targets: [child]))
            case .conditional(let condition, let then, let otherwise):
                result.append(Edge(keyword: "if", targets: [condition]))
                if let then { result.append(Edge(keyword: "then", targets: [then])) }
                if let otherwise { result.append(Edge(keyword: "else", targets: [otherwise])) }
            case .dependentSchemas(let rules):
                // Draft 4's `dependencies` (which the original evaluated) applies only when its property is
                // present, so a loop through it, like one through a later `anyOf` branch, is not refused.
                // The later drafts' `dependentSchemas` was never the original's: a loop through it is.
                if keyword != "dependencies" { result += rules.map { Edge(keyword: keyword, targets: [$0.1]) } }
            default: break
            }
        }
        return result
    }

    /// Where a `$dynamicRef` may go. The evaluator picks the outermost resource in the dynamic scope that
    /// declares the anchor, and the root's resource is always outermost, so when it declares the anchor
    /// the target is certain; otherwise it is the static target or any resource's anchor.
    private func dynamicTargets(_ target: Int, _ anchor: String?) -> [Int] {
        guard let anchor else { return [target] }
        let rootResource = nodes[root].resource
        if resources.indices.contains(rootResource), let certain = resources[rootResource].dynamicAnchors[anchor] {
            return [certain]
        }
        var targets = [target]
        for resource in resources {
            if let node = resource.dynamicAnchors[anchor], node != target { targets.append(node) }
        }
        return targets
    }

    /// Where a `$recursiveRef` may go: its static target, or, when that target's resource has
    /// `$recursiveAnchor: true`, the root of any resource that has one too.
    private func recursiveTargets(_ target: Int) -> [Int] {
        let resource = nodes[target].resource
        guard resources.indices.contains(resource), resources[resource].recursiveAnchor else { return [target] }
        var targets = [target]
        for record in resources where record.recursiveAnchor && record.root >= 0 && record.root != target {
            targets.append(record.root)
        }
        return targets
    }
}
