import Foundation
import JSONSchema

/// Finds and loads the official JSON-Schema-Test-Suite.
enum TestSuiteLocation {
    /// `$TOPCHEF_JSON_SCHEMA_TEST_SUITE`, or `../shared/json-schema-test-suite` beside the repository.
    static var root: URL {
        if let path = ProcessInfo.processInfo.environment["TOPCHEF_JSON_SCHEMA_TEST_SUITE"], !path.isEmpty {
            return URL(fileURLWithPath: path)
        }
        // This file is REPO/Tests/JSONSchemaTests/TestSuiteLocation.swift.
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        return repository.deletingLastPathComponent().appendingPathComponent("shared/json-schema-test-suite")
    }

    /// Parses a JSON file.
    static func load(_ url: URL) throws -> JSONValue {
        try JSONParser.parse(Array(try Data(contentsOf: url)))
    }

    /// The suite's `remotes/` folder as a registry, served as http://localhost:1234/… like the suite says.
    static func remotes() throws -> [String: JSONValue] {
        let base = root.appendingPathComponent("remotes")
        var registry: [String: JSONValue] = [:]
        for file in try jsonFiles(under: base) {
            let relative = String(file.path.dropFirst(base.path.count + 1))
            registry["http://localhost:1234/" + relative] = try load(file)
        }
        return registry
    }

    /// Every .json file under `folder`, sorted.
    static func jsonFiles(under folder: URL) throws -> [URL] {
        guard let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil) else {
            return []
        }
        var files: [URL] = []
        for case let url as URL in enumerator where url.pathExtension == "json" { files.append(url) }
        return files.sorted { $0.path < $1.path }
    }
}
