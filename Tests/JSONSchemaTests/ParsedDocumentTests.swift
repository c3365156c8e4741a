import JSONSchema
import Testing

/// `parseWithMemberText` reports a member's byte range only when copying those bytes gives exactly what
/// `serialized()` writes: the HTTP layer stores the copy in place of the serialization.
struct ParsedDocumentTests {
    /// The member's text as the caller will take it: the input's bytes when a range is reported, else the
    /// serialization; and whether the range was reported.
    private func memberText(_ document: String, _ key: String) throws -> (text: String, copied: Bool) {
        let bytes = Array(document.utf8)
        let parsed = try JSONParser.parseWithMemberText(bytes)
        let value = try #require(parsed.value[key])
        let serialized = String(decoding: value.serialized(), as: UTF8.self)
        guard let range = parsed.canonicalRange(ofMember: key) else { return (serialized, false) }
        let copy = String(decoding: bytes[range], as: UTF8.self)
        #expect(copy == serialized, "\(document)")
        return (copy, true)
    }

    @Test(arguments: [
        #"{"p":{"a":1,"b":[true,false,null],"c":"x y","d":{}}}"#,
        #"{"p":[1e5,1.0,-0,1E+2,0.5e-3,12345678901234567890123]}"#,
        #"{"p":"é😀 / unicode as UTF-8"}"#,
        #"{"p":{"":[[],{}]},"q":1}"#,
        #"  {  "q" : 1 , "p":{"a":1} }  "#,
        #"{"p":1}"#,
        "\u{FEFF}{\"p\":{\"a\":1}}",
    ])
    func compactMembersAreCopied(document: String) throws {
        let (_, copied) = try memberText(document, "p")
        #expect(copied, "\(document)")
    }

    @Test(arguments: [
        #"{"p":{"a": 1}}"#,
        #"{"p":[1 ,2]}"#,
        "{\"p\":{\"a\":1\n}}",
        #"{"p":"\u00e9"}"#,
        #"{"p":"a\/b"}"#,
        #"{"p":"tab\there"}"#,
        #"{"p":{"k\u0065y":1}}"#,
        #"{"p":{"a":1,"a":2}}"#,
        #"{"p":[{"a":1,"b":2,"a":3}]}"#,
    ])
    func membersThatSerializeDifferentlyAreSerialized(document: String) throws {
        let (text, copied) = try memberText(document, "p")
        #expect(!copied, "\(document) gave \(text)")
    }

    @Test func aRepeatedTopLevelKeyTakesTheLastValueAndItsText() throws {
        let compactLast = try memberText(#"{"p":{"a": 1},"q":2,"p":{"b":2}}"#, "p")
        #expect(compactLast.text == #"{"b":2}"# && compactLast.copied)
        let spacedLast = try memberText(#"{"p":{"a":1},"q":2,"p":{"b": 2}}"#, "p")
        #expect(spacedLast.text == #"{"b":2}"# && !spacedLast.copied)
    }

    @Test func keysAreMatchedAsTheParserDecodesThem() throws {
        let escapedKey = try memberText(#"{"\u0070":{"a":1}}"#, "p")
        #expect(escapedKey.text == #"{"a":1}"# && escapedKey.copied)
    }

    @Test func nonObjectsHaveNoMembers() throws {
        let parsed = try JSONParser.parseWithMemberText(Array(#"[{"p":1}]"#.utf8))
        #expect(parsed.canonicalMemberRanges.isEmpty)
        #expect(parsed.canonicalRange(ofMember: "p") == nil)
        #expect(parsed.value == [["p": 1]])
    }

    @Test func parsesAndFailsExactlyAsParse() throws {
        for text in [#"{"a": [1, "x"], "b": {"c": null}}"#, #"{"a":1,}"#, #"{"a":"\ud800"}"#, "{\"a\":\"\u{01}\"}"] {
            let plain = Result { () throws(JSONParseError) in try JSONParser.parse(Array(text.utf8)) }
            let recorded = Result { () throws(JSONParseError) in
                try JSONParser.parseWithMemberText(Array(text.utf8)).value
            }
            switch (plain, recorded) {
            case (.success(let left), .success(let right)): #expect(left == right)
            case (.failure(let left), .failure(let right)):
                #expect(left.offset == right.offset && left.message == right.message)
            default: Issue.record("\(text): \(plain) vs \(recorded)")
            }
        }
    }
}
