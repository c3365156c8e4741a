import HTTPTypes
import Hummingbird
import NIOCore

/// What runs before routing: the method override of the original's middleware, and `HEAD`.
///
/// - `X-HTTP-Method-Override` (its value case-insensitive, one of GET, HEAD, POST, DELETE, PUT, PATCH,
///   OPTIONS) replaces the request's method; overriding to GET, HEAD, OPTIONS or DELETE drops the body.
///   Other values are ignored.
/// - `HEAD` is answered like `GET`, without the body (the headers, `Content-Length` included, stay).
struct MethodOverrideResponder<Base: HTTPResponder>: HTTPResponder {
    typealias Context = Base.Context

    /// The router.
    let base: Base

    func respond(to request: Request, context: Context) async throws -> Response {
        var request = request
        if let value = request.headers.value(of: .methodOverride), let method = Self.overridable(value) {
            var head = request.head
            head.method = method
            let bodyless: Set<HTTPRequest.Method> = [.get, .head, .options, .delete]
            request = Request(
                head: head, body: bodyless.contains(method) ? RequestBody(buffer: ByteBuffer()) : request.body)
        }
        guard request.method == .head else { return try await base.respond(to: request, context: context) }
        var head = request.head
        head.method = .get
        let response = try await base.respond(to: Request(head: head, body: request.body), context: context)
        return response.createHeadResponse()
    }

    /// The method an override header value names, if it is one the original accepted.
    static func overridable(_ value: String) -> HTTPRequest.Method? {
        switch value.trimming(" \t").uppercased() {
        case "GET": .get
        case "HEAD": .head
        case "POST": .post
        case "DELETE": .delete
        case "PUT": .put
        case "PATCH": .patch
        case "OPTIONS": .options
        default: nil
        }
    }
}
