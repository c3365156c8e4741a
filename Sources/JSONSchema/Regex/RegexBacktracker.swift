/// The engine for patterns with backreferences or lookarounds, which a linear-time automaton cannot
/// run: a backtracking VM with an explicit stack (no recursion except one level per nested
/// lookaround) and a step budget, so catastrophic backtracking ends in `RegexBudgetExceeded`.
struct RegexBacktracker {
    private let program: RegexProgram
    private let input: RegexInput
    private let budget: Int
    private var steps = 0
    /// Capture slots and loop marks; -1 is unset.
    private var slots: [Int]
    private var stack: [Frame] = []

    private enum Frame {
        /// Resume at `pc` and `position` when what follows fails.
        case branch(pc: Int, position: Int)
        /// Undo a slot write when backtracking past it.
        case restore(slot: Int, value: Int)
        /// The bottom of a lookaround's stack: backtracking never goes below it.
        case barrier
    }

    /// Thrown internally when the budget runs out.
    struct Exhausted: Error {}

    /// Whether `program` matches anywhere in `input`; nil when it needs more than `budget` steps.
    static func matches(_ program: RegexProgram, _ input: RegexInput, budget: Int) -> Bool? {
        var machine = RegexBacktracker(program: program, input: input, budget: budget)
        do {
            var start = 0
            while true {
                if let filter = program.firstBytes {
                    while start < input.count && !filter.contains(input.bytes[start]) { start += 1 }
                    if start == input.count { return false }
                }
                if try machine.run(from: 0, at: start) != nil { return true }
                if program.anchoredAtStart || start >= input.count { return false }
                start += input.scalar(at: start).length
                for slot in machine.slots.indices { machine.slots[slot] = -1 }
            }
        } catch {
            return nil
        }
    }

    private init(program: RegexProgram, input: RegexInput, budget: Int) {
        self.program = program
        self.input = input
        self.budget = budget
        self.slots = Array(repeating: -1, count: program.slotCount)
    }

    /// Runs from `startPC` at `startPosition` until a `match` instruction; returns the end position.
    private mutating func run(from startPC: Int, at startPosition: Int) throws(Exhausted) -> Int? {
        let base = stack.count
        stack.append(.barrier)
        defer { stack.removeSubrange(base...) }
        var pc = startPC
        var position = startPosition
        while true {
            steps += 1
            if steps > budget { throw Exhausted() }
            var failed = false
            switch program.instructions[pc] {
            case .scalar(let expected):
                if position < input.count, case let (value, length) = input.scalar(at: position), value == expected {
                    position += length
                    pc += 1
                } else {
                    failed = true
                }
            case .set(let set):
                if position < input.count, case let (value, length) = input.scalar(at: position),
                    program.sets[set].contains(value)
                {
                    position += length
                    pc += 1
                } else {
                    failed = true
                }
            case .scalarBackward(let expected):
                if position > 0, case let (value, length) = input.scalar(before: position), value == expected {
                    position -= length
                    pc += 1
                } else {
                    failed = true
                }
            case .setBackward(let set):
                if position > 0, case let (value, length) = input.scalar(before: position),
                    program.sets[set].contains(value)
                {
                    position -= length
                    pc += 1
                } else {
                    failed = true
                }
            case .split(let first, let second):
                stack.append(.branch(pc: second, position: position))
                pc = first
            case .jump(let target):
                pc = target
            case .save(let slot), .mark(let slot):
                write(slot, position)
                pc += 1
            case .checkProgress(let slot):
                if slots[slot] == position { failed = true } else { pc += 1 }
            case .clearCaptures(let groups):
                for slot in (2 * (groups.lowerBound - 1))..<(2 * groups.upperBound) where slots[slot] != -1 {
                    write(slot, -1)
                }
                pc += 1
            case .assertion(let assertion):
                if input.holds(assertion, at: position) { pc += 1 } else { failed = true }
            case .lookaround(let next, _, let negated):
                let saved = slots
                let matched = try run(from: pc + 1, at: position) != nil
                if matched == negated {
                    slots = saved
                    failed = true
                } else if negated {
                    // A negative lookaround leaves no captures behind.
                    slots = saved
                    pc = next
                } else {
                    // Lookarounds are atomic: keep the captures they set, undoable as one step.
                    for slot in slots.indices where slots[slot] != saved[slot] {
                        stack.append(.restore(slot: slot, value: saved[slot]))
                    }
                    pc = next
                }
            case .backreference(let group, let backward):
                let start = slots[2 * (group - 1)]
                let end = slots[2 * (group - 1) + 1]
                if start < 0 || end < 0 {
                    pc += 1  // An unset group matches the empty string.
                } else if let moved = compare(start..<end, at: position, backward: backward) {
                    position = moved
                    pc += 1
                } else {
                    failed = true
                }
            case .match:
                return position
            }
            if failed {
                guard let resumed = backtrack() else { return nil }
                (pc, position) = resumed
            }
        }
    }

    private mutating func write(_ slot: Int, _ value: Int) {
        stack.append(.restore(slot: slot, value: slots[slot]))
        slots[slot] = value
    }

    /// Pops to the latest branch, undoing slot writes; nil when the barrier is reached.
    private mutating func backtrack() -> (Int, Int)? {
        while let frame = stack.last {
            switch frame {
            case .barrier:
                return nil
            case .restore(let slot, let value):
                stack.removeLast()
                slots[slot] = value
            case .branch(let pc, let position):
                stack.removeLast()
                return (pc, position)
            }
        }
        return nil
    }

    /// Compares the captured bytes with the input at `position`; the new position if they are equal.
    private mutating func compare(_ captured: Range<Int>, at position: Int, backward: Bool) -> Int? {
        let length = captured.count
        let begin = backward ? position - length : position
        guard begin >= 0, begin + length <= input.count else { return nil }
        steps += length
        for offset in 0..<length where input.bytes[captured.lowerBound + offset] != input.bytes[begin + offset] {
            return nil
        }
        return backward ? begin : position + length
    }
}
