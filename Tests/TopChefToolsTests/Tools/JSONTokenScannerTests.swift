import Testing

@testable import TopChefTools

/// The flattener's shared tokenizer steps over exactly one token, and says where malformed text stops.
struct JSONTokenScannerTests {
    /// Runs `step` on `text` and returns its answer and where it left the scanner.
    func scan(_ text: String, _ step: (inout JSONTokenScanner) -> Bool) -> (Bool, Int) {
        Array(text.utf8).withUnsafeBufferPointer { bytes in
            var scanner = JSONTokenScanner(bytes: bytes)
            let result = step(&scanner)
            return (result, scanner.index)
        }
    }

    @Test func stringsWithAndWithoutEscapes() {
        var escapes = false
        #expect(scan(#""plain" rest"#) { $0.skipString(escapes: &escapes) } == (true, 7))
        #expect(!escapes)
        #expect(scan(#""a\"b\\c\u00e9" rest"#) { $0.skipString(escapes: &escapes) } == (true, 15))
        #expect(escapes)
        // \u needs four hexadecimal digits; an unterminated string is malformed at its end.
        #expect(scan(#""\u12G4""#) { $0.skipString(escapes: &escapes) }.0 == false)
        #expect(scan(#""open"#) { $0.skipString(escapes: &escapes) } == (false, 5))
    }

    @Test func compositesCountBracketsOutsideStrings() {
        var escapes = false
        #expect(scan(#"[1,{"a":"]}"},[2]] tail"#) { $0.skipComposite(escapes: &escapes) } == (true, 18))
        #expect(!escapes)
        #expect(scan(#"{"a":[1,2}"#) { $0.skipComposite(escapes: &escapes) }.0 == false)
    }

    @Test func literalsAndNumbers() {
        #expect(scan("true,") { $0.skipLiteral("true") } == (true, 4))
        #expect(scan("trve") { $0.skipLiteral("true") } == (false, 2))
        #expect(scan("nul") { $0.skipLiteral("null") } == (false, 3))
        #expect(scan("-1.5e+3]") { $0.skipNumber() } == (true, 7))
        #expect(scan("]") { $0.skipNumber() } == (false, 0))
    }
}
