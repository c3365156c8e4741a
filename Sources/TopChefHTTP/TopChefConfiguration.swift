public import Logging

/// Everything `topchef serve` and the tests configure about the HTTP API.
public struct TopChefConfiguration: Sendable {
    /// The address to listen on.
    public var host: String
    /// The port to listen on (0: any free port).
    public var port: Int
    /// The directory of the event log; created on first run.
    public var dataDirectory: String
    /// The largest request body accepted; larger ones get a JSON 413.
    public var maxBodySize: Int
    /// The deepest JSON nesting accepted in a request body; deeper ones get a 400.
    public var maxJSONDepth: Int
    /// Whether every commit is flushed to disk (only throwaway benchmarks turn this off).
    public var durable: Bool
    /// The lowest level logged.
    public var logLevel: Logger.Level
    /// What `GET /` says about this server.
    public var metadata: APIMetadata

    /// The lowest level logged, by name (`trace` … `critical`); unknown names are ignored.
    public var logLevelName: String {
        get { logLevel.rawValue }
        set { if let level = Logger.Level(rawValue: newValue.lowercased()) { logLevel = level } }
    }

    /// A configuration; every argument has a default (`127.0.0.1:5000`, `./topchef-data`, 1 MiB bodies).
    public init(
        host: String = "127.0.0.1", port: Int = 5000, dataDirectory: String = "./topchef-data",
        maxBodySize: Int = 1 << 20, maxJSONDepth: Int = 128, durable: Bool = true, logLevel: Logger.Level = .info,
        metadata: APIMetadata = APIMetadata()
    ) {
        self.host = host
        self.port = port
        self.dataDirectory = dataDirectory
        self.maxBodySize = maxBodySize
        self.maxJSONDepth = maxJSONDepth
        self.durable = durable
        self.logLevel = logLevel
        self.metadata = metadata
    }
}

/// The `data` of `GET /`: what this server is and who maintains it.
///
/// A deployment sets the maintainer and URLs to its own (`topchef serve --maintainer-name` and friends, or
/// their environment variables); the version is this build's.
public struct APIMetadata: Sendable, Hashable {
    /// `documentation_url`.
    public var documentationURL: String
    /// `maintainer_email`.
    public var maintainerEmail: String
    /// `maintainer_name`.
    public var maintainerName: String
    /// `source_code_repository_url`.
    public var sourceCodeRepositoryURL: String
    /// `version`.
    public var version: String

    /// Metadata describing this project unless told otherwise.
    public init(
        documentationURL: String = "https://topchef.readthedocs.io/en/latest/",
        maintainerEmail: String = "topchef@localhost",
        maintainerName: String = "TopChef maintainers",
        sourceCodeRepositoryURL: String = "https://github.com/TopChef/TopChef",
        version: String = TopChefVersion.current
    ) {
        self.documentationURL = documentationURL
        self.maintainerEmail = maintainerEmail
        self.maintainerName = maintainerName
        self.sourceCodeRepositoryURL = sourceCodeRepositoryURL
        self.version = version
    }
}
