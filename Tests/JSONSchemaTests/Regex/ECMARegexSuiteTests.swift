import Foundation
import Testing

@testable import JSONSchema

/// Runs the regex cases of the official suite directly against `ECMARegex`, evaluating the handful of
/// keywords those schemas use (`pattern`, `patternProperties`, `additionalProperties: false`, `type`,
/// `maximum`, boolean schemas) with a tiny evaluator, so the engine is tested without the validator.
struct ECMARegexSuiteTests {
    @Test func suiteIsPresent() {
        #expect(RegexSuiteFiles.testsDirectory != nil, "JSON-Schema-Test-Suite not found; set JSON_SCHEMA_TEST_SUITE")
    }

    @Test(arguments: ["optional/ecmascript-regex.json", "pattern.json", "patternProperties.json"])
    func suiteFile(_ file: String) throws {
        let cases = try RegexSuiteFiles.cases(file)
        #expect(!cases.isEmpty)
        var passed = 0
        for testCase in cases {
            let actual = try Self.isValid(testCase.data, against: testCase.schema)
            #expect(actual == testCase.valid, "\(testCase.name)")
            if actual == testCase.valid { passed += 1 }
        }
        print("regex suite \(file): \(passed)/\(cases.count)")
    }

    private static func isValid(_ instance: Any, against schema: Any) throws -> Bool {
        if let boolean = schema as? Bool { return boolean }
        let schema = schema as! [String: Any]
        for key in schema.keys {
            precondition(
                ["$schema", "type", "pattern", "patternProperties", "additionalProperties", "maximum"].contains(key),
                "unexpected keyword \(key)")
        }
        if let type = schema["type"] as? String, !hasType(instance, type) { return false }
        if let maximum = schema["maximum"] as? Double, let number = instance as? NSNumber, !isBoolean(instance),
            number.doubleValue > maximum
        {
            return false
        }
        if let pattern = schema["pattern"] as? String, let string = instance as? String,
            try !ECMARegex(pattern).matches(string)
        {
            return false
        }
        if let object = instance as? [String: Any], let patterns = schema["patternProperties"] as? [String: Any] {
            let compiled = try patterns.map { (try ECMARegex($0.key), $0.value) }
            for (key, value) in object {
                var matchedAny = false
                for (regex, subschema) in compiled where try regex.matches(key) {
                    matchedAny = true
                    if try !isValid(value, against: subschema) { return false }
                }
                if !matchedAny, schema["additionalProperties"] as? Bool == false { return false }
            }
        }
        return true
    }

    private static func isBoolean(_ value: Any) -> Bool {
        (value as? NSNumber).map { String(cString: $0.objCType) == "c" } ?? false
    }

    private static func hasType(_ value: Any, _ type: String) -> Bool {
        switch type {
        case "string": return value is String
        case "object": return value is [String: Any]
        case "null": return value is NSNull
        case "boolean": return isBoolean(value)
        case "integer":
            guard let number = value as? NSNumber, !isBoolean(value) else { return false }
            return number.doubleValue.rounded() == number.doubleValue
        case "number": return value is NSNumber && !isBoolean(value)
        default: fatalError("unexpected type \(type)")
        }
    }
}
