import EventStore
import Foundation
import Hummingbird
import JSONSchema
import TopChefCore

/// `/jobs` and `/jobs/<id>`: list and read jobs, and record their status and results.
struct JobsController {
    let api: TopChefAPI

    /// Adds `GET /jobs`, `GET`/`PATCH /jobs/<id>` and the older client's `PUT /jobs/<id>`.
    func addRoutes(to routes: Routes) {
        routes.on("/jobs", .get) { request, _ in try self.list(request) }
        routes.on("/jobs/:id", .get) { request, context in try self.detail(request, context) }
        routes.on("/jobs/:id", .patch) { request, context in try await self.modify(request, context) }
        routes.on("/jobs/:id", .put) { request, context in try await self.replace(request, context) }
    }

    func list(_ request: Request) throws -> Response {
        let page = try Page.of(request)
        let projection = api.broker.projection
        let (jobs, next) = try Page.jobs(page) { after, limit in
            projection.read { $0.jobs(after: after, limit: limit) }
        }
        var writer = JSONOutput(capacity: 1024 + jobs.count * 110)
        writer.raw("{\"data\":")
        writer.array(jobs) { $0.jobOverview($1) }
        writer.byte(UInt8(ascii: ","))
        writer.links(
            base: BaseURL.of(request), path: "/jobs", next: next.flatMap { page?.nextPath("/jobs", after: $0) })
        writer.raw(",\"meta\":{\"data_schema\":")
        writer.raw(MetaSchemas.jobOverviewList)
        writer.raw("}}")
        return .json(writer.bytes)
    }

    func detail(_ request: Request, _ context: TopChefRequestContext) throws -> Response {
        let job = try api.job(context)
        var writer = JSONOutput(capacity: 2048 + job.parameters.count + (job.results?.count ?? 0))
        writer.raw("{\"data\":")
        writer.jobDetail(job)
        writer.byte(UInt8(ascii: ","))
        writer.links(base: BaseURL.of(request), path: "/jobs/" + job.id.lowercasedString)
        writer.raw(",\"meta\":{\"job_info_schema\":")
        writer.raw(MetaSchemas.jobInfo)
        writer.raw(",\"patch_request_schema\":")
        writer.raw(MetaSchemas.jobPatchRequest)
        writer.raw("}}")
        return .json(writer.bytes)
    }

    /// `PATCH`: `status` and/or `results` (validated against the service's results schema); nothing
    /// changes unless everything is valid. Answers the bare job object.
    func modify(_ request: Request, _ context: TopChefRequestContext) async throws -> Response {
        let job = try api.job(context)
        let updated = try await update(job, object: try await api.object(request), resultsKey: "results", context)
        var writer = JSONOutput(capacity: 256 + updated.parameters.count + (updated.results?.count ?? 0))
        writer.jobDetail(updated)
        return .json(writer.bytes)
    }

    /// `PUT`, for the client written before version 0.2: the full old job object, whose results are under
    /// `result`. Answers 200 as the old server did.
    func replace(_ request: Request, _ context: TopChefRequestContext) async throws -> Response {
        let job = try api.job(context)
        let object = try await api.object(request)
        let updated = try await update(
            job, object: object, resultsKey: object["result"] == nil ? "results" : "result", context)
        var writer = JSONOutput(capacity: 1024)
        writer.raw("{\"data\":{\"job_schema\":")
        writer.raw(MetaSchemas.jobInfo)
        writer.raw(",\"message\":\"Job ")
        writer.uuidText(updated.id)
        writer.raw(" successfully updated\"}}")
        return .json(writer.bytes, location: BaseURL.of(request) + "/jobs/" + updated.id.lowercasedString)
    }

    private func update(
        _ job: JobRecord, object: JSONObject, resultsKey: String, _ context: TopChefRequestContext
    ) async throws -> JobRecord {
        var fields = FieldReader(object)
        let status = fields.status("status")
        let results = fields.object(resultsKey, required: false, nullAllowed: true)
        try fields.check()
        var resultsText: [UInt8]?
        if let results {
            guard let service = api.broker.projection.read({ $0.service(job.serviceID) }) else {
                throw APIError.serviceNotFound(job.serviceID)
            }
            let schemas = try api.schemas.schemas(for: service)
            let value = JSONValue.object(results)
            if !schemas.results.isValid(value) { throw APIError.validation(schemas.results.validate(value).errors) }
            resultsText = value.serialized()
        }
        if status == nil && resultsText == nil { return job }
        return try await api.broker.updateJob(
            UpdateJob(jobID: job.id, status: status, results: resultsText), metadata: api.metadata(context))
    }
}
