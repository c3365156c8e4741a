import JSONSchema
import Testing

struct JSONParserTests {
    private func parseError(_ text: String, maxDepth: Int = 512) -> JSONParseError? {
        do {
            _ = try JSONParser.parse(Array(text.utf8), maxDepth: maxDepth)
            return nil
        } catch {
            return error
        }
    }

    @Test func parsesEveryKindOfValue() throws {
        let value = try JSONParser.parse(#" {"a": [1, -2.5e3, true, false, null, "x\n\u00e9\ud83d\ude00"]} "#)
        #expect(value == ["a": [1, -2500, true, false, nil, "x\né😀"]])
    }

    @Test(arguments: [
        (#"{"a": tru}"#, 9), (#"[1, 2,]"#, 6), (#"{"a" 1}"#, 5), (#"[01]"#, 1), (#""abc"#, 0), (#"[1] x"#, 4),
        (#"{"a":1,}"#, 7), ("[\"\u{01}\"]", 2), (#"-"#, 0), (#"1."#, 0), (#"[1e]"#, 1),
    ])
    func reportsTheByteOffsetOfSyntaxErrors(text: String, offset: Int) {
        let error = parseError(text)
        #expect(error?.offset == offset, "\(text): \(String(describing: error))")
    }

    @Test func rejectsInvalidUTF8WithItsOffset() {
        let error = #expect(throws: JSONParseError.self) {
            try JSONParser.parse([0x22, 0x61, 0xFF, 0x22] as [UInt8])
        }
        #expect(error?.offset == 2)
    }

    @Test func deepNestingIsAnErrorNotACrash() {
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        let error = parseError(deep)
        #expect(error?.message.contains("deeper than the limit of 512") == true)
        #expect(error?.offset == 512)
        #expect(parseError(String(repeating: "{\"a\":", count: 600) + "1" + String(repeating: "}", count: 600)) != nil)
        #expect(parseError("[[[1]]]", maxDepth: 3) == nil)
        // A caller's generous limit does not let nesting overflow the stack either.
        let deeper = String(repeating: "[", count: 300_000) + String(repeating: "]", count: 300_000)
        #expect(parseError(deeper, maxDepth: 1_000_000)?.message.contains("too deep") == true)
        #expect(parseError("[[[[1]]]]", maxDepth: 3) != nil)
    }

    /// A Swift String cannot hold a lone surrogate, and replacing it with U+FFFD would silently change
    /// stored provenance, so it is a syntax error at the escape.
    @Test(arguments: [
        (#"["\ud800x"]"#, 2, "D800"), (#"["\udc00"]"#, 2, "DC00"), (#"{"k": "ab\uD83D"}"#, 9, "D83D"),
        (#"["\ud800\u0041"]"#, 2, "D800"), (#"["\ude00\ud83d"]"#, 2, "DE00"), (#"{"\udfff": 1}"#, 2, "DFFF"),
        (#"["\ud83d\ude00\ud83d"]"#, 14, "D83D"), (#"["\ud800\n"]"#, 2, "D800"),
    ])
    func loneSurrogateEscapesAreSyntaxErrors(text: String, offset: Int, code: String) {
        let error = parseError(text)
        #expect(error?.offset == offset, "\(text): \(String(describing: error))")
        #expect(
            error?.message.contains("unpaired surrogate \\u\(code)") == true, "\(text): \(String(describing: error))")
        #expect(error?.description.hasPrefix("invalid JSON at byte \(offset): ") == true)
    }

    @Test func surrogatePairEscapesDecode() throws {
        #expect(try JSONParser.parse(#""\ud83d\ude00""#) == "😀")
        #expect(
            try JSONParser.parse(#"["\uD834\uDD1E", "a\ud800\udc00b", "\udbff\udfff"]"#) == [
                "𝄞", "a\u{10000}b", "\u{10FFFF}",
            ])
        #expect(try JSONParser.parse(#"{"\ud83d\ude00": "\ue000\uffff"}"#) == ["😀": "\u{E000}\u{FFFF}"])
    }

    @Test func stringsAreValidatedOnlyWhenNotASCII() throws {
        #expect(try JSONParser.parse(Array("[\"abc\u{7F}~\",\"\",\"é\"]".utf8)) == ["abc\u{7F}~", "", "é"])
        // Invalid UTF-8 after ASCII, and an overlong encoding of an ASCII character, are still refused.
        #expect(throws: JSONParseError.self) { try JSONParser.parse([0x22, 0x61, 0x62, 0xC3, 0x22] as [UInt8]) }
        #expect(throws: JSONParseError.self) { try JSONParser.parse([0x22, 0xC1, 0xA1, 0x22] as [UInt8]) }
    }

    @Test func duplicateKeysKeepTheLastValueAtTheFirstPosition() throws {
        let value = try JSONParser.parse(#"{"a": 1, "b": 2, "a": 3}"#)
        #expect(value["a"] == 3)
        #expect(value.objectValue?.keys == ["a", "b"])
        #expect(value.jsonText == #"{"a":3,"b":2}"#)
    }

    /// Small documents (request bodies) reserve room in every container to spare reallocations; large ones
    /// must not, or a body of many tiny objects would parse into a tree several times its natural size.
    @Test func onlySmallDocumentsReserveRoomInTheirContainers() throws {
        let small = try JSONParser.parse(#"[{"a": 1}, [1]]"#)
        #expect((small.arrayValue?[0].objectValue?.keys.capacity ?? 0) >= 8)
        #expect((small.arrayValue?[1].arrayValue?.capacity ?? 0) >= 4)

        let tiny = #"{"a": 1}, [1]"#
        let large = "[" + Array(repeating: tiny, count: 6_000).joined(separator: ", ") + "]"
        #expect(large.utf8.count > 64 << 10)
        let parsed = try #require(try JSONParser.parse(large).arrayValue)
        #expect(parsed.count == 12_000)
        #expect((parsed[0].objectValue?.keys.capacity ?? .max) < 8)
        #expect((parsed[1].arrayValue?.capacity ?? .max) < 4)

        // The limit itself: 65,536 bytes reserve, 65,537 do not.
        for (size, reserves) in [(65_536, true), (65_537, false)] {
            let document = #"[{"a": 1}, ""# + String(repeating: "x", count: size - 14) + #""]"#
            #expect(document.utf8.count == size)
            let first = try #require(try JSONParser.parse(document).arrayValue?.first?.objectValue)
            #expect((first.keys.capacity >= 8) == reserves, "\(size) bytes")
        }
    }

    /// `JSONObject` searches small objects linearly and indexes larger ones: on both sides of that change,
    /// with repeated keys and containers nested in members, the parsed object must be what adding the
    /// members one by one gives, and every key must be found.
    /// The arguments are (members written, distinct keys among them): 17 and 19 members straddle the limit
    /// of 12 keys, below which an object is searched linearly.
    @Test(arguments: [(0, 0), (1, 1), (3, 2), (16, 11), (17, 12), (19, 13), (20, 14), (31, 21)])
    func objectsOfAnySizeMatchBuildingThemMemberByMember(memberCount: Int, distinctKeys: Int) throws {
        var members: [(String, JSONValue)] = []
        for number in 0..<memberCount {
            // Every third member repeats the key of the member two before it; every fourth value nests an
            // object and an array.
            let key = number % 3 == 2 ? "k\(number - 2)" : "k\(number)"
            let value: JSONValue =
                number % 4 == 3
                ? ["inner": [JSONValue(integerLiteral: number), ["x": "y", "x ": true]], "n": nil]
                : .string("v\(number)")
            members.append((key, value))
        }
        let text =
            "[" + "{" + members.map { "\(JSONValue.string($0.0).jsonText):\($0.1.jsonText)" }.joined(separator: ",")
            + "}, [1, {\"after\": []}]]"
        let expected = JSONObject(members)
        #expect(expected.count == distinctKeys)
        let parsed = try JSONParser.parse(text)
        guard case .array(let elements) = parsed, case .object(let object) = elements[0] else {
            Issue.record("not an array holding an object: \(parsed)")
            return
        }
        #expect(object.keys == expected.keys)
        #expect(object.values == expected.values)
        for key in expected.keys { #expect(object[key] == expected[key], "\(key)") }
        #expect(object["absent"] == nil)
        #expect(elements[1] == [1, ["after": []]])
    }

    @Test func serializationKeepsOrderNumbersAndEscapes() throws {
        let text = #"{"z":1.50,"a":[1E+2,-0,12345678901234567890123],"s":"q\"\\\/\u0001\t é"}"#
        let value = try JSONParser.parse(text)
        #expect(value.jsonText == #"{"z":1.50,"a":[1E+2,-0,12345678901234567890123],"s":"q\"\\/\u0001\t é"}"#)
        #expect(try JSONParser.parse(value.serialized()) == value)
    }

    @Test func numbersCompareExactly() throws {
        let big = try JSONParser.parse(
            "[12345678901234567890, 12345678901234567891, 1.0, 1, 1e0, 0.1, 0.10000000000000001]")
        guard case .array(let numbers) = big else { return }
        #expect(numbers[0] != numbers[1])
        #expect(numbers[2] == numbers[3] && numbers[3] == numbers[4])
        #expect(numbers[5] != numbers[6])
        #expect(Set(numbers).count == 5)
    }

    @Test func deepValuesBuiltInCodeCompareHashAndSerializeWithoutRecursion() {
        var left: JSONValue = 1
        var right: JSONValue = 1
        for _ in 0..<10_000 {
            left = [left]
            right = ["a": right]
        }
        #expect(left == left)
        #expect(left != right)
        #expect(left.hashValue == left.hashValue)
        #expect(left.serialized().count == 20_001)
        #expect(right.serialized().count == 10_000 * 6 + 1)
    }

    @Test func objectEqualityIgnoresOrderAndCodePointsMatter() throws {
        #expect(try JSONParser.parse(#"{"a":1,"b":2}"#) == JSONParser.parse(#"{"b":2,"a":1}"#))
        // "é" precomposed and decomposed are canonically equivalent in Swift, but different JSON strings.
        #expect(JSONValue.string("\u{e9}") != JSONValue.string("e\u{301}"))
    }
}
