import EventStore
import Foundation
import HTTPTypes
import JSONSchema
import NIOHTTP1
import TopChefCore

/// The errors of the contract, with its exact titles and detail texts (typos included).
extension APIError {
    /// 404 `Not UUID Error`: a path segment that is not an id.
    static func notUUID(_ text: String) -> APIError {
        APIError(
            status: 404, title: "Not UUID Error", detail: "The string \(text) could not be converted to a UUID")
    }

    /// 404 `Service Not Found`.
    static func serviceNotFound(_ id: UUID) -> APIError {
        APIError(status: 404, title: "Service Not Found", detail: DomainError.serviceNotFound(id).description)
    }

    /// 404 `Job Not Found`.
    static func jobNotFound(_ id: UUID) -> APIError {
        APIError(status: 404, title: "Job Not Found", detail: DomainError.jobNotFound(id).description)
    }

    /// 400 `Request Not JSON`: no JSON content type, an empty or malformed body, or `null`.
    static let requestNotJSON = APIError(
        status: 400, title: "Request Not JSON",
        detail:
            "Could not undertand input. Either it is not JSON, or the type was not specified using the Content-Type header"
    )

    /// 400 `Request Too Deeply Nested`: JSON that nests deeper than the server parses. Not `Request Not
    /// JSON`, which would tell the client its JSON is malformed, and never taken for "no body" (a PATCH
    /// would then be a bare check-in and silently drop the fields sent).
    static func nestingTooDeep(_ error: JSONParseError) -> APIError {
        APIError(
            status: 400, title: "Request Too Deeply Nested",
            detail: "The request body was refused: \(error.description)")
    }

    /// 400 `Request Body Unreadable`: the body could not be read as HTTP (a malformed chunked encoding, a
    /// connection closed mid-body). Always the client's doing, so never a 500.
    static func bodyUnreadable(_ error: any Error) -> APIError {
        APIError(
            status: 400, title: "Request Body Unreadable", detail: "The request body could not be read: \(error)")
    }

    /// 400 `Malformed HTTP Request` (431 `Request Header Fields Too Large` for headers over the parser's
    /// limits): a request the HTTP parser refused before any route could see it.
    static func malformedHTTP(_ error: any Error) -> APIError {
        if case .headerOverflow? = error as? HTTPParserError {
            return APIError(
                status: 431, title: "Request Header Fields Too Large",
                detail: "The request's headers are larger than the server accepts")
        }
        return APIError(
            status: 400, title: "Malformed HTTP Request",
            detail: "The request could not be read as HTTP/1.1: \(error)")
    }

    /// One 400 `Deserialization Error From Client Data` entry for `key` with marshmallow's `message`.
    static func deserializationEntry(key: String, message: String) -> Entry {
        Entry(
            statusCode: 400, title: "Deserialization Error From Client Data",
            detail: "Valdation of key '\(key)' threw error '['\(message)']'.")
    }

    /// 400 `Deserialization Error From Client Data` for one key.
    static func deserialization(key: String, message: String) -> APIError {
        APIError([deserializationEntry(key: key, message: message)])
    }

    /// 400 `JSONSchema Validation Error`, one entry per validation error.
    static func validation(_ errors: [ValidationError]) -> APIError {
        APIError(
            errors.map { error in
                let place = error.instanceLocation.isEmpty ? "" : " at \(error.instanceLocation)"
                return Entry(
                    statusCode: 400, title: "JSONSchema Validation Error",
                    detail: "Validation of schema [] threw error \(error.message)\(place)")
            })
    }

    /// 400 for a schema that cannot be evaluated, naming the field, the keyword and its location.
    static func unusableSchema(key: String, _ error: SchemaCompilationError) -> Entry {
        deserializationEntry(key: key, message: error.description)
    }

    /// 404 for a path that is no route.
    static func routeNotFound(_ path: String) -> APIError {
        APIError(
            status: 404, title: "Not Found",
            detail: "The requested URL \(path) was not found on the server")
    }

    /// 405 `Method Not Implemented`, with the `Allow` header.
    static func methodNotAllowed(_ method: String, allowed: [HTTPRequest.Method]) -> APIError {
        let list = allowed.map(\.rawValue).joined(separator: ", ")
        return APIError(
            status: 405, title: "Method Not Implemented",
            detail: "Attempted to call method \(method). Available methods are \(list)",
            headers: [.allow: list])
    }

    /// 413 for a body over the limit.
    static func bodyTooLarge(limit: Int) -> APIError {
        APIError(
            status: 413, title: "Request Entity Too Large",
            detail: "The request body is larger than the limit of \(limit) bytes")
    }

    /// 503 `Database Error`: the log could not be written.
    static func database(_ error: any Error) -> APIError {
        APIError(status: 503, title: "Database Error", detail: "The event log threw error \(error)")
    }

    /// 500 for anything unexpected (never an HTML page).
    static func `internal`(_ error: any Error) -> APIError {
        APIError(
            status: 500, title: "Internal Server Error",
            detail: "The server could not complete the request: \(error)")
    }
}
