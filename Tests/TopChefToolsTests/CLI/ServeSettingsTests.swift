import Foundation
import TestSupport
import Testing

/// `topchef serve` refuses unusable settings, from options or the environment, with one line naming the
/// setting, exit code 64, and nothing created.
@Suite(.enabled(if: TopChefProcess.executable != nil, "the topchef executable is not built beside the tests"))
struct ServeSettingsTests {
    @Test(arguments: [
        (["--port", "99999"], [:], "Error: the port must be between 0 and 65535, not 99999"),
        ([], ["TOPCHEF_PORT": "abc"], "Error: TOPCHEF_PORT must be an integer, not abc"),
        ([], ["TOPCHEF_MAX_BODY_SIZE": "1MB"], "Error: TOPCHEF_MAX_BODY_SIZE must be an integer, not 1MB"),
        (["--max-body-size", "0"], [:], "Error: the largest request body must be positive, not 0"),
        ([], ["TOPCHEF_LOG_LEVEL": "loud"], "Error: unknown log level loud"),
    ])
    func unusableSettingIsOneLineAndCreatesNothing(
        arguments: [String], environment: [String: String], message: String
    ) async throws {
        let scratch = TemporaryDirectory()
        let dataDirectory = scratch.appending("data")
        let outcome = try await TopChefProcess.run(
            ["serve", "--data-dir", dataDirectory] + arguments, environment: environment)
        #expect(outcome.status == 64)
        #expect(outcome.standardError == message + "\n")
        #expect(!FileManager.default.fileExists(atPath: dataDirectory))
    }

    @Test func theCommandLineWinsOverTheEnvironment() async throws {
        // A valid option hides an unusable variable: had the variable been read, serve would refuse it.
        let scratch = TemporaryDirectory()
        let outcome = try await TopChefProcess.run(
            ["serve", "--data-dir", scratch.appending("data"), "--port", "70000"],
            environment: ["TOPCHEF_PORT": "abc"])
        #expect(outcome.standardError == "Error: the port must be between 0 and 65535, not 70000\n")
    }
}
