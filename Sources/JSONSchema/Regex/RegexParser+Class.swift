extension RegexParser {
    /// Parses `[…]` or `[^…]` starting at `[`.
    mutating func parseClass() throws(RegexSyntaxError) -> RegexCharSet {
        let start = index
        index += 1
        let negated = consume("^")
        var set = RegexCharSet()
        while current != "]" {
            guard current != nil else { throw error("unterminated character class", at: start) }
            let atomStart = index
            let low = try parseClassAtom()
            if current == "-", let next = peek(1), next != "]" {
                index += 1
                let high = try parseClassAtom()
                guard case .scalar(let lowValue) = low, case .scalar(let highValue) = high else {
                    throw error("a class escape cannot be the end of a range", at: atomStart)
                }
                guard lowValue <= highValue else { throw error("range out of order in character class", at: atomStart) }
                set.add(lowValue...highValue)
            } else {
                switch low {
                case .scalar(let value): set.add(value...value)
                case .set(let other): set.add(other)
                }
            }
        }
        index += 1
        set.normalize()
        if negated { set.invert() }
        return set
    }

    private enum ClassAtom {
        case scalar(UInt32)
        case set(RegexCharSet)
    }

    private mutating func parseClassAtom() throws(RegexSyntaxError) -> ClassAtom {
        guard let scalar = current else { throw error("unterminated character class") }
        index += 1
        guard scalar == "\\" else { return .scalar(scalar.value) }
        guard let next = current else { throw error("'\\' at end of pattern", at: index - 1) }
        if next == "b" {
            index += 1
            return .scalar(0x08)
        }
        if ("1"..."9").contains(next) {
            throw error("backreferences are not allowed in a character class", at: index - 1)
        }
        if let set = try parseClassEscape() {
            return .set(set)
        }
        return .scalar(try parseCharacterEscape(inClass: true))
    }
}
