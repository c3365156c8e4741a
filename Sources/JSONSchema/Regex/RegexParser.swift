/// Parses an ECMA-262 pattern with the "u" flag into a `RegexNode`.
///
/// The parser is recursive descent with a hard nesting limit, so a hostile pattern such as 10,000 `(`
/// is a syntax error instead of a stack overflow.
struct RegexParser {
    /// Groups nested deeper than this are rejected; real schemas nest a handful of levels.
    static let maximumNesting = 128

    let pattern: String
    let scalars: [Unicode.Scalar]
    var index = 0
    private var depth = 0
    private var nextGroup = 1
    /// Number of capturing groups in the whole pattern (from a pre-scan, so `\2` may precede group 2).
    private(set) var groupCount = 0
    /// Group names to numbers (from the same pre-scan, so `\k<n>` may precede `(?<n>…)`).
    private var groupNames: [String: Int] = [:]
    /// Whether the pattern uses a feature only the backtracking engine runs.
    private(set) var needsBacktracking = false

    init(_ pattern: String) {
        self.pattern = pattern
        self.scalars = Array(pattern.unicodeScalars)
    }

    /// Parses the whole pattern.
    mutating func parse() throws(RegexSyntaxError) -> RegexNode {
        try scanGroups()
        let node = try parseDisjunction()
        if index < scalars.count {
            // Only an unmatched `)` stops a top-level disjunction early.
            throw error("unmatched ')'")
        }
        return node
    }

    func error(_ message: String, at offset: Int? = nil) -> RegexSyntaxError {
        RegexSyntaxError(pattern: pattern, offset: offset ?? index, message: message)
    }

    var current: Unicode.Scalar? { index < scalars.count ? scalars[index] : nil }

    func peek(_ offset: Int) -> Unicode.Scalar? {
        index + offset < scalars.count ? scalars[index + offset] : nil
    }

    mutating func consume(_ scalar: Unicode.Scalar) -> Bool {
        guard current == scalar else { return false }
        index += 1
        return true
    }

    // MARK: - Structure

    private mutating func parseDisjunction() throws(RegexSyntaxError) -> RegexNode {
        var alternatives = [try parseAlternative()]
        while consume("|") {
            alternatives.append(try parseAlternative())
        }
        return alternatives.count == 1 ? alternatives[0] : .alternation(alternatives)
    }

    private mutating func parseAlternative() throws(RegexSyntaxError) -> RegexNode {
        var terms: [RegexNode] = []
        while let scalar = current, scalar != "|", scalar != ")" {
            terms.append(try parseTerm())
        }
        switch terms.count {
        case 0: return .empty
        case 1: return terms[0]
        default: return .concatenation(terms)
        }
    }

    private mutating func parseTerm() throws(RegexSyntaxError) -> RegexNode {
        let start = index
        guard let scalar = current else { throw error("unexpected end of pattern") }
        let atom: RegexNode
        switch scalar {
        case "^":
            index += 1
            return try rejectQuantifier(.assertion(.start))
        case "$":
            index += 1
            return try rejectQuantifier(.assertion(.end))
        case "\\" where peek(1) == "b" || peek(1) == "B":
            index += 2
            return try rejectQuantifier(.assertion(scalars[index - 1] == "b" ? .wordBoundary : .notWordBoundary))
        case "(":
            if let look = try parseLookaround() {
                // Unicode mode forbids quantifying any lookaround (Annex B allows it only without "u").
                return try rejectQuantifier(look)
            }
            atom = try parseGroup()
        case "[":
            atom = .set(try parseClass())
        case ".":
            index += 1
            atom = .set(.dot)
        case "\\":
            atom = try parseAtomEscape()
        case "*", "+", "?":
            throw error("nothing to repeat")
        case "{":
            throw error(parseQuantifierPeek() ? "nothing to repeat" : "lone '{' (escape it as \\{)")
        case "}":
            throw error("lone '}' (escape it as \\})")
        case "]":
            throw error("lone ']' (escape it as \\])")
        default:
            index += 1
            atom = .scalar(scalar.value)
        }
        return try parseQuantifier(atom, atomStart: start)
    }

    private mutating func rejectQuantifier(_ node: RegexNode) throws(RegexSyntaxError) -> RegexNode {
        if let scalar = current,
            scalar == "*" || scalar == "+" || scalar == "?" || (scalar == "{" && parseQuantifierPeek())
        {
            throw error("nothing to repeat")
        }
        return node
    }

    /// Whether a `{…}` quantifier starts at the current position.
    private func parseQuantifierPeek() -> Bool {
        var probe = self
        return (try? probe.parseBraces()) != nil
    }

    /// Parses `{n}`, `{n,}` or `{n,m}` at the current position; nil (position unchanged) if it is not one.
    private mutating func parseBraces() throws(RegexSyntaxError) -> (Int, Int?)? {
        let start = index
        guard consume("{"), let low = parseNumber() else {
            index = start
            return nil
        }
        var high: Int? = low
        if consume(",") {
            high = parseNumber()
        }
        guard consume("}") else {
            index = start
            return nil
        }
        if let high, high < low {
            throw error("numbers out of order in {} quantifier", at: start)
        }
        return (low, high)
    }

    /// Decimal digits, saturating instead of overflowing (the compiler rejects large counts anyway).
    private mutating func parseNumber() -> Int? {
        var value: Int?
        while let scalar = current, ("0"..."9").contains(scalar) {
            value = min((value ?? 0) * 10 + Int(scalar.value - 0x30), 1 << 40)
            index += 1
        }
        return value
    }

    private mutating func parseQuantifier(_ atom: RegexNode, atomStart: Int) throws(RegexSyntaxError) -> RegexNode {
        let bounds: (Int, Int?)
        switch current {
        case "*":
            index += 1
            bounds = (0, nil)
        case "+":
            index += 1
            bounds = (1, nil)
        case "?":
            index += 1
            bounds = (0, 1)
        case "{":
            guard let braces = try parseBraces() else {
                throw error("incomplete quantifier (escape '{' as \\{)")
            }
            bounds = braces
        default:
            return atom
        }
        let greedy = !consume("?")
        return .quantified(atom, min: bounds.0, max: bounds.1, greedy: greedy)
    }

    private mutating func enterGroup() throws(RegexSyntaxError) {
        depth += 1
        if depth > Self.maximumNesting {
            throw error("groups nested more than \(Self.maximumNesting) deep")
        }
    }

    private mutating func closeGroup(openedAt start: Int) throws(RegexSyntaxError) {
        guard consume(")") else { throw error("unterminated group", at: start) }
        depth -= 1
    }

    private mutating func parseLookaround() throws(RegexSyntaxError) -> RegexNode? {
        let start = index
        let ahead: Bool
        let negated: Bool
        switch (peek(1), peek(2), peek(3)) {
        case ("?", "=", _): (ahead, negated) = (true, false)
        case ("?", "!", _): (ahead, negated) = (true, true)
        case ("?", "<", "="): (ahead, negated) = (false, false)
        case ("?", "<", "!"): (ahead, negated) = (false, true)
        default: return nil
        }
        index += ahead ? 3 : 4
        try enterGroup()
        let body = try parseDisjunction()
        try closeGroup(openedAt: start)
        needsBacktracking = true
        return .lookaround(body, ahead: ahead, negated: negated)
    }

    private mutating func parseGroup() throws(RegexSyntaxError) -> RegexNode {
        let start = index
        index += 1
        var capture: Int?
        if consume("?") {
            if consume(":") {
                capture = nil
            } else if current == "<" {
                index += 1
                _ = try parseGroupName()
                capture = nextGroup
                nextGroup += 1
            } else {
                throw error("invalid group: '(?' must be followed by ':', '=', '!', '<=', '<!' or '<name>'")
            }
        } else {
            capture = nextGroup
            nextGroup += 1
        }
        try enterGroup()
        let body = try parseDisjunction()
        try closeGroup(openedAt: start)
        return .group(body, capture: capture)
    }

    /// Parses `name>` after `<` (identifier characters, `$` and `_`, or `\u` escapes of them).
    mutating func parseGroupName() throws(RegexSyntaxError) -> String {
        let start = index
        var name = String.UnicodeScalarView()
        while let scalar = current, scalar != ">" {
            var value = scalar
            if scalar == "\\" {
                index += 1
                guard consume("u"), let escaped = try parseUnicodeEscapeBody(), let decoded = Unicode.Scalar(escaped)
                else { throw error("invalid escape in group name") }
                value = decoded
            } else {
                index += 1
            }
            let valid =
                name.isEmpty
                ? value.properties.isIDStart || value == "$" || value == "_"
                : value.properties.isIDContinue || value == "$" || value == "\u{200C}" || value == "\u{200D}"
            guard valid else { throw error("invalid character in group name", at: index - 1) }
            name.append(value)
        }
        guard consume(">"), !name.isEmpty else { throw error("invalid group name", at: start) }
        return String(name)
    }

    // MARK: - Escapes

    private mutating func parseAtomEscape() throws(RegexSyntaxError) -> RegexNode {
        let start = index
        index += 1
        guard let scalar = current else { throw error("'\\' at end of pattern", at: start) }
        switch scalar {
        case "1"..."9":
            guard let number = parseNumber(), number <= groupCount else {
                throw error("reference to a group that does not exist", at: start)
            }
            needsBacktracking = true
            return .backreference(number)
        case "k":
            index += 1
            guard consume("<") else { throw error("'\\k' must be followed by <name>", at: start) }
            let name = try parseGroupName()
            guard let number = groupNames[name] else {
                throw error("reference to an undefined group name '\(name)'", at: start)
            }
            needsBacktracking = true
            return .backreference(number)
        case "d", "D", "w", "W", "s", "S", "p", "P":
            return .set(try parseClassEscape()!)
        default:
            return .scalar(try parseCharacterEscape(inClass: false))
        }
    }

    /// After `\`: `d D w W s S` or `p{…}` / `P{…}` as a set; nil (nothing consumed) for anything else.
    mutating func parseClassEscape() throws(RegexSyntaxError) -> RegexCharSet? {
        guard let letter = current else { return nil }
        if let set = RegexCharSet.classEscape(letter) {
            index += 1
            return set
        }
        guard letter == "p" || letter == "P" else { return nil }
        let start = index - 1
        index += 1
        guard consume("{") else { throw error("'\\\(letter)' must be followed by {property}", at: start) }
        var name = ""
        var value: String?
        while let scalar = current, scalar != "}" {
            index += 1
            if scalar == "=" && value == nil {
                value = ""
            } else if scalar.properties.isAlphabetic || scalar == "_" || ("0"..."9").contains(scalar) {
                if value == nil { name.unicodeScalars.append(scalar) } else { value!.unicodeScalars.append(scalar) }
            } else {
                throw error("invalid character in Unicode property name", at: index - 1)
            }
        }
        guard consume("}") else { throw error("unterminated Unicode property escape", at: start) }
        guard let property = RegexUnicodeProperty.named(name, value: value) else {
            throw error("unknown or unsupported Unicode property '\(name)\(value.map { "=" + $0 } ?? "")'", at: start)
        }
        var set = RegexCharSet()
        set.add(property: property, negated: letter == "P")
        set.normalize()
        return set
    }

    /// After `\`: a CharacterEscape (control, `\c`, `\0`, `\x`, `\u`, identity), as a code point.
    mutating func parseCharacterEscape(inClass: Bool) throws(RegexSyntaxError) -> UInt32 {
        let start = index - 1
        guard let scalar = current else { throw error("'\\' at end of pattern", at: start) }
        index += 1
        switch scalar {
        case "f": return 0x0C
        case "n": return 0x0A
        case "r": return 0x0D
        case "t": return 0x09
        case "v": return 0x0B
        case "c":
            guard let letter = current, ("a"..."z").contains(letter) || ("A"..."Z").contains(letter) else {
                throw error("'\\c' must be followed by an ASCII letter", at: start)
            }
            index += 1
            return letter.value % 32
        case "0":
            if let next = current, ("0"..."9").contains(next) {
                throw error("octal escapes are not allowed in unicode mode", at: start)
            }
            return 0
        case "x":
            guard let high = hexValue(current), let low = hexValue(peek(1)) else {
                throw error("'\\x' must be followed by two hex digits", at: start)
            }
            index += 2
            return high * 16 + low
        case "u":
            guard let value = try parseUnicodeEscapeBody() else {
                throw error("'\\u' must be followed by four hex digits or {hex}", at: start)
            }
            return value
        case "-" where inClass:
            return scalar.value
        default:
            // Unicode mode allows only syntax characters and '/' here; other ASCII punctuation is
            // accepted too because real-world schemas write `\-` or `\"` and mean the character.
            if scalar.isASCII && !scalar.properties.isAlphabetic && !("0"..."9").contains(scalar) && scalar != "_" {
                return scalar.value
            }
            throw error("invalid escape '\\\(scalar)'", at: start)
        }
    }

    /// After `\u`: `XXXX` (joining a surrogate pair written as two escapes) or `{X…}`.
    mutating func parseUnicodeEscapeBody() throws(RegexSyntaxError) -> UInt32? {
        if consume("{") {
            var value: UInt32 = 0
            var digits = 0
            while let digit = hexValue(current) {
                value = value * 16 + digit
                digits += 1
                index += 1
                if value > 0x10FFFF { throw error("code point beyond U+10FFFF") }
            }
            guard digits > 0, consume("}") else { return nil }
            return value
        }
        guard let value = fourHexDigits(at: index) else { return nil }
        index += 4
        if (0xD800...0xDBFF).contains(value), peek(0) == "\\", peek(1) == "u",
            let low = fourHexDigits(at: index + 2), (0xDC00...0xDFFF).contains(low)
        {
            index += 6
            return 0x10000 + ((value - 0xD800) << 10) + (low - 0xDC00)
        }
        return value
    }

    private func fourHexDigits(at position: Int) -> UInt32? {
        guard position + 4 <= scalars.count else { return nil }
        var value: UInt32 = 0
        for offset in 0..<4 {
            guard let digit = hexValue(scalars[position + offset]) else { return nil }
            value = value * 16 + digit
        }
        return value
    }

    func hexValue(_ scalar: Unicode.Scalar?) -> UInt32? {
        guard let scalar else { return nil }
        switch scalar {
        case "0"..."9": return scalar.value - 0x30
        case "a"..."f": return scalar.value - 0x61 + 10
        case "A"..."F": return scalar.value - 0x41 + 10
        default: return nil
        }
    }

    // MARK: - Pre-scan

    /// Counts capturing groups and collects their names, as ECMA-262 does before parsing, so that
    /// references may point forward.
    private mutating func scanGroups() throws(RegexSyntaxError) {
        var probe = self
        var inClass = false
        while let scalar = probe.current {
            probe.index += 1
            switch scalar {
            case "\\": probe.index += 1
            case "[": inClass = true
            case "]": inClass = false
            case "(" where !inClass:
                if probe.current != "?" {
                    groupCount += 1
                } else if probe.peek(1) == "<", let next = probe.peek(2), next != "=", next != "!" {
                    probe.index += 2
                    groupCount += 1
                    let name = try probe.parseGroupName()
                    if groupNames[name] != nil {
                        throw error("duplicate group name '\(name)'", at: probe.index)
                    }
                    groupNames[name] = groupCount
                }
            default: break
            }
        }
    }
}
