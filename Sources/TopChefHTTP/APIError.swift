public import HTTPTypes
public import Hummingbird
import TopChefCore

/// An error answered to the client as the TopChef error document
/// `{"errors": [{"status_code": int, "title": str, "detail": str}]}`.
///
/// Every failure of a request ends up as one of these, in ``ErrorMiddleware``: the one place where errors
/// become HTTP responses.
public struct APIError: Error, HTTPResponseError, Sendable, CustomStringConvertible {
    /// One entry of the `errors` list.
    public struct Entry: Sendable, Hashable {
        /// The entry's HTTP status code.
        public var statusCode: Int
        /// The error's title, one of the contract's.
        public var title: String
        /// What went wrong, naming the values involved.
        public var detail: String

        /// An entry.
        public init(statusCode: Int, title: String, detail: String) {
            self.statusCode = statusCode
            self.title = title
            self.detail = detail
        }
    }

    /// The entries, in the order they were found.
    public var entries: [Entry]
    /// Extra response headers (`Allow` on a 405).
    public var headers: HTTPFields

    /// An error with `entries`.
    public init(_ entries: [Entry], headers: HTTPFields = [:]) {
        self.entries = entries
        self.headers = headers
    }

    /// An error with one entry.
    public init(status: Int, title: String, detail: String, headers: HTTPFields = [:]) {
        self.init([Entry(statusCode: status, title: title, detail: detail)], headers: headers)
    }

    /// The response status: the entries' codes combined as part 1 of the contract says (all equal: that
    /// code; all 4xx: 400; anything else, or no entry: 500).
    public var status: HTTPResponse.Status {
        guard let first = entries.first?.statusCode else { return .internalServerError }
        if entries.allSatisfy({ $0.statusCode == first }) { return HTTPResponse.Status(code: first) }
        if entries.allSatisfy({ (400..<500).contains($0.statusCode) }) { return .badRequest }
        return .internalServerError
    }

    /// The error document.
    public var body: [UInt8] {
        var writer = JSONOutput(capacity: 128)
        writer.raw("{\"errors\":[")
        for (position, entry) in entries.enumerated() {
            if position > 0 { writer.byte(UInt8(ascii: ",")) }
            writer.raw("{\"detail\":")
            writer.string(entry.detail)
            writer.raw(",\"status_code\":")
            writer.integer(Int64(entry.statusCode))
            writer.raw(",\"title\":")
            writer.string(entry.title)
            writer.byte(UInt8(ascii: "}"))
        }
        writer.raw("]}")
        return writer.bytes
    }

    /// The JSON response for this error.
    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var response = Response.json(body, status: status)
        for field in headers { response.headers.append(field) }
        return response
    }

    /// The entries as "status title: detail" lines.
    public var description: String {
        entries.map { "\($0.statusCode) \($0.title): \($0.detail)" }.joined(separator: "; ")
    }
}
