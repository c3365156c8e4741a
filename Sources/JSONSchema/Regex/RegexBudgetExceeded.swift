/// Matching gave up because it needed more steps than the regex's step limit allows, which is what a
/// pathological pattern (catastrophic backtracking) on a hostile input would otherwise turn into.
public struct RegexBudgetExceeded: Error, Sendable, CustomStringConvertible {
    /// The pattern whose evaluation ran out of steps.
    public let pattern: String

    /// Creates the error for `pattern`.
    public init(pattern: String) {
        self.pattern = pattern
    }

    /// A message for a person.
    public var description: String {
        "regular expression /\(pattern)/ needed too many steps to evaluate; the pattern is too expensive"
    }
}
