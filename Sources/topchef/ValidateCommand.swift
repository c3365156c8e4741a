import ArgumentParser
import Foundation
import JSONSchema

/// `topchef validate --schema S.json INSTANCE.json...`: checks instances against a JSON Schema.
///
/// Exit status 0 when every instance is valid; 1 when some are not, with one line per error on standard
/// output (`FILE: INSTANCE-LOCATION: MESSAGE`); 2 when the schema or a file cannot be used, with one line
/// per problem on standard error.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Validate JSON documents against a JSON Schema (drafts 4, 6, 7, 2019-09, 2020-12).",
        discussion: """
            Exits with 0 when every instance is valid, 1 when an instance is invalid (each error is \
            printed as FILE: INSTANCE-LOCATION: MESSAGE), and 2 when the schema or a file is unusable.
            """
    )

    /// The schema file.
    @Option(name: .long, help: "The JSON Schema file.")
    var schema: String

    /// Draft for schemas without `$schema`.
    @Option(name: .long, help: "Draft for a schema without $schema: 4, 6, 7, 2019-09 or 2020-12.")
    var defaultDraft: String = "4"

    /// Whether `format` asserts.
    @Flag(name: .long, help: "Treat format as an assertion (date-time, email, uri, ...).")
    var formatAssertion = false

    /// The documents to check.
    @Argument(help: "The JSON documents to validate.")
    var instances: [String]

    func run() throws {
        guard let draft = Self.draft(named: defaultDraft) else {
            Self.complain("unknown draft \"\(defaultDraft)\" (use 4, 6, 7, 2019-09 or 2020-12)")
            throw ExitCode(2)
        }
        let compiled: CompiledSchema
        do {
            let value = try Self.load(schema)
            compiled = try CompiledSchema(
                value, options: SchemaOptions(defaultDraft: draft, formatAssertion: formatAssertion))
        } catch let error as SchemaCompilationError {
            Self.complain("\(schema): \(error)")
            throw ExitCode(2)
        } catch {
            Self.complain("\(schema): \(error)")
            throw ExitCode(2)
        }
        var unusable = false
        var invalid = false
        for path in instances {
            let value: JSONValue
            do {
                value = try Self.load(path)
            } catch {
                Self.complain("\(path): \(error)")
                unusable = true
                continue
            }
            let result = compiled.validate(value)
            guard !result.isValid else { continue }
            invalid = true
            for error in result.errors {
                print("\(path): \(error.instanceLocation.isEmpty ? "/" : error.instanceLocation): \(error.message)")
            }
        }
        if unusable { throw ExitCode(2) }
        if invalid { throw ExitCode(1) }
    }

    /// Reads and parses a JSON file; errors name the cause (missing file, byte offset of bad JSON).
    static func load(_ path: String) throws -> JSONValue {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CLIFileError(message: "cannot read the file")
        }
        return try JSONParser.parse(Array(data))
    }

    static func draft(named name: String) -> Draft? {
        switch name.lowercased().replacingOccurrences(of: "draft", with: "").trimmingCharacters(in: ["-"]) {
        case "4", "04": .draft4
        case "6", "06": .draft6
        case "7", "07": .draft7
        case "2019-09", "201909": .draft2019_09
        case "2020-12", "202012": .draft2020_12
        default: nil
        }
    }

    static func complain(_ line: String) {
        FileHandle.standardError.write(Data(("topchef validate: " + line + "\n").utf8))
    }
}

/// A file that could not be read.
private struct CLIFileError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}
