import Foundation
import TestSupport
import Testing
import TopChefHTTP

/// `topchef serve`'s configuration reaches the wire: what `GET /` says about the deployment comes from
/// options and environment variables, the command line winning.
@Suite("topchef serve configuration", .serialized)
struct ServeCommandTests {
    @Test(.enabled(if: topchefExecutable != nil, "the topchef executable is not built beside the tests"))
    func metadataComesFromOptionsAndEnvironment() async throws {
        let executable = try #require(topchefExecutable)
        let directory = TemporaryDirectory()
        defer { withExtendedLifetime(directory) {} }
        let server = try await ServerProcess(
            executable: executable, directory: directory.path,
            arguments: ["--maintainer-name", "Quantum Lab", "--documentation-url", "https://lab.example/topchef"],
            environment: [
                "TOPCHEF_MAINTAINER_NAME": "loses to the option",
                "TOPCHEF_MAINTAINER_EMAIL": "ops@lab.example",
                "TOPCHEF_SOURCE_URL": "https://git.lab.example/topchef",
            ])
        defer { server.kill(SIGKILL) }
        let data = try await onThread { () -> [String: String] in
            let response = try RawHTTPConnection(port: server.port).request("GET", "/")
            let data = response.object["data"] as? [String: Any] ?? [:]
            return data.compactMapValues { $0 as? String }
        }
        #expect(data["maintainer_name"] == "Quantum Lab")
        #expect(data["maintainer_email"] == "ops@lab.example")
        #expect(data["documentation_url"] == "https://lab.example/topchef")
        #expect(data["source_code_repository_url"] == "https://git.lab.example/topchef")
        #expect(data["version"] == TopChefVersion.current)
    }
}
