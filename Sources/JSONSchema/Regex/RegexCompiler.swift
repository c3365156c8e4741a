/// Turns a `RegexNode` into a `RegexProgram`.
struct RegexCompiler {
    /// Counted repetitions are expanded, so `(a{1000}){1000}` would explode; this caps the program size
    /// (and with it the linear engine's cost per input character).
    static let maximumInstructions = 50_000

    private let pattern: String
    private let groupCount: Int
    private var instructions: [RegexInstruction] = []
    private var sets: [RegexCharSet] = []
    private var setIndices: [RegexCharSet: Int] = [:]
    private var markCount = 0

    /// Compiles `node`, a pattern with `groupCount` capturing groups.
    static func compile(_ node: RegexNode, groupCount: Int, pattern: String, needsBacktracking: Bool)
        throws(RegexSyntaxError)
        -> RegexProgram
    {
        var compiler = RegexCompiler(pattern: pattern, groupCount: groupCount)
        try compiler.compile(node, backward: false)
        try compiler.emit(.match)
        return RegexProgram(
            instructions: compiler.instructions, sets: compiler.sets, slotCount: 2 * groupCount + compiler.markCount,
            needsBacktracking: needsBacktracking, anchoredAtStart: Self.isAnchoredAtStart(node))
    }

    private init(pattern: String, groupCount: Int) {
        self.pattern = pattern
        self.groupCount = groupCount
    }

    private static func isAnchoredAtStart(_ node: RegexNode) -> Bool {
        switch node {
        case .assertion(.start): true
        case .concatenation(let nodes): nodes.first.map(isAnchoredAtStart) ?? false
        case .alternation(let nodes): nodes.allSatisfy(isAnchoredAtStart)
        case .group(let inner, _): isAnchoredAtStart(inner)
        default: false
        }
    }

    @discardableResult
    private mutating func emit(_ instruction: RegexInstruction) throws(RegexSyntaxError) -> Int {
        guard instructions.count < Self.maximumInstructions else {
            throw RegexSyntaxError(
                pattern: pattern, offset: 0, message: "pattern is too large once its repetitions are expanded")
        }
        instructions.append(instruction)
        return instructions.count - 1
    }

    private var nextIndex: Int { instructions.count }

    private mutating func setIndex(_ set: RegexCharSet) -> Int {
        if let index = setIndices[set] { return index }
        sets.append(set)
        setIndices[set] = sets.count - 1
        return sets.count - 1
    }

    private mutating func compile(_ node: RegexNode, backward: Bool) throws(RegexSyntaxError) {
        switch node {
        case .empty:
            break
        case .scalar(let value):
            try emit(backward ? .scalarBackward(value) : .scalar(value))
        case .set(let set):
            let index = setIndex(set)
            try emit(backward ? .setBackward(index) : .set(index))
        case .concatenation(let nodes):
            // A lookbehind matches right to left, so its sequence is compiled in reverse.
            for child in backward ? nodes.reversed() : nodes {
                try compile(child, backward: backward)
            }
        case .alternation(let nodes):
            var jumps: [Int] = []
            for (offset, child) in nodes.enumerated() {
                if offset < nodes.count - 1 {
                    let split = try emit(.split(0, 0))
                    try compile(child, backward: backward)
                    jumps.append(try emit(.jump(0)))
                    instructions[split] = .split(split + 1, nextIndex)
                } else {
                    try compile(child, backward: backward)
                }
            }
            for jump in jumps { instructions[jump] = .jump(nextIndex) }
        case .group(let inner, let capture):
            guard let capture else {
                try compile(inner, backward: backward)
                return
            }
            let startSlot = 2 * (capture - 1)
            try emit(.save(backward ? startSlot + 1 : startSlot))
            try compile(inner, backward: backward)
            try emit(.save(backward ? startSlot : startSlot + 1))
        case .quantified(let inner, let min, let max, let greedy):
            try compileQuantified(inner, min: min, max: max, greedy: greedy, backward: backward)
        case .assertion(let assertion):
            try emit(.assertion(assertion))
        case .lookaround(let inner, let ahead, let negated):
            let look = try emit(.lookaround(next: 0, ahead: ahead, negated: negated))
            try compile(inner, backward: !ahead)
            try emit(.match)
            instructions[look] = .lookaround(next: nextIndex, ahead: ahead, negated: negated)
        case .backreference(let group):
            try emit(.backreference(group: group, backward: backward))
        }
    }

    private mutating func compileQuantified(_ inner: RegexNode, min: Int, max: Int?, greedy: Bool, backward: Bool)
        throws(RegexSyntaxError)
    {
        // Checked before expanding, since a body that compiles to nothing would never hit the size limit.
        guard min <= Self.maximumInstructions, (max ?? 0) <= Self.maximumInstructions else {
            throw RegexSyntaxError(pattern: pattern, offset: 0, message: "repetition count is too large")
        }
        let captures = inner.captureRange
        for _ in 0..<min {
            if let captures { try emit(.clearCaptures(captures)) }
            try compile(inner, backward: backward)
        }
        if let max, max <= min { return }
        // Iterations past the minimum must consume input (ECMA-262 RepeatMatcher step 2.b).
        let mark = inner.canMatchEmpty ? allocateMark() : nil
        func emitIteration(_ compiler: inout RegexCompiler) throws(RegexSyntaxError) {
            if let captures { try compiler.emit(.clearCaptures(captures)) }
            if let mark { try compiler.emit(.mark(mark)) }
            try compiler.compile(inner, backward: backward)
            if let mark { try compiler.emit(.checkProgress(mark)) }
        }
        guard let max else {
            let loop = try emit(.split(0, 0))
            try emitIteration(&self)
            try emit(.jump(loop))
            instructions[loop] = greedy ? .split(loop + 1, nextIndex) : .split(nextIndex, loop + 1)
            return
        }
        // Optional copies nest, (x(x(x)?)?)?, which keeps the linear engine's thread count low.
        var splits: [Int] = []
        for _ in min..<max {
            splits.append(try emit(.split(0, 0)))
            try emitIteration(&self)
        }
        let end = nextIndex
        for split in splits {
            instructions[split] = greedy ? .split(split + 1, end) : .split(end, split + 1)
        }
    }

    private mutating func allocateMark() -> Int {
        markCount += 1
        return 2 * groupCount + markCount - 1
    }
}
