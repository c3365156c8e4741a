import EventStore
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import TopChefCore

/// The one edge where errors become HTTP responses: every error a route throws is answered with the
/// contract's JSON error document, never an HTML page. A request for no route gets a JSON 404, a known
/// path with another method a JSON 405 with `Allow`, and `OPTIONS` on a known path its `Allow` list.
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = TopChefRequestContext

    /// The methods of each route.
    let allowedMethods: AllowedMethodsBox
    /// The body limit, for the 413 detail.
    let maxBodySize: Int

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let response: Response
        do {
            response = try await next(request, context)
        } catch {
            let apiError = translate(error, request: request)
            if apiError.status.code >= 500 {
                context.logger.error(
                    "request failed",
                    metadata: ["error": "\(apiError)", "method": "\(request.method)", "path": "\(request.uri.path)"])
            } else {
                context.logger.debug("request refused", metadata: ["error": "\(apiError)"])
            }
            if request.method == .options, apiError.status == .methodNotAllowed {
                return Response(status: .ok, headers: apiError.headers)
            }
            return try apiError.response(from: request, context: context)
        }
        context.logger.debug(
            "request",
            metadata: [
                "method": "\(request.method)", "path": "\(request.uri.path)", "status": "\(response.status.code)",
            ])
        return response
    }

    /// The API error `error` stands for.
    func translate(_ error: any Error, request: Request) -> APIError {
        switch error {
        case let error as APIError:
            return error
        case let error as HTTPError where error.status == .notFound:
            let path = request.uri.path
            guard let methods = allowedMethods.methods(for: path) else { return .routeNotFound(path) }
            return .methodNotAllowed(request.method.rawValue, allowed: methods)
        case let error as HTTPError:
            return APIError(status: error.status.code, title: error.status.reasonPhrase, detail: error.body ?? "")
        case is NIOTooManyBytesError:
            return .bodyTooLarge(limit: maxBodySize)
        case let error as DomainError:
            switch error {
            case .serviceNotFound(let id): return .serviceNotFound(id)
            case .jobNotFound(let id): return .jobNotFound(id)
            case .invalidTimeout:
                return .deserialization(key: "timeout", message: "The timeout must be a time longer than 0 seconds")
            case .serviceAlreadyExists, .jobAlreadyExists, .contention:
                return APIError(status: 409, title: "Conflict", detail: error.description)
            }
        case let error as EventStoreError:
            return .database(error)
        default:
            return .internal(error)
        }
    }
}
