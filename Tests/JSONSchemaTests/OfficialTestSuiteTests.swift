import Foundation
import JSONSchema
import Testing

/// Runs the official JSON-Schema-Test-Suite for each draft: every required test must pass; optional
/// tests (optional/, with format/ in assertion mode) are counted and reported.
struct OfficialTestSuiteTests {
    /// Tests that are skipped on purpose, keyed by "file › group › test", with the reason.
    static let skipped: [String: String] = [:]

    struct Outcome {
        var passed = 0
        var total = 0
        var failures: [String] = []
    }

    static let drafts: [(folder: String, draft: Draft)] = [
        ("draft4", .draft4), ("draft6", .draft6), ("draft7", .draft7), ("draft2019-09", .draft2019_09),
        ("draft2020-12", .draft2020_12),
    ]

    @Test(arguments: ["draft4", "draft6", "draft7", "draft2019-09", "draft2020-12"])
    func draftPassesEveryRequiredTest(folder: String) throws {
        let draft = Self.drafts.first { $0.folder == folder }!.draft
        let registry = try TestSuiteLocation.remotes()
        let base = TestSuiteLocation.root.appendingPathComponent("tests").appendingPathComponent(folder)
        var required = Outcome()
        var optional = Outcome()
        var skips: [String] = []
        for file in try TestSuiteLocation.jsonFiles(under: base) {
            let relative = String(file.path.dropFirst(base.path.count + 1))
            let isOptional = relative.hasPrefix("optional/")
            let options = SchemaOptions(
                defaultDraft: draft, formatAssertion: relative.hasPrefix("optional/format/"), registry: registry)
            guard case .array(let groups) = try TestSuiteLocation.load(file) else { continue }
            for group in groups {
                let groupName = group["description"]?.stringValue ?? "?"
                guard let schemaValue = group["schema"], case .array(let cases)? = group["tests"] else { continue }
                let schema = Result { try CompiledSchema(schemaValue, options: options) }
                for testCase in cases {
                    let name = "\(relative) › \(groupName) › \(testCase["description"]?.stringValue ?? "?")"
                    if let reason = Self.skipped[name] {
                        skips.append("skipped \(folder) \(name): \(reason)")
                        continue
                    }
                    let expected = testCase["valid"] == .bool(true)
                    var failure: String?
                    switch schema {
                    case .failure(let error):
                        failure = "schema did not compile: \(error)"
                    case .success(let compiled):
                        let data = testCase["data"] ?? .null
                        let fast = compiled.isValid(data)
                        let full = compiled.validate(data)
                        if fast != full.isValid {
                            failure = "isValid says \(fast) but validate says \(full.isValid)"
                        } else if fast != expected {
                            failure = "expected \(expected ? "valid" : "invalid"), got \(fast ? "valid" : "invalid")"
                        } else if !expected && full.errors.isEmpty {
                            failure = "invalid without any error"
                        }
                    }
                    if isOptional {
                        optional.total += 1
                        if let failure { optional.failures.append("\(name): \(failure)") } else { optional.passed += 1 }
                    } else {
                        required.total += 1
                        if let failure { required.failures.append("\(name): \(failure)") } else { required.passed += 1 }
                    }
                }
            }
        }
        print(
            "\(folder) required: \(required.passed)/\(required.total), optional: \(optional.passed)/\(optional.total)")
        for skip in skips { print(skip) }
        for failure in optional.failures { print("  optional failure \(folder) \(failure)") }
        for failure in required.failures { print("  REQUIRED FAILURE \(folder) \(failure)") }
        #expect(required.total > 0, "no required tests found under \(base.path)")
        // The optional tests are a target, not a requirement; this keeps them from sliding back.
        #expect(
            Double(optional.passed) >= 0.95 * Double(optional.total),
            "only \(optional.passed) of \(optional.total) optional tests pass")
        #expect(
            required.failures.isEmpty,
            "\(required.failures.count) required tests fail:\n\(required.failures.joined(separator: "\n"))")
    }
}
