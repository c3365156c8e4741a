import Foundation
import Testing

@testable import JSONSchema

/// Runs the suite's `optional/format/*.json` cases of every draft against `FormatChecker` directly.
/// Only strings reach the checker (formats apply to strings only); other instances count as passing,
/// as the validator never asks about them.
struct FormatCheckerSuiteTests {
    /// Cases that fail for a known reason, by `draft/file: group / test`, with the reason.
    static let knownFailures: [String: String] = [:]

    /// The share of cases that must pass per format; the goal is all of them.
    static let requiredPassRate = 0.95

    @Test(arguments: RegexSuiteFiles.formatFileNames())
    func formatFile(_ fileName: String) throws {
        let cases = try RegexSuiteFiles.cases("optional/format/\(fileName)")
        var passed = 0
        var failures: [String] = []
        for testCase in cases {
            let schema = testCase.schema as! [String: Any]
            let format = schema["format"] as! String
            guard let string = testCase.data as? String else {
                passed += 1
                continue
            }
            let actual = FormatChecker.check(format: format, string: string)
            if actual == testCase.valid {
                passed += 1
            } else if Self.knownFailures[testCase.name] == nil {
                failures.append("\(testCase.name) \(string.debugDescription) expected \(testCase.valid)")
            }
        }
        print("format \(fileName): \(passed)/\(cases.count)")
        for failure in failures { print("  FAIL \(failure)") }
        #expect(failures.isEmpty, "\(failures.count) unexpected failures in \(fileName)")
    }
}
