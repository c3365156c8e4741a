/// An ECMA-262 regular expression as JSON Schema uses it for `pattern` and `patternProperties`: the "u"
/// flag's syntax and Unicode code points, search semantics (unanchored unless the pattern anchors), no
/// other flags.
///
/// Compile once, match many: `init` parses and compiles to a compact program; `matches` runs it over
/// the string's UTF-8 without allocating for typical patterns. Patterns without backreferences or
/// lookarounds run on a linear-time automaton; the others on a backtracker whose work is bounded by
/// `stepLimit`.
public struct ECMARegex: Sendable {
    /// The pattern as given.
    public let pattern: String
    /// The most steps one `matches` call may take before it throws `RegexBudgetExceeded`.
    public let stepLimit: Int
    let program: RegexProgram

    /// Parses and compiles `pattern`.
    ///
    /// - Parameter stepLimit: the work one `matches` call may do. The linear-time engine is also
    ///   allowed a fixed number of steps per input byte on top, so long strings against simple patterns
    ///   never hit the limit; the backtracking engine gets exactly this many steps.
    /// - Throws: `RegexSyntaxError` for a pattern ECMA-262 rejects in unicode mode, or one nested or
    ///   expanded beyond the engine's safety limits.
    public init(_ pattern: String, stepLimit: Int = 1_000_000) throws(RegexSyntaxError) {
        var parser = RegexParser(pattern)
        let node = try parser.parse()
        self.pattern = pattern
        self.stepLimit = stepLimit
        self.program = try RegexCompiler.compile(
            node, groupCount: parser.groupCount, pattern: pattern, needsBacktracking: parser.needsBacktracking)
    }

    /// Whether the pattern matches somewhere in `string`.
    ///
    /// - Throws: `RegexBudgetExceeded` when the evaluation needs more than the step limit.
    public func matches(_ string: String) throws(RegexBudgetExceeded) -> Bool {
        let result =
            string.utf8.withContiguousStorageIfAvailable(run)
            ?? {
                var copy = string
                copy.makeContiguousUTF8()
                return copy.utf8.withContiguousStorageIfAvailable(run)!
            }()
        guard let result else { throw RegexBudgetExceeded(pattern: pattern) }
        return result
    }

    /// Per-byte allowance of the linear engine, above `stepLimit`.
    private static let linearStepsPerByte = 64

    private func run(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool? {
        let input = RegexInput(bytes: bytes)
        if program.needsBacktracking {
            return RegexBacktracker.matches(program, input, budget: stepLimit)
        }
        let (perByte, overflow) = bytes.count.multipliedReportingOverflow(by: Self.linearStepsPerByte)
        return RegexPikeVM.matches(program, input, budget: overflow ? Int.max : stepLimit &+ perByte)
    }
}

extension ECMARegex {
    /// Whether `pattern` is a valid ECMA-262 regular expression (the `regex` format).
    static func isValid(_ pattern: String) -> Bool {
        (try? ECMARegex(pattern)) != nil
    }
}
