import HTTPTypes
import Hummingbird
import JSONSchema
import NIOCore

/// Reads request bodies the way the original server did (Flask's `request.is_json` and `get_json`).
enum RequestJSON {
    /// Whether `contentType` is `application/json` or `application/<anything>+json`, parameters allowed.
    static func isJSONContentType(_ contentType: String?) -> Bool {
        guard let contentType else { return false }
        // What every client sends, answered without splitting and lowercasing (a measurable cost per POST).
        if contentType == "application/json" { return true }
        let mediaType = contentType.split(separator: ";", maxSplits: 1).first.map {
            $0.trimmingWhitespace().lowercased()
        }
        guard let mediaType, mediaType.hasPrefix("application/") else { return false }
        return mediaType == "application/json" || mediaType.hasSuffix("+json")
    }

    /// Collects the body, refusing more than `limit` bytes with a 413.
    static func collectBody(of request: Request, limit: Int) async throws(APIError) -> ByteBuffer {
        if let declared = request.headers.value(of: .contentLength).flatMap({ Int($0) }), declared > limit {
            throw .bodyTooLarge(limit: limit)
        }
        do {
            return try await request.body.collect(upTo: limit)
        } catch is NIOTooManyBytesError {
            throw .bodyTooLarge(limit: limit)
        } catch {
            // What fails while a body streams in is the request itself: a malformed chunk, a connection
            // that closed mid-body.
            throw .bodyUnreadable(error)
        }
    }

    /// The body as a JSON value, or nil when the original would have found no JSON in it: a non-JSON
    /// Content-Type, an empty or malformed body, or `null`. Nesting deeper than `maxDepth` is a 400 of its
    /// own (``APIError/nestingTooDeep(_:)``): such a body may be JSON, and must not pass for none.
    static func read(_ request: Request, limit: Int, maxDepth: Int) async throws(APIError) -> JSONValue? {
        guard let body = try await jsonBody(of: request, limit: limit) else { return nil }
        let value: JSONValue
        do {
            value = try JSONParser.parse(body.readableBytesView, maxDepth: maxDepth)
        } catch {
            if error.isNestingTooDeep { throw .nestingTooDeep(error) }
            return nil
        }
        if case .null = value { return nil }
        return value
    }

    /// The body, or nil when it cannot hold JSON (a non-JSON Content-Type, or empty).
    private static func jsonBody(of request: Request, limit: Int) async throws(APIError) -> ByteBuffer? {
        let isJSON = isJSONContentType(request.headers.value(of: .contentType))
        let body = try await collectBody(of: request, limit: limit)
        guard isJSON, body.readableBytes > 0 else { return nil }
        return body
    }

    /// As ``object(_:limit:maxDepth:)``, keeping the body and where its members' compact texts are.
    static func objectWithText(_ request: Request, limit: Int, maxDepth: Int) async throws(APIError)
        -> RequestObject
    {
        guard let body = try await jsonBody(of: request, limit: limit) else { throw .requestNotJSON }
        let document: ParsedDocument
        do {
            document = try JSONParser.parseWithMemberText(body.readableBytesView, maxDepth: maxDepth)
        } catch {
            throw error.isNestingTooDeep ? .nestingTooDeep(error) : .requestNotJSON
        }
        return RequestObject(object: try requireObject(document.value), document: document, body: body)
    }

    /// The body as a JSON object: 400 `Request Not JSON` when there is no JSON, 400 `_schema`
    /// `Invalid input type.` when it is JSON but not an object.
    static func object(_ request: Request, limit: Int, maxDepth: Int) async throws(APIError) -> JSONObject {
        try requireObject(try await read(request, limit: limit, maxDepth: maxDepth))
    }

    /// `value` as an object: 400 `Request Not JSON` for no JSON or `null`, 400 `_schema` `Invalid input
    /// type.` for any other non-object.
    private static func requireObject(_ value: JSONValue?) throws(APIError) -> JSONObject {
        switch value {
        case nil, .null?: throw .requestNotJSON
        case .object(let object)?: return object
        default: throw .deserialization(key: "_schema", message: "Invalid input type.")
        }
    }
}

extension Substring {
    /// The text without leading and trailing spaces and tabs.
    func trimmingWhitespace() -> Substring {
        var text = self
        while let first = text.first, first == " " || first == "\t" { text.removeFirst() }
        while let last = text.last, last == " " || last == "\t" { text.removeLast() }
        return text
    }
}
