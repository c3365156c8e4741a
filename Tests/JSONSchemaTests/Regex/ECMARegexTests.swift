import Testing

@testable import JSONSchema

/// Behaviour of `ECMARegex` beyond the official suite: ECMA-262 details, safety limits, Unicode.
struct ECMARegexTests {
    private func matches(_ pattern: String, _ input: String) throws -> Bool {
        try ECMARegex(pattern).matches(input)
    }

    @Test func searchIsUnanchoredUnlessThePatternAnchors() throws {
        #expect(try matches("b+", "abbbc"))
        #expect(try !matches("^b+", "abbbc"))
        #expect(try !matches("^abc$", "abc\n"))
        #expect(try matches("^(?:a|b)c$|^x", "xyz"))
    }

    @Test func quantifiers() throws {
        #expect(try matches("^a{2,3}$", "aaa"))
        #expect(try !matches("^a{2,3}$", "aaaa"))
        #expect(try matches("^a{2,}$", "aaaaaaa"))
        #expect(try matches("^a{2}?$", "aa"))
        #expect(try matches("^(?:ab)*?c$", "ababc"))
        #expect(try matches("^[a-z][a-z0-9_-]{0,31}$", "job_name-1"))
        #expect(try !matches("^[a-z][a-z0-9_-]{0,31}$", "Job"))
    }

    @Test func classesAndEscapes() throws {
        #expect(try matches("^[^abc]$", "d"))
        #expect(try !matches("^[^abc]$", "b"))
        #expect(try matches("^[\\w.-]+@[\\d]+$", "a.b-c@42"))
        #expect(try matches("^\\x41\\u0042\\u{43}\\cJ\\t$", "ABC\n\t"))
        #expect(try matches("^[\\b]$", "\u{8}"))
        #expect(try matches("\\bword\\b", "a word here"))
        #expect(try !matches("\\bword\\b", "swordfish"))
        #expect(try matches("^\\$\\^\\.\\*\\/$", "$^.*/"))
        #expect(try matches("^[]$|^x$", "x"))
        #expect(try matches("^[^]$", "\n"))
    }

    @Test func ecmaCharacterClassesDifferFromPCRE() throws {
        #expect(try !matches("^\\d$", "\u{0661}"))  // Arabic-Indic one: not \d in ECMA-262
        #expect(try !matches("^\\w$", "é"))
        #expect(try matches("^\\s$", "\u{FEFF}"))
        #expect(try matches("^\\s$", "\u{3000}"))
        #expect(try !matches("^.$", "\u{2028}"))
        #expect(try matches("^.$", "😀"))
        #expect(try !matches("^..$", "😀"))
    }

    @Test func unicodeProperties() throws {
        #expect(try matches("^\\p{L}+$", "héllo"))
        #expect(try matches("^\\p{Lu}\\p{Ll}+$", "Ğüzel"))
        #expect(try matches("^\\p{digit}+$", "\u{0661}\u{0662}"))
        #expect(try matches("^\\P{L}+$", "123"))
        #expect(try matches("^\\p{General_Category=Decimal_Number}$", "7"))
        #expect(try matches("^[\\p{L}\\p{Nd}]+$", "ab12"))
        #expect(try !matches("^[^\\P{L}]+$", "ab1"))
        #expect(try matches("^\\p{Emoji_Presentation}$", "😀"))
        #expect(throws: RegexSyntaxError.self) { try ECMARegex("\\p{NotAProperty}") }
    }

    @Test func astralCodePoints() throws {
        #expect(try matches("^\\u{1F600}$", "😀"))
        #expect(try matches("^\\uD83D\\uDE00$", "😀"))
        #expect(try matches("^[😀-😂]+$", "😁😂"))
        #expect(try !matches("^[😀-😂]$", "😃"))
    }

    @Test func groupsBackreferencesAndLookaround() throws {
        #expect(try matches("^(a|b)\\1$", "bb"))
        #expect(try !matches("^(a|b)\\1$", "ab"))
        #expect(try matches("^(?<q>['\"]).*\\k<q>$", "'text'"))
        #expect(try !matches("^(?<q>['\"]).*\\k<q>$", "'text\""))
        #expect(try matches("^(?=.*\\d)(?=.*[a-z]).{6,}$", "abc123"))
        #expect(try !matches("^(?=.*\\d)(?=.*[a-z]).{6,}$", "abcdef"))
        #expect(try matches("^(?!admin$)\\w+$", "administrator"))
        #expect(try !matches("^(?!admin$)\\w+$", "admin"))
        #expect(try matches("(?<=\\$)\\d+", "cost: $42"))
        #expect(try !matches("(?<!\\$)\\b\\d+", "$42"))
        #expect(try matches("(?<=a+)b", "aaab"))
        // ECMA-262: an unset group's backreference matches empty; empty loop iterations stop the loop.
        #expect(try matches("^(a)?\\1b$", "b"))
        #expect(try matches("^(?:a*)*$", "aaa"))
    }

    @Test func syntaxErrorsNameTheOffset() {
        let cases: [(String, Int)] = [("ab(", 2), ("a)", 1), ("a**", 2), ("[z-a]", 1), ("\\k<x>", 0), ("x{3,1}", 1)]
        for (pattern, offset) in cases {
            #expect {
                try ECMARegex(pattern)
            } throws: { error in
                (error as? RegexSyntaxError)?.offset == offset
            }
        }
    }

    @Test(arguments: [
        "(?P<name>x)", "(?#comment)", "(?i)abc", "\\a", "a{", "}", "]", "\\1", "(a)\\2", "(?=a)*", "\\c1", "\\x4",
        "\\u{110000}", "[\\d-z]", "(?<n>a)(?<n>b)", "\\00",
    ])
    func rejectsWhatUnicodeModeRejects(_ pattern: String) {
        #expect(throws: RegexSyntaxError.self) { try ECMARegex(pattern) }
    }

    @Test func deepNestingIsASyntaxErrorNotACrash() {
        let open = String(repeating: "(", count: 10_000)
        #expect(throws: RegexSyntaxError.self) { try ECMARegex(open) }
        #expect(throws: RegexSyntaxError.self) {
            try ECMARegex(open + "a" + String(repeating: ")", count: 10_000))
        }
        let lookarounds = String(repeating: "(?=", count: 10_000)
        #expect(throws: RegexSyntaxError.self) { try ECMARegex(lookarounds) }
    }

    @Test func moderateNestingWorks() throws {
        let depth = 100
        let pattern = "^" + String(repeating: "(?:a|", count: depth) + "b" + String(repeating: ")", count: depth) + "$"
        #expect(try ECMARegex(pattern).matches("b"))
    }

    @Test func hugeRepetitionsAreRejectedAtCompileTime() {
        #expect(throws: RegexSyntaxError.self) { try ECMARegex("a{1000000}") }
        #expect(throws: RegexSyntaxError.self) { try ECMARegex("(?:){99999999999}") }
        #expect(throws: RegexSyntaxError.self) { try ECMARegex("((a{1000}){1000}){1000}") }
    }

    @Test func catastrophicPatternIsLinearWithoutBackreferences() throws {
        let input = String(repeating: "a", count: 33) + "!"
        let clock = ContinuousClock()
        let start = clock.now
        #expect(try !ECMARegex("^(a+)+$").matches(input))
        #expect(try !ECMARegex("^(a|a)*$").matches(String(repeating: "a", count: 5000) + "!"))
        #expect(try !ECMARegex("^(a*)*b$").matches(String(repeating: "a", count: 5000)))
        #expect(clock.now - start < .seconds(2))
    }

    @Test func catastrophicBacktrackingThrowsBudgetExceeded() throws {
        // The lookahead forces the backtracking engine, where nested quantifiers explode.
        let regex = try ECMARegex("^(a+)+(?=b)", stepLimit: 100_000)
        #expect(throws: RegexBudgetExceeded.self) {
            try regex.matches(String(repeating: "a", count: 40) + "!")
        }
        #expect(try regex.matches("aaab"))
        let backreference = try ECMARegex("^(a|aa)+\\1$", stepLimit: 100_000)
        #expect(throws: RegexBudgetExceeded.self) {
            try backreference.matches(String(repeating: "a", count: 60) + "b")
        }
    }

    @Test func longInputsStayWithinTheLinearAllowance() throws {
        let input = String(repeating: "abc", count: 400_000)
        #expect(try ECMARegex("^[a-c]*$", stepLimit: 1000).matches(input))
    }

    @Test func errorsDescribeThemselves() {
        let syntax = RegexSyntaxError(pattern: "a(", offset: 1, message: "unterminated group")
        #expect(syntax.description.contains("offset 1"))
        #expect(RegexBudgetExceeded(pattern: "x").description.contains("/x/"))
    }
}
