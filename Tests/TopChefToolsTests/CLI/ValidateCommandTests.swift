import Foundation
import TestSupport
import Testing

/// `topchef validate --schema S.json INSTANCE.json...` as a person runs it.
@Suite(.enabled(if: TopChefProcess.executable != nil, "the topchef executable is not built beside the tests"))
struct ValidateCommandTests {
    func write(_ text: String, to path: String) {
        #expect(FileManager.default.createFile(atPath: path, contents: Data(text.utf8)))
    }

    @Test func exitsZeroWhenEveryInstanceIsValidAndOneWithTheErrorsWhenNot() async throws {
        let scratch = TemporaryDirectory()
        let schema = scratch.appending("schema.json")
        write(#"{"type":"object","properties":{"n":{"type":"integer","minimum":1}},"required":["n"]}"#, to: schema)
        write(#"{"n": 3}"#, to: scratch.appending("good.json"))
        write(#"{"n": 0}"#, to: scratch.appending("bad.json"))

        let valid = try await TopChefProcess.run(["validate", "--schema", schema, scratch.appending("good.json")])
        #expect(valid.status == 0)

        let invalid = try await TopChefProcess.run([
            "validate", "--schema", schema, scratch.appending("good.json"), scratch.appending("bad.json"),
        ])
        #expect(invalid.status == 1)
        let report = invalid.standardOutput + invalid.standardError
        #expect(report.contains("bad.json"))
        #expect(report.contains("/n"))
        #expect(!report.contains("good.json:"))
    }

    @Test func exitsTwoForAnUnusableSchemaOrFile() async throws {
        let scratch = TemporaryDirectory()
        let broken = scratch.appending("broken.json")
        write(#"{"type":"object","minimum":"x"}"#, to: broken)
        write("{}", to: scratch.appending("instance.json"))
        let unusable = try await TopChefProcess.run([
            "validate", "--schema", broken, scratch.appending("instance.json"),
        ])
        #expect(unusable.status == 2)
        #expect(unusable.standardError.contains("minimum"))
        #expect(unusable.standardError.split(separator: "\n").count == 1)

        // A schema whose references loop without consuming the instance is the schema's fault, not the data's.
        let loop = scratch.appending("loop.json")
        write(##"{"$ref":"#/definitions/a","definitions":{"a":{"$ref":"#/definitions/a"}}}"##, to: loop)
        let looping = try await TopChefProcess.run(["validate", "--schema", loop, scratch.appending("instance.json")])
        #expect(looping.status == 2)
        #expect(looping.standardError.contains("/definitions/a ($ref)"))
        #expect(looping.standardError.split(separator: "\n").count == 1)

        let good = scratch.appending("good.json")
        write(#"{"type":"object"}"#, to: good)
        let missing = try await TopChefProcess.run(["validate", "--schema", good, scratch.appending("missing.json")])
        #expect(missing.status == 2)
        write("{not json", to: scratch.appending("garbage.json"))
        let garbage = try await TopChefProcess.run(["validate", "--schema", good, scratch.appending("garbage.json")])
        #expect(garbage.status == 2)
        #expect(garbage.standardError.contains("garbage.json"))
    }
}
