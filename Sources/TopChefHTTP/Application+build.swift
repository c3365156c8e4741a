import EventStore
public import Hummingbird
import Logging
import TopChefCore

/// Builds the TopChef application: opens (or creates) the event log in the configured directory,
/// compiles every stored service schema, and serves the API. Tests build the same application.
public func buildApplication(_ configuration: TopChefConfiguration) async throws -> some ApplicationProtocol {
    var logger = Logger(label: "topchef") { StandardErrorLogHandler(label: $0) }
    logger.logLevel = configuration.logLevel
    let broker = try Broker.open(
        directory: configuration.dataDirectory, options: .init(durable: configuration.durable))
    let schemas = SchemaCache()
    let services = broker.projection.read { $0.allServices }
    schemas.warm(services)
    let jobCount = broker.projection.read { $0.jobCount }
    logger.info(
        "event log open",
        metadata: [
            "path": "\(configuration.dataDirectory)", "services": "\(services.count)", "jobs": "\(jobCount)",
        ])
    let api = TopChefAPI(broker: broker, schemas: schemas, configuration: configuration)
    let (router, errorMiddleware) = buildRouter(api)
    let host = configuration.host
    let serverLogger = logger
    let jobsForService = JobsForServiceController(api: api)
    let responder = HotRouteResponder(
        base: router.buildResponder(), errorMiddleware: errorMiddleware,
        submit: { request, context, id in try await jobsForService.submit(request, context, servicePathID: id) })
    return Application(
        responder: MethodOverrideResponder(base: responder),
        // Answers what the HTTP parser refuses with the JSON error document (see the handler).
        server: .http1(configuration: .init(additionalChannelHandlers: [MalformedRequestHandler()])),
        configuration: ApplicationConfiguration(address: .hostname(host, port: configuration.port), serverName: nil),
        services: [BrokerService(broker: broker, logger: logger)],
        onServerRunning: { channel in
            serverLogger.info(
                "TopChef listening",
                metadata: ["host": "\(host)", "port": "\(channel.localAddress?.port ?? configuration.port)"])
        },
        logger: logger
    )
}

/// Builds the router with every route of the API and the error edge (returned too, for the routes
/// answered before the router).
func buildRouter(_ api: TopChefAPI) -> (Router<TopChefRequestContext>, ErrorMiddleware) {
    let router = Router(context: TopChefRequestContext.self)
    let routes = Routes(router: router)
    // The error middleware is added first so that it wraps every route; it needs the finished table,
    // which it reads through a box filled once the routes are in.
    let table = AllowedMethodsBox()
    let errorMiddleware = ErrorMiddleware(allowedMethods: table, maxBodySize: api.configuration.maxBodySize)
    router.add(middleware: errorMiddleware)
    MetadataController(metadata: api.configuration.metadata).addRoutes(to: routes)
    ServicesController(api: api).addRoutes(to: routes)
    JobsForServiceController(api: api).addRoutes(to: routes)
    JobsController(api: api).addRoutes(to: routes)
    ValidatorController(api: api).addRoutes(to: routes)
    ProvenanceController(api: api).addRoutes(to: routes)
    table.set(routes.allowedMethods)
    return (router, errorMiddleware)
}

/// Builds the application and runs it until SIGTERM or SIGINT, which stop it gracefully: requests in
/// flight finish, then the event log closes.
public func runApplication(_ configuration: TopChefConfiguration) async throws {
    let app = try await buildApplication(configuration)
    try await app.runService()
}
