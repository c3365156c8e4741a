import Foundation

/// Locates and reads the official JSON-Schema-Test-Suite for the regex and format tests.
enum RegexSuiteFiles {
    /// The suite's `tests` folder: `$JSON_SCHEMA_TEST_SUITE`, or the first `shared/json-schema-test-suite/tests`
    /// found walking up from this file (the repo's sibling `shared/` folder).
    static let testsDirectory: URL? = {
        if let path = ProcessInfo.processInfo.environment["JSON_SCHEMA_TEST_SUITE"] {
            return URL(fileURLWithPath: path)
        }
        var directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while directory.path != "/" {
            let candidate = directory.appendingPathComponent("shared/json-schema-test-suite/tests")
            if FileManager.default.fileExists(atPath: candidate.path) { return candidate }
            directory.deleteLastPathComponent()
        }
        return nil
    }()

    static let drafts = ["draft4", "draft6", "draft7", "draft2019-09", "draft2020-12"]

    /// One test case of a suite file.
    struct Case {
        let file: String
        let group: String
        let description: String
        let schema: Any
        let data: Any
        let valid: Bool

        var name: String { "\(file): \(group) / \(description)" }
    }

    /// Every case in `relativePath` (e.g. `optional/ecmascript-regex.json`) of every draft that has it.
    static func cases(_ relativePath: String) throws -> [Case] {
        guard let root = testsDirectory else { return [] }
        var result: [Case] = []
        for draft in drafts {
            let url = root.appendingPathComponent(draft).appendingPathComponent(relativePath)
            guard let data = try? Data(contentsOf: url) else { continue }
            let groups = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) as! [[String: Any]]
            for group in groups {
                for test in group["tests"] as! [[String: Any]] {
                    result.append(
                        Case(
                            file: "\(draft)/\(relativePath)", group: group["description"] as! String,
                            description: test["description"] as! String, schema: group["schema"]!,
                            data: test["data"]!, valid: test["valid"] as! Bool))
                }
            }
        }
        return result
    }

    /// The files of `optional/format/` in every draft, by format name.
    static func formatFileNames() -> [String] {
        guard let root = testsDirectory else { return [] }
        var names = Set<String>()
        for draft in drafts {
            let folder = root.appendingPathComponent(draft).appendingPathComponent("optional/format")
            for name in (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [] {
                names.insert(name)
            }
        }
        return names.sorted()
    }
}
