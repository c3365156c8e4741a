public import HTTPTypes
public import Hummingbird
import Synchronization

/// The request context of every TopChef route.
public typealias TopChefRequestContext = BasicRequestContext

/// Adds routes to a Hummingbird router and remembers which methods each path has, so that a request for
/// a known path with another method gets a 405 with `Allow` (the router alone answers 404), and
/// `OPTIONS` can list them.
public final class Routes {
    /// The router the routes go to.
    public let router: Router<TopChefRequestContext>
    private var table: [(pattern: [Substring], methods: [HTTPRequest.Method])] = []

    /// Routes added to `router`.
    public init(router: Router<TopChefRequestContext>) {
        self.router = router
    }

    /// Adds `handler` for `method` on `path` (`:name` segments are parameters).
    public func on(
        _ path: String, _ method: HTTPRequest.Method,
        use handler: @escaping @Sendable (Request, TopChefRequestContext) async throws -> Response
    ) {
        router.on(RouterPath(path), method: method, use: handler)
        let pattern = path.split(separator: "/")
        if let index = table.firstIndex(where: { $0.pattern == pattern }) {
            table[index].methods.append(method)
        } else {
            table.append((pattern, [method]))
        }
    }

    /// The finished table of paths and methods.
    public var allowedMethods: AllowedMethods {
        AllowedMethods(
            routes: table.map { route in
                var methods = route.methods
                if methods.contains(.get) { methods.append(.head) }
                methods.append(.options)
                return (route.pattern.map(String.init), methods)
            })
    }
}

/// Which methods each route path has.
public struct AllowedMethods: Sendable {
    let routes: [(pattern: [String], methods: [HTTPRequest.Method])]

    /// The methods of the route matching `path`, or nil when no route has this path.
    public func methods(for path: String) -> [HTTPRequest.Method]? {
        let segments = path.split(separator: "/", omittingEmptySubsequences: true)
        for route in routes where route.pattern.count == segments.count {
            let matches = zip(route.pattern, segments).allSatisfy { pattern, segment in
                pattern.hasPrefix(":") || pattern == segment
            }
            if matches { return route.methods }
        }
        return nil
    }
}

/// The table of allowed methods, filled once the routes are in (the error middleware is created before
/// them, so that it wraps every route).
final class AllowedMethodsBox: Sendable {
    private let table = Mutex(AllowedMethods(routes: []))

    /// Replaces the table.
    func set(_ methods: AllowedMethods) {
        table.withLock { $0 = methods }
    }

    /// The methods of the route matching `path`, or nil when no route has this path.
    func methods(for path: String) -> [HTTPRequest.Method]? {
        table.withLock { $0.methods(for: path) }
    }
}
