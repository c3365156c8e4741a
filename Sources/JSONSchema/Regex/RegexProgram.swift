/// One instruction of a compiled pattern. Both engines run the same program.
enum RegexInstruction: Sendable {
    /// Consume this code point.
    case scalar(UInt32)
    /// Consume a code point in `RegexProgram.sets[index]`.
    case set(Int)
    /// Consume this code point reading backwards (inside a lookbehind).
    case scalarBackward(UInt32)
    /// Consume a code point of a set reading backwards (inside a lookbehind).
    case setBackward(Int)
    /// Continue at the first target; on failure, at the second.
    case split(Int, Int)
    /// Continue at the target.
    case jump(Int)
    /// Record the position in a capture slot.
    case save(Int)
    /// A zero-width assertion.
    case assertion(RegexAssertion)
    /// Run the body (from the next instruction to its own `match`) at the current position without
    /// consuming input, then continue at `next` if it matched (or did not, when `negated`).
    case lookaround(next: Int, ahead: Bool, negated: Bool)
    /// Consume the text group `group` captured (reading backwards inside a lookbehind).
    case backreference(group: Int, backward: Bool)
    /// Record the position in a slot at the start of a loop iteration.
    case mark(Int)
    /// Fail if the position equals the slot: ECMA-262 rejects a loop iteration that matched empty.
    case checkProgress(Int)
    /// Forget the captures of these groups, as ECMA-262 does at the start of each loop iteration.
    case clearCaptures(ClosedRange<Int>)
    /// The pattern (or a lookaround body) matched.
    case match
}

/// A compiled pattern: instructions, the sets they refer to, and what the engines need to know.
///
/// A final class of constants, so that copying an `ECMARegex` (as every call through a closure does)
/// costs one reference count instead of one per array.
final class RegexProgram: Sendable {
    let instructions: [RegexInstruction]
    let sets: [RegexCharSet]
    /// The sets' ASCII bitmaps, in a flat array the engines read without reference counting.
    let asciiSets: [RegexASCIIBitmap]
    /// Capture slots (two per group) plus loop-progress marks.
    let slotCount: Int
    /// Whether the program has lookarounds or backreferences, which the linear-time engine cannot run.
    let needsBacktracking: Bool
    /// Whether every match must start at position 0 (the pattern begins with `^` in every alternative).
    let anchoredAtStart: Bool
    /// The bytes a match can begin with, when that is a useful restriction for an unanchored search.
    let firstBytes: RegexFirstByteFilter?

    init(
        instructions: [RegexInstruction], sets: [RegexCharSet], slotCount: Int, needsBacktracking: Bool,
        anchoredAtStart: Bool
    ) {
        self.instructions = instructions
        self.sets = sets
        self.asciiSets = sets.map(\.ascii)
        self.slotCount = slotCount
        self.needsBacktracking = needsBacktracking
        self.anchoredAtStart = anchoredAtStart
        self.firstBytes = anchoredAtStart ? nil : RegexFirstByteFilter(instructions: instructions, sets: sets)
    }
}
