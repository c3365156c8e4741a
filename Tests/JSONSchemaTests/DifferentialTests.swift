import Foundation
import JSONSchema
import TestSupport
import Testing

/// Compares this validator with Python's `jsonschema` on generated schemas and instances
/// (tools/differential-jsonschema.py). Disagreements are allowed only where DIFFERENTIAL.md explains
/// them, which the generator marks with features.
struct DifferentialTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// Runs python3 with `arguments`; nil when it cannot run or fails.
    static func python(_ arguments: [String]) -> Data? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return process.terminationStatus == 0 ? data : nil
    }

    static let pythonHasJSONSchema = python(["-c", "import jsonschema"]) != nil

    @Test(.enabled(if: pythonHasJSONSchema, "python3 with the jsonschema package is not installed"))
    func agreesWithPythonJSONSchemaExceptWhereExplained() async throws {
        let script = Self.repository.appendingPathComponent("tools/differential-jsonschema.py").path
        // The generator runs for seconds: on a thread of its own, not on the cooperative pool.
        let generated = try await onThread { Self.python([script, "--count", "2500"]) }
        let output = try #require(generated, "the generator failed")
        var agreed = 0
        var explained: [String: Int] = [:]
        var unexplained: [String] = []
        var inconsistent: [String] = []
        var total = 0
        for line in output.split(separator: UInt8(ascii: "\n")) {
            let testCase = try JSONParser.parse(line)
            guard case .string(let draftName)? = testCase["draft"], let schemaValue = testCase["schema"],
                let instance = testCase["instance"]
            else { continue }
            total += 1
            let draft = Draft.allCases.first { $0.description == draftName } ?? .draft4
            let features = testCase["features"]?.arrayValue?.compactMap(\.stringValue) ?? []
            let ours: Bool?
            do {
                let schema = try CompiledSchema(schemaValue, options: SchemaOptions(defaultDraft: draft))
                ours = schema.isValid(instance)
                // The full validation must reach the same verdict, with errors exactly when invalid.
                let full = schema.validate(instance)
                if full.isValid != ours || full.errors.isEmpty == !full.isValid {
                    inconsistent.append("\(schemaValue.jsonText) on \(instance.jsonText)")
                }
            } catch {
                ours = nil
            }
            let theirs: Bool? = testCase["valid"].flatMap { if case .bool(let value) = $0 { value } else { nil } }
            if ours == theirs {
                agreed += 1
            } else if !features.isEmpty {
                explained[features.joined(separator: "+"), default: 0] += 1
            } else {
                unexplained.append(
                    "\(draftName) schema \(schemaValue.jsonText) instance \(instance.jsonText): "
                        + "python \(theirs.map(String.init) ?? "error"), swift \(ours.map(String.init) ?? "error")")
            }
        }
        let explainedText = explained.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }
            .joined(separator: ", ")
        print(
            "differential vs python jsonschema: \(total) pairs, \(agreed) agree, "
                + "\(total - agreed - unexplained.count) explained disagreements [\(explainedText)], "
                + "\(unexplained.count) unexplained")
        for line in unexplained.prefix(40) { print("  unexplained: \(line)") }
        #expect(total > 1000)
        #expect(inconsistent.isEmpty, "validate and isValid disagree: \(inconsistent.prefix(10))")
        #expect(unexplained.isEmpty, "\(unexplained.count) unexplained disagreements with python jsonschema")
    }
}
