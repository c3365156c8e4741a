import EventStore
import Foundation
import Hummingbird
import JSONSchema
import TopChefCore

/// `/services/<id>/jobs`, `/services/<id>/jobs/next` and `/services/<id>/queue`: submit jobs, list a
/// service's jobs, and hand out the oldest REGISTERED ones.
struct JobsForServiceController {
    let api: TopChefAPI

    /// The most jobs `/queue` returns.
    static let queueLength = 10

    /// Adds the routes.
    func addRoutes(to routes: Routes) {
        routes.on("/services/:id/jobs", .get) { request, context in try self.list(request, context) }
        routes.on("/services/:id/jobs", .post) { request, context in try await self.submit(request, context) }
        routes.on("/services/:id/jobs/next", .get) { request, context in try self.next(request, context) }
        routes.on("/services/:id/queue", .get) { request, context in try self.queue(request, context) }
    }

    func list(_ request: Request, _ context: TopChefRequestContext) throws -> Response {
        let service = try api.service(context)
        let page = try Page.of(request)
        let projection = api.broker.projection
        let (jobs, next) = try Page.jobs(page) { after, limit in
            projection.read { $0.jobs(ofService: service.id, after: after, limit: limit) }
        }
        let path = "/services/\(service.id.lowercasedString)/jobs"
        var writer = JSONOutput(capacity: 4096 + service.parametersSchema.count + jobs.count * 200)
        writer.raw("{\"data\":")
        writer.array(jobs) { $0.jobDetail($1) }
        writer.byte(UInt8(ascii: ","))
        writer.links(base: BaseURL.of(request), path: path, next: next.flatMap { page?.nextPath(path, after: $0) })
        writer.raw(",\"meta\":{\"data_schema\":")
        writer.raw(MetaSchemas.jobsForService)
        writer.raw(",\"new_job_schema\":")
        writer.raw(MetaSchemas.newJobPrefix)
        writer.raw(service.parametersSchema)
        writer.raw(MetaSchemas.newJobSuffix)
        writer.raw("}}")
        return .json(writer.bytes)
    }

    /// Validates the parameters against the service's compiled schema and submits the job durably.
    func submit(_ request: Request, _ context: TopChefRequestContext) async throws -> Response {
        try await submit(request, context, servicePathID: context.parameters.get("id"))
    }

    /// ``submit(_:_:)`` for the service whose path segment is `servicePathID`: what ``HotRouteResponder``
    /// calls without building the router's parameters.
    func submit(_ request: Request, _ context: TopChefRequestContext, servicePathID: String?) async throws
        -> Response
    {
        let service = try api.service(pathID: servicePathID)
        let body = try await api.objectWithText(request)
        var fields = FieldReader(body.object)
        let parameters = fields.object("parameters", required: true)
        try fields.check()
        guard let parameters else { throw APIError.requestNotJSON }
        let schemas = try api.schemas.schemas(for: service)
        let value = JSONValue.object(parameters)
        if !schemas.parameters.isValid(value) {
            throw APIError.validation(schemas.parameters.validate(value).errors)
        }
        let text = body.compactText(ofMember: "parameters", value: value)
        let job = try await api.broker.submitJob(
            SubmitJob(serviceID: service.id, parameters: text), metadata: api.metadata(context))
        // The job is written once and copied: the two copies are the same text.
        var detail = JSONOutput(capacity: 192 + job.parameters.count)
        detail.jobDetail(job)
        var writer = JSONOutput(capacity: 128 + 2 * detail.bytes.count)
        writer.raw("{\"data\":")
        writer.raw(detail.bytes.dropLast())  // the job object's "}": the Python client's copy follows
        writer.raw(",\"job_details\":")
        writer.raw(detail.bytes)
        writer.raw("},\"meta\":\"new job ID is ")
        writer.uuidText(job.id)
        writer.raw("\"}")
        return .json(writer.bytes, status: .created, location: BaseURL.of(request) + "/jobs/" + job.id.lowercasedString)
    }

    func next(_ request: Request, _ context: TopChefRequestContext) throws -> Response {
        let service = try api.service(context)
        let jobs = api.broker.projection.read { $0.queue(ofService: service.id, limit: 1) } ?? []
        guard let job = jobs.first else { return .noContent }
        var writer = JSONOutput(capacity: 1024 + job.parameters.count)
        writer.raw("{\"data\":")
        writer.jobDetail(job)
        writer.byte(UInt8(ascii: ","))
        writer.links(base: BaseURL.of(request), path: "/services/\(service.id.lowercasedString)/jobs/next")
        writer.raw(",\"meta\":{\"job_schema\":")
        writer.raw(MetaSchemas.job)
        writer.raw("}}")
        return .json(writer.bytes)
    }

    func queue(_ request: Request, _ context: TopChefRequestContext) throws -> Response {
        let service = try api.service(context)
        let jobs = api.broker.projection.read { $0.queue(ofService: service.id, limit: Self.queueLength) } ?? []
        guard !jobs.isEmpty else { return .noContent }
        var writer = JSONOutput(capacity: 1024 + jobs.count * 256)
        writer.raw("{\"data\":")
        writer.array(jobs) { $0.jobDetail($1) }
        writer.byte(UInt8(ascii: ","))
        writer.links(base: BaseURL.of(request), path: "/services/\(service.id.lowercasedString)/queue")
        writer.raw(",\"meta\":{\"data_schema\":")
        writer.raw(MetaSchemas.queue)
        writer.raw("}}")
        return .json(writer.bytes)
    }
}
