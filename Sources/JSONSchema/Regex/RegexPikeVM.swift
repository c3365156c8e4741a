/// The linear-time engine: a Thompson NFA simulation (Pike VM without captures, since JSON Schema only
/// asks whether a pattern matches). Each input scalar advances every live thread at most once, so the
/// cost is O(input × program) whatever the pattern, and `^(a+)+$` cannot blow up.
enum RegexPikeVM {
    /// Whether `program` matches anywhere in `input`; nil when it needs more than `budget` steps.
    static func matches(_ program: RegexProgram, _ input: RegexInput, budget: Int) -> Bool? {
        let size = program.instructions.count
        return program.instructions.withUnsafeBufferPointer { instructions in
            program.asciiSets.withUnsafeBufferPointer { asciiSets in
                // One allocation for both thread lists, the visit stamps and the closure stack; small
                // programs get it on the stack.
                // 4 bytes of visit stamp and 3 × 2 bytes of list and stack entries per instruction
                // (programs are capped well below 65,536 instructions).
                withUnsafeTemporaryAllocation(byteCount: 10 * size, alignment: 4) { memory in
                    var state = State(
                        instructions: instructions, sets: program.sets, asciiSets: asciiSets, input: input,
                        memory: memory.baseAddress!, size: size,
                        budget: budget)
                    return state.run(anchored: program.anchoredAtStart, firstBytes: program.firstBytes)
                }
            }
        }
    }

    private struct State {
        let instructions: UnsafeBufferPointer<RegexInstruction>
        let sets: [RegexCharSet]
        let asciiSets: UnsafeBufferPointer<RegexASCIIBitmap>
        let input: RegexInput
        var current: UnsafeMutablePointer<UInt16>
        var next: UnsafeMutablePointer<UInt16>
        /// `visited[pc] == generation` when `pc` is already on the list being built.
        let visited: UnsafeMutablePointer<UInt32>
        let stack: UnsafeMutablePointer<UInt16>
        var currentCount = 0
        var nextCount = 0
        var generation: UInt32 = 1
        var steps = 0
        let budget: Int

        init(
            instructions: UnsafeBufferPointer<RegexInstruction>, sets: [RegexCharSet],
            asciiSets: UnsafeBufferPointer<RegexASCIIBitmap>,
            input: RegexInput, memory: UnsafeMutableRawPointer, size: Int, budget: Int
        ) {
            self.instructions = instructions
            self.sets = sets
            self.asciiSets = asciiSets
            self.input = input
            visited = memory.bindMemory(to: UInt32.self, capacity: size)
            let lists = (memory + 4 * size).bindMemory(to: UInt16.self, capacity: 3 * size)
            current = lists
            next = lists + size
            stack = lists + 2 * size
            visited.initialize(repeating: 0, count: size)
            self.budget = budget
        }

        enum Outcome {
            case matched, pending, exhausted
        }

        mutating func run(anchored: Bool, firstBytes: RegexFirstByteFilter?) -> Bool? {
            var position = 0
            while true {
                if currentCount == 0, let firstBytes {
                    // No thread is alive: jump to the next byte that can begin a match.
                    while position < input.count && !firstBytes.contains(input.bytes[position]) { position += 1 }
                    if position == input.count { return false }
                }
                if position == 0 || !anchored {
                    // Adding the start thread at every position is the unanchored search.
                    switch addThread(0, toNext: false, at: position) {
                    case .matched: return true
                    case .exhausted: return nil
                    case .pending: break
                    }
                }
                if position >= input.count || (currentCount == 0 && anchored) { return false }
                let (value, length) = input.scalar(at: position)
                let after = position + length
                generation += 1
                nextCount = 0
                for index in 0..<currentCount {
                    let pc = Int(current[index])
                    let accepted: Bool
                    switch instructions[pc] {
                    case .scalar(let expected): accepted = value == expected
                    case .set(let set):
                        accepted = value < 128 ? asciiSets[set].contains(value) : sets[set].slowContains(value)
                    default: accepted = false
                    }
                    if accepted {
                        switch addThread(pc + 1, toNext: true, at: after) {
                        case .matched: return true
                        case .exhausted: return nil
                        case .pending: break
                        }
                    }
                }
                steps += currentCount
                swap(&current, &next)
                currentCount = nextCount
                position = after
            }
        }

        /// Follows the empty transitions from `start` and puts the consuming instructions reached on
        /// the current or next list.
        private mutating func addThread(_ start: Int, toNext: Bool, at position: Int) -> Outcome {
            guard visited[start] != generation else { return .pending }
            visited[start] = generation
            var depth = 1
            stack[0] = UInt16(start)
            while depth > 0 {
                depth -= 1
                let pc = Int(stack[depth])
                steps += 1
                switch instructions[pc] {
                case .scalar, .set:
                    if toNext {
                        next[nextCount] = UInt16(pc)
                        nextCount += 1
                    } else {
                        current[currentCount] = UInt16(pc)
                        currentCount += 1
                    }
                case .match:
                    return .matched
                case .jump(let target):
                    push(target, &depth)
                case .split(let first, let second):
                    push(second, &depth)
                    push(first, &depth)
                case .save, .mark, .checkProgress, .clearCaptures:
                    push(pc + 1, &depth)
                case .assertion(let assertion):
                    if input.holds(assertion, at: position) { push(pc + 1, &depth) }
                case .scalarBackward, .setBackward, .lookaround, .backreference:
                    // Programs with these run on the backtracker; never reached here.
                    break
                }
            }
            return steps > budget ? .exhausted : .pending
        }

        @inline(__always)
        private func push(_ pc: Int, _ depth: inout Int) {
            guard visited[pc] != generation else { return }
            visited[pc] = generation
            stack[depth] = UInt16(pc)
            depth += 1
        }
    }
}
