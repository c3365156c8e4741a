import EventStore
import Foundation
import Hummingbird
import JSONSchema
import Logging
import TopChefCore

/// `/services` and `/services/<id>`: register, list, describe, check in and modify services.
struct ServicesController {
    let api: TopChefAPI

    /// Adds `GET`/`POST /services` and `GET`/`PATCH /services/<id>`.
    func addRoutes(to routes: Routes) {
        routes.on("/services", .get) { request, _ in self.list(request) }
        routes.on("/services", .post) { request, context in try await self.register(request, context) }
        routes.on("/services/:id", .get) { request, context in try self.detail(request, context) }
        routes.on("/services/:id", .patch) { request, context in try await self.modify(request, context) }
    }

    func list(_ request: Request) -> Response {
        let services = api.broker.projection.read { $0.allServices }
        var writer = JSONOutput(capacity: 2048 + services.count * 128)
        writer.raw("{\"data\":[")
        for (position, service) in services.enumerated() {
            if position > 0 { writer.byte(UInt8(ascii: ",")) }
            writer.serviceOverview(service)
        }
        writer.raw("],")
        writer.links(base: BaseURL.of(request), path: "/services")
        writer.raw(",\"meta\":{\"new_service_schema\":")
        writer.raw(MetaSchemas.newService)
        writer.raw(",\"service_schema\":")
        writer.raw(MetaSchemas.serviceOverview)
        writer.raw("}}")
        return .json(writer.bytes)
    }

    func register(_ request: Request, _ context: TopChefRequestContext) async throws -> Response {
        var fields = FieldReader(try await api.object(request))
        let name = fields.string("name", required: true)
        let description = fields.string("description", required: true)
        let parametersSchema = fields.object("job_registration_schema", required: true)
        let resultsSchema = fields.object("job_result_schema", required: true)
        try fields.check()
        guard let name, let description, let parametersSchema, let resultsSchema else { throw APIError.requestNotJSON }
        var errors: [APIError.Entry] = []
        var compiled: [CompiledSchema] = []
        for (key, schema) in [("job_registration_schema", parametersSchema), ("job_result_schema", resultsSchema)] {
            do {
                compiled.append(try CompiledSchema(.object(schema), options: api.schemas.options))
            } catch {
                errors.append(APIError.unusableSchema(key: key, error))
            }
        }
        if !errors.isEmpty { throw APIError(errors) }
        let command = RegisterService(
            name: name, description: description, parametersSchema: JSONValue.object(parametersSchema).serialized(),
            resultsSchema: JSONValue.object(resultsSchema).serialized())
        api.schemas.insert(ServiceSchemas(parameters: compiled[0], results: compiled[1]), for: command.serviceID)
        let service = try await api.broker.registerService(command, metadata: api.metadata(context))
        context.logger.info("service registered", metadata: ["service.id": "\(service.id.lowercasedString)"])
        let base = BaseURL.of(request)
        var writer = JSONOutput(capacity: 1024 + service.parametersSchema.count + service.resultsSchema.count)
        writer.raw("{\"data\":{\"message\":\"service successfully created\",\"service_details\":")
        writer.serviceDetail(service, jobs: [], now: api.broker.now)
        writer.raw("},")
        writer.links(base: base, path: "/services")
        writer.byte(UInt8(ascii: "}"))
        return .json(writer.bytes, status: .created, location: base + "/services/" + service.id.lowercasedString)
    }

    func detail(_ request: Request, _ context: TopChefRequestContext) throws -> Response {
        let service = try api.service(context)
        return try detailResponse(request, service: service, page: try Page.of(request))
    }

    /// The envelope of `GET /services/<id>`: the detail, `meta.service_schema` and `links`.
    func detailResponse(_ request: Request, service: ServiceRecord, page: Page?) throws(APIError) -> Response {
        let projection = api.broker.projection
        let (jobs, next) = try Page.jobs(page) { after, limit in
            projection.read { $0.jobs(ofService: service.id, after: after, limit: limit) }
        }
        let path = "/services/" + service.id.lowercasedString
        var writer = JSONOutput(
            capacity: 2048 + service.parametersSchema.count + service.resultsSchema.count + jobs.count * 100)
        writer.raw("{\"data\":")
        writer.serviceDetail(service, jobs: jobs, now: api.broker.now)
        writer.byte(UInt8(ascii: ","))
        writer.links(base: BaseURL.of(request), path: path, next: next.flatMap { page?.nextPath(path, after: $0) })
        writer.raw(",\"meta\":{\"service_schema\":")
        writer.raw(MetaSchemas.serviceDetail)
        writer.raw("}}")
        return .json(writer.bytes)
    }

    /// Every PATCH checks the service in first, whatever follows. Without a JSON body that is all it
    /// does; with one, its fields are applied all-or-nothing.
    func modify(_ request: Request, _ context: TopChefRequestContext) async throws -> Response {
        let service = try api.service(context)
        let checkedIn = try await api.broker.checkIn(serviceID: service.id)
        guard let body = try await api.json(request) else {
            var writer = JSONOutput(capacity: 64)
            writer.raw("{\"meta\":\"Service checked in at ")
            writer.timestampText(checkedIn, style: .pythonNaive)
            writer.raw("\"}")
            return .json(writer.bytes)
        }
        guard case .object(let object) = body else {
            throw APIError.deserialization(key: "_schema", message: "Invalid input type.")
        }
        var fields = FieldReader(object)
        let command = UpdateService(
            serviceID: service.id, name: fields.string("name", required: false),
            description: fields.string("description", required: false), timeoutSeconds: fields.timeout("timeout"),
            isAvailable: fields.boolean("is_available"))
        try fields.check()
        let updated = try await api.broker.updateService(command, metadata: api.metadata(context))
        return try detailResponse(request, service: updated, page: nil)
    }
}
