/// The bytes a match can start with, so an unanchored search skips positions that cannot begin one
/// instead of starting a thread at every byte.
struct RegexFirstByteFilter: Sendable {
    private var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)

    @inline(__always)
    func contains(_ byte: UInt8) -> Bool {
        let bit = UInt64(1) << UInt64(byte & 63)
        switch byte >> 6 {
        case 0: return words.0 & bit != 0
        case 1: return words.1 & bit != 0
        case 2: return words.2 & bit != 0
        default: return words.3 & bit != 0
        }
    }

    private mutating func insert(_ byte: UInt8) {
        let bit = UInt64(1) << UInt64(byte & 63)
        switch byte >> 6 {
        case 0: words.0 |= bit
        case 1: words.1 |= bit
        case 2: words.2 |= bit
        default: words.3 |= bit
        }
    }

    /// Every UTF-8 lead byte of a multi-byte scalar.
    private mutating func insertNonASCII() {
        for byte in UInt8(0xC0)...0xF7 { insert(byte) }
    }

    /// The filter for `instructions`, or nil when a match may be empty or start with anything the
    /// filter cannot describe (a lookaround or backreference first).
    init?(instructions: [RegexInstruction], sets: [RegexCharSet]) {
        var visited = Set<Int>()
        var pending = [0]
        while let pc = pending.popLast() {
            guard visited.insert(pc).inserted else { continue }
            switch instructions[pc] {
            case .scalar(let value):
                if value < 0x80 { insert(UInt8(value)) } else { insertNonASCII() }
            case .set(let index):
                for value in UInt32(0)..<0x80 where sets[index].contains(value) { insert(UInt8(value)) }
                if sets[index].mayContainNonASCII { insertNonASCII() }
            case .jump(let target):
                pending.append(target)
            case .split(let first, let second):
                pending.append(first)
                pending.append(second)
            case .save, .mark, .checkProgress, .clearCaptures, .assertion:
                // Following an assertion without checking it only adds bytes, which stays correct.
                pending.append(pc + 1)
            case .match, .lookaround, .backreference, .scalarBackward, .setBackward:
                return nil
            }
        }
    }
}
