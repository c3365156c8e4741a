import HTTPTypes
import Hummingbird

/// Sends job submissions (`POST /services/<id>/jobs`, the busiest route) to their handler without the
/// router, and everything else to the router.
///
/// The router's trie walk (a `Character`-by-`Character` split of the path, a parameters dictionary, the
/// endpoint's path spelled anew) cost about 8 % of a submission's task time. Only paths the router would
/// certainly give the same route and the same `id` are taken: `/services/`, one non-empty segment of
/// printable ASCII other than `/`, `/jobs`. No other route begins with `/services/<literal>/`, so nothing
/// more specific could win. The handler runs inside the same error middleware as every routed handler.
struct HotRouteResponder<Base: HTTPResponder>: HTTPResponder where Base.Context == TopChefRequestContext {
    typealias Context = TopChefRequestContext

    /// The router.
    let base: Base
    /// The error edge the router puts around every route.
    let errorMiddleware: ErrorMiddleware
    /// The submission handler, given the path's `id` segment.
    let submit: @Sendable (Request, Context, String) async throws -> Response

    /// The submission route's path, as the router records it in the context.
    private let endpointPath = RouterPath("/services/:id/jobs").description

    func respond(to request: Request, context: Context) async throws -> Response {
        guard request.method == .post, let id = Self.submissionServiceID(request.uri.path) else {
            return try await base.respond(to: request, context: context)
        }
        var context = context
        // The id goes to the handler directly: a one-entry parameters dictionary, built through
        // Hummingbird's unspecialized generic code, cost about 2 % of a submission's server time.
        context.coreContext.endpointPath.value = endpointPath
        let servicePathID = String(id)
        return try await errorMiddleware.handle(request, context: context) { request, context in
            try await submit(request, context, servicePathID)
        }
    }

    /// The `id` segment of `path` when it is `/services/<id>/jobs` in the narrow form described above.
    static func submissionServiceID(_ path: String) -> Substring? {
        let prefix = "/services/".utf8
        let suffix = "/jobs".utf8
        let utf8 = path.utf8
        guard utf8.count > prefix.count + suffix.count, utf8.starts(with: prefix),
            utf8.reversed().starts(with: suffix.reversed())
        else { return nil }
        let start = utf8.index(utf8.startIndex, offsetBy: prefix.count)
        let end = utf8.index(utf8.endIndex, offsetBy: -suffix.count)
        for byte in utf8[start..<end] where byte == UInt8(ascii: "/") || byte <= 0x20 || byte >= 0x7F {
            return nil
        }
        return path[start..<end]
    }
}
