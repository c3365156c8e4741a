import Testing

@testable import JSONSchema

/// `JSONNumber.doubleValue` must be the correctly rounded `Double` of its literal, whether it comes from the
/// fast path (digits and power of ten both exact) or from `strtod`.
struct JSONNumberDoubleTests {
    @Test(arguments: [
        "1e-05", "12.5", "780.2", "0.1", "2.5", "-0.25", "1e22", "-1e-22", "123.456e3", "0.000001",
        "9007199254740992.0", "1E+2", "5e-324",
    ])
    func typicalLiteralsMatchStrtod(literal: String) throws {
        let number = try #require(JSONNumber(literal: literal))
        let expected = try #require(Double(literal))
        #expect(number.doubleValue.bitPattern == expected.bitPattern, "\(literal)")
    }

    @Test func typicalParametersTakeTheFastPath() {
        // 2^53 is the largest digit string taken, ±22 the widest exponents.
        for literal in ["1e-05", "12.5", "780.2", "0.1", "2.5", "1e22", "1e-22", "4.0", "9007199254740992e0"] {
            #expect(JSONNumber.fastDouble(Array(literal.utf8)) != nil, "\(literal)")
        }
    }

    @Test(arguments: [
        // Digits beyond 2^53, exponents beyond ±22, more than 19 significant digits: left to strtod.
        "9007199254740993.0", "9007199254740993e0", "1e23", "1e-23", "12345678901234567890.5",
        "0.30000000000000000000001", "1e400", "1e-400",
        // 19 digits, the most that cannot overflow 64 bits, but above 2^53.
        "1844674407370955161.7",
    ])
    func literalsOutsideTheFastPathAreLeftToStrtod(literal: String) throws {
        #expect(JSONNumber.fastDouble(Array(literal.utf8)) == nil)
        let number = try #require(JSONNumber(literal: literal))
        let expected = try #require(Double(literal))
        #expect(number.doubleValue.bitPattern == expected.bitPattern, "\(literal)")
    }

    @Test func negativeZeroKeepsItsSign() throws {
        let number = try #require(JSONNumber(literal: "-0.0"))
        #expect(number.doubleValue == 0 && number.doubleValue.sign == .minus)
    }

    /// 200,000 random literals of every shape, compared bit for bit with Swift's `Double(String)`.
    @Test func randomLiteralsMatchStrtodBitForBit() throws {
        var random = SplitMix64(seed: 0x7E57_C0DE)
        var fast = 0
        for _ in 0..<200_000 {
            let literal = randomLiteral(&random)
            let number = try #require(JSONNumber(literal: literal), "\(literal)")
            let expected = try #require(Double(literal), "\(literal)")
            guard number.doubleValue.bitPattern == expected.bitPattern else {
                Issue.record("\(literal): \(number.doubleValue) instead of \(expected)")
                return
            }
            if JSONNumber.fastDouble(Array(literal.utf8)) != nil { fast += 1 }
        }
        // Both paths must have been exercised for the comparison to mean anything.
        #expect(fast > 20_000 && fast < 180_000, "\(fast) of 200,000 took the fast path")
    }

    private func randomLiteral(_ random: inout SplitMix64) -> String {
        var literal = random.next() % 4 == 0 ? "-" : ""
        let integerDigits = Int(random.next() % 12)
        if integerDigits == 0 {
            literal += "0"
        } else {
            literal += String(1 + random.next() % 9)
            for _ in 1..<integerDigits { literal += String(random.next() % 10) }
        }
        let fractionDigits = Int(random.next() % 12)
        // Sometimes a fraction, always when there is nothing else to make the literal non-integer.
        if fractionDigits > 0 || random.next() % 2 == 0 {
            literal += "."
            for _ in 0..<max(1, fractionDigits) { literal += String(random.next() % 10) }
        }
        if random.next() % 2 == 0 {
            literal += random.next() % 2 == 0 ? "e" : "E"
            switch random.next() % 3 {
            case 0: literal += "-"
            case 1: literal += "+"
            default: break
            }
            literal += String(random.next() % 40)
        } else if !literal.contains(".") {
            literal += ".0"
        }
        return literal
    }
}

/// A small seeded generator, so that a failing literal can be reproduced.
private struct SplitMix64 {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
