import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import TestSupport
import TopChefHTTP

/// Builds the real application over a temporary log and runs `body` against it.
func withTopChef<T: Sendable>(
    _ setup: TestingSetup = .router, directory: TemporaryDirectory? = nil,
    configure: (inout TopChefConfiguration) -> Void = { _ in },
    _ body: @escaping @Sendable (any TestClientProtocol) async throws -> T
) async throws -> T {
    let temporary = directory ?? TemporaryDirectory()
    defer { withExtendedLifetime(temporary) {} }
    var configuration = TopChefConfiguration(host: "127.0.0.1", port: 0, dataDirectory: temporary.path)
    configuration.logLevelName = "warning"
    configure(&configuration)
    let app = try await buildApplication(configuration)
    return try await app.test(setup) { client in try await body(client) }
}

/// A response with its body decoded as JSON.
struct JSONResponse: Sendable {
    /// The status code.
    let status: Int
    /// The headers.
    let headers: HTTPFields
    /// The body's bytes.
    let bytes: [UInt8]

    /// The body as text.
    var text: String { String(decoding: bytes, as: UTF8.self) }

    /// The body as a JSON object (empty when it is not one).
    var object: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed])) as? [String: Any] ?? [:]
    }

    /// `data` of the body as an object.
    var data: [String: Any] { object["data"] as? [String: Any] ?? [:] }

    /// `data` of the body as an array of objects.
    var dataList: [[String: Any]] { object["data"] as? [[String: Any]] ?? [] }

    /// The titles of the errors.
    var errorTitles: [String] {
        (object["errors"] as? [[String: Any]] ?? []).compactMap { $0["title"] as? String }
    }

    /// The details of the errors.
    var errorDetails: [String] {
        (object["errors"] as? [[String: Any]] ?? []).compactMap { $0["detail"] as? String }
    }

    /// The `Location` header.
    var location: String? { headers[.location] }

    /// The last path segment of `Location`: the new resource's id.
    var createdID: String? { location?.split(separator: "/").last.map(String.init) }
}

extension HTTPField.Name {
    static let testHost = HTTPField.Name("Host")!
}

extension TestClientProtocol {
    /// Sends a request (JSON body if given, `Content-Type: application/json` unless told otherwise).
    func send(
        _ method: HTTPRequest.Method, _ uri: String, json: String? = nil, headers: HTTPFields = [:],
        contentType: String? = "application/json"
    ) async throws -> JSONResponse {
        var headers = headers
        if let contentType, json != nil, headers[.contentType] == nil { headers[.contentType] = contentType }
        if headers[.testHost] == nil { headers[.testHost] = "topchef.test:5000" }
        let body = json.map { ByteBuffer(string: $0) }
        return try await execute(uri: uri, method: method, headers: headers, body: body) { response in
            JSONResponse(
                status: Int(response.status.code), headers: response.headers,
                bytes: Array(response.body.readableBytesView))
        }
    }

    /// Registers a service and returns its id.
    func registerService(
        name: String = "Testing Service", parameters: String = Fixtures.parametersSchema,
        results: String = Fixtures.resultsSchema
    ) async throws -> String {
        let response = try await send(
            .post, "/services",
            json:
                #"{"name":"\#(name)","description":"Description for the \#(name)","job_registration_schema":\#(parameters),"job_result_schema":\#(results)}"#
        )
        guard response.status == 201, let id = response.createdID else {
            throw TestFailure("registration failed: \(response.status) \(response.text)")
        }
        return id
    }

    /// Submits a job and returns its id.
    func submitJob(_ serviceID: String, parameters: String = #"{"value":3}"#) async throws -> String {
        let response = try await send(.post, "/services/\(serviceID)/jobs", json: #"{"parameters":\#(parameters)}"#)
        guard response.status == 201, let id = response.createdID else {
            throw TestFailure("submission failed: \(response.status) \(response.text)")
        }
        return id
    }
}

/// A failure in a test helper.
struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Schemas and bodies the tests share.
enum Fixtures {
    static let parametersSchema =
        #"{"type":"object","properties":{"value":{"type":"integer","minimum":1,"maximum":10}},"required":["value"]}"#
    static let resultsSchema = #"{"type":"object","properties":{"count":{"type":"integer"}},"required":["count"]}"#
    /// The key sets the Java client accepts.
    static let jobDetailKeys: Set<String> = ["date_submitted", "id", "parameters", "results", "status"]
    static let jobOverviewKeys: Set<String> = ["date_submitted", "id", "status"]
    static let serviceOverviewKeys: Set<String> = ["description", "id", "name"]
    static let serviceDetailKeys: Set<String> = [
        "description", "has_timed_out", "id", "is_service_available", "job_registration_schema",
        "job_result_schema", "jobs", "name", "timeout",
    ]
}
