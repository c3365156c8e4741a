import Hummingbird
import TopChefCore

/// `GET /`: what this server is (from configuration), and the schema of that description.
struct MetadataController {
    private let data: [UInt8]

    /// A controller describing the server with `metadata`.
    init(metadata: APIMetadata) {
        var writer = JSONOutput()
        writer.raw("{\"documentation_url\":")
        writer.string(metadata.documentationURL)
        writer.raw(",\"maintainer_email\":")
        writer.string(metadata.maintainerEmail)
        writer.raw(",\"maintainer_name\":")
        writer.string(metadata.maintainerName)
        writer.raw(",\"source_code_repository_url\":")
        writer.string(metadata.sourceCodeRepositoryURL)
        writer.raw(",\"version\":")
        writer.string(metadata.version)
        writer.byte(UInt8(ascii: "}"))
        data = writer.bytes
    }

    /// Adds `GET /`.
    func addRoutes(to routes: Routes) {
        routes.on("/", .get) { request, _ in self.metadata(request) }
    }

    func metadata(_ request: Request) -> Response {
        var writer = JSONOutput(capacity: 1024)
        writer.raw("{\"data\":")
        writer.raw(data)
        writer.byte(UInt8(ascii: ","))
        writer.links(base: BaseURL.of(request), path: "/")
        writer.raw(",\"meta\":{\"schema\":")
        writer.raw(MetaSchemas.apiMetadata)
        writer.raw("}}")
        return .json(writer.bytes)
    }
}
