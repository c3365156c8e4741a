import EventStore
import Foundation
import HTTPTypes
import Hummingbird
import JSONSchema
import TopChefCore

/// What the controllers share: the broker (commands and projections), the compiled schemas and the
/// configuration.
struct TopChefAPI: Sendable {
    /// The broker.
    let broker: Broker
    /// The compiled service schemas.
    let schemas: SchemaCache
    /// The configuration.
    let configuration: TopChefConfiguration

    /// The request body as a JSON object (400 `Request Not JSON` / `_schema` otherwise).
    func object(_ request: Request) async throws(APIError) -> JSONObject {
        try await RequestJSON.object(
            request, limit: configuration.maxBodySize, maxDepth: configuration.maxJSONDepth)
    }

    /// As ``object(_:)``, keeping the body and where its compact members are.
    func objectWithText(_ request: Request) async throws(APIError) -> RequestObject {
        try await RequestJSON.objectWithText(
            request, limit: configuration.maxBodySize, maxDepth: configuration.maxJSONDepth)
    }

    /// The request body as JSON, or nil when it has none.
    func json(_ request: Request) async throws(APIError) -> JSONValue? {
        try await RequestJSON.read(request, limit: configuration.maxBodySize, maxDepth: configuration.maxJSONDepth)
    }

    /// The service named by the path parameter `id` (404 `Not UUID Error` / `Service Not Found`).
    func service(_ context: some RequestContext) throws(APIError) -> ServiceRecord {
        try service(pathID: context.parameters.get("id"))
    }

    /// The service named by `pathID`, the text of a path's `id` segment (404 `Not UUID Error` /
    /// `Service Not Found`).
    func service(pathID: String?) throws(APIError) -> ServiceRecord {
        let id = try PathID.parse(pathID)
        guard let service = broker.projection.read({ $0.service(id) }) else { throw .serviceNotFound(id) }
        return service
    }

    /// The job named by the path parameter `id` (404 `Not UUID Error` / `Job Not Found`).
    func job(_ context: some RequestContext) throws(APIError) -> JobRecord {
        let id = try PathID.parse(context.parameters.get("id"))
        guard let job = broker.projection.read({ $0.job(id) }) else { throw .jobNotFound(id) }
        return job
    }

    /// Event metadata carrying the request id.
    func metadata(_ context: some RequestContext) -> EventMetadata {
        EventMetadata(requestID: context.id)
    }
}

/// Absolute URLs built from the request's `Host`.
enum BaseURL {
    private static let hostField = HTTPField.Name("Host")!

    /// `http://<host>` of the request (no trailing slash).
    static func of(_ request: Request) -> String {
        let host = request.headers.value(of: hostField) ?? request.head.authority ?? "localhost"
        return "http://" + host
    }
}
