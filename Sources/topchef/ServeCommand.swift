import ArgumentParser
import Foundation
import Logging
import TopChefHTTP

/// `topchef serve`: the HTTP API over the event log in a directory.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the TopChef HTTP API.",
        discussion: """
            Each option can also come from an environment variable: TOPCHEF_HOST, TOPCHEF_PORT, \
            TOPCHEF_DATA_DIR, TOPCHEF_MAX_BODY_SIZE, TOPCHEF_LOG_LEVEL, and for what GET / says about this \
            deployment TOPCHEF_MAINTAINER_NAME, TOPCHEF_MAINTAINER_EMAIL, TOPCHEF_DOCUMENTATION_URL, \
            TOPCHEF_SOURCE_URL. The command line wins. SIGTERM and SIGINT stop the server gracefully: \
            requests in flight finish, then the log closes.
            """
    )

    @Option(help: "The address to listen on (env TOPCHEF_HOST; default 127.0.0.1).")
    var host: String?

    @Option(help: "The port to listen on (env TOPCHEF_PORT; default 5000).")
    var port: Int?

    @Option(
        name: .customLong("data-dir"), help: "The event log's directory (env TOPCHEF_DATA_DIR; default ./topchef-data)."
    )
    var dataDirectory: String?

    @Option(help: "The largest request body in bytes (env TOPCHEF_MAX_BODY_SIZE; default 1048576).")
    var maxBodySize: Int?

    @Option(help: "trace, debug, info, notice, warning, error or critical (env TOPCHEF_LOG_LEVEL; default info).")
    var logLevel: String?

    @Option(help: "Who maintains this deployment, for GET / (env TOPCHEF_MAINTAINER_NAME).")
    var maintainerName: String?

    @Option(help: "Where to reach them, for GET / (env TOPCHEF_MAINTAINER_EMAIL).")
    var maintainerEmail: String?

    @Option(help: "The documentation's address, for GET / (env TOPCHEF_DOCUMENTATION_URL).")
    var documentationURL: String?

    @Option(help: "The source code's address, for GET / (env TOPCHEF_SOURCE_URL).")
    var sourceURL: String?

    @Flag(help: "Do not flush commits to disk (throwaway benchmarks only: a crash can lose acknowledged jobs).")
    var noSync = false

    func run() async throws {
        let configuration: TopChefConfiguration
        do {
            configuration = try self.configuration(SettingSources(environment: ProcessInfo.processInfo.environment))
        } catch {
            // One line, without the usage text that ArgumentParser adds to its own validation errors: the
            // mistake may be in the environment, where the usage does not help.
            writeLineToStandardError("Error: \(error.message)")
            throw ExitCode.validationFailure
        }
        try await runApplication(configuration)
    }

    /// The server's configuration from the options, then the environment, then the defaults.
    func configuration(_ settings: SettingSources) throws(SettingError) -> TopChefConfiguration {
        var configuration = TopChefConfiguration()
        configuration.host = settings.text(host, "TOPCHEF_HOST") ?? configuration.host
        configuration.port = try settings.integer(port, "TOPCHEF_PORT") ?? configuration.port
        configuration.dataDirectory = settings.text(dataDirectory, "TOPCHEF_DATA_DIR") ?? configuration.dataDirectory
        configuration.maxBodySize =
            try settings.integer(maxBodySize, "TOPCHEF_MAX_BODY_SIZE") ?? configuration.maxBodySize
        if let level = settings.text(logLevel, "TOPCHEF_LOG_LEVEL") {
            guard let parsed = Logger.Level(rawValue: level.lowercased()) else {
                throw SettingError(message: "unknown log level \(level)")
            }
            configuration.logLevel = parsed
        }
        var metadata = configuration.metadata
        metadata.maintainerName = settings.text(maintainerName, "TOPCHEF_MAINTAINER_NAME") ?? metadata.maintainerName
        metadata.maintainerEmail =
            settings.text(maintainerEmail, "TOPCHEF_MAINTAINER_EMAIL") ?? metadata.maintainerEmail
        metadata.documentationURL =
            settings.text(documentationURL, "TOPCHEF_DOCUMENTATION_URL") ?? metadata.documentationURL
        metadata.sourceCodeRepositoryURL =
            settings.text(sourceURL, "TOPCHEF_SOURCE_URL") ?? metadata.sourceCodeRepositoryURL
        configuration.metadata = metadata
        configuration.durable = !noSync
        guard (0...65535).contains(configuration.port) else {
            throw SettingError(message: "the port must be between 0 and 65535, not \(configuration.port)")
        }
        guard configuration.maxBodySize > 0 else {
            throw SettingError(message: "the largest request body must be positive, not \(configuration.maxBodySize)")
        }
        return configuration
    }
}
