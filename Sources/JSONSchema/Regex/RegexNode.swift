/// The parsed form of a pattern, before it is compiled to a `RegexProgram`.
indirect enum RegexNode: Sendable {
    /// Matches the empty string.
    case empty
    /// One code point.
    case scalar(UInt32)
    /// One code point from a set.
    case set(RegexCharSet)
    /// Each node in turn.
    case concatenation([RegexNode])
    /// The first alternative that lets the whole match succeed.
    case alternation([RegexNode])
    /// A group; `capture` is the 1-based group number of a capturing group.
    case group(RegexNode, capture: Int?)
    /// `node{min,max}`; `max == nil` is unbounded.
    case quantified(RegexNode, min: Int, max: Int?, greedy: Bool)
    /// `^`, `$`, `\b` or `\B`.
    case assertion(RegexAssertion)
    /// `(?=…)`, `(?!…)`, `(?<=…)`, `(?<!…)`.
    case lookaround(RegexNode, ahead: Bool, negated: Bool)
    /// `\1` or `\k<name>`, resolved to a group number.
    case backreference(Int)

    /// Whether the node can match without consuming input, which is when ECMA-262's empty-iteration
    /// check applies to a loop around it.
    var canMatchEmpty: Bool {
        switch self {
        case .empty, .assertion, .lookaround, .backreference: true
        case .scalar, .set: false
        case .concatenation(let nodes): nodes.allSatisfy(\.canMatchEmpty)
        case .alternation(let nodes): nodes.contains(where: \.canMatchEmpty)
        case .group(let node, _): node.canMatchEmpty
        case .quantified(let node, let min, _, _): min == 0 || node.canMatchEmpty
        }
    }

    /// The range of capture group numbers inside the node, for resetting them on each loop iteration.
    var captureRange: ClosedRange<Int>? {
        switch self {
        case .empty, .assertion, .backreference, .scalar, .set: return nil
        case .concatenation(let nodes), .alternation(let nodes):
            let ranges = nodes.compactMap(\.captureRange)
            guard let first = ranges.first else { return nil }
            return ranges.dropFirst().reduce(first) {
                min($0.lowerBound, $1.lowerBound)...max($0.upperBound, $1.upperBound)
            }
        case .group(let node, let capture):
            guard let capture else { return node.captureRange }
            guard let inner = node.captureRange else { return capture...capture }
            return min(capture, inner.lowerBound)...max(capture, inner.upperBound)
        case .quantified(let node, _, _, _), .lookaround(let node, _, _): return node.captureRange
        }
    }
}

/// The zero-width assertions that need no sub-pattern.
enum RegexAssertion: Sendable {
    /// `^` (no multiline flag in JSON Schema): the start of the input.
    case start
    /// `$`: the very end of the input, never before a final newline.
    case end
    /// `\b`.
    case wordBoundary
    /// `\B`.
    case notWordBoundary
}
