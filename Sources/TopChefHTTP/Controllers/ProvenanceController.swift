import EventStore
import Foundation
import Hummingbird
import TopChefCore

/// `/jobs/<id>/history`, `/services/<id>/history` and `/events`: the provenance of the log, as the CLI's
/// `history --json` and `log --json` render it (``ProvenanceJSON``). These routes read the log, not only
/// the projections; the contract's existing objects gain no keys.
struct ProvenanceController {
    let api: TopChefAPI

    /// The most events one page of `/events` holds.
    static let maximumPage = 1000

    /// Adds `GET /jobs/<id>/history`, `GET /services/<id>/history` and `GET /events?after=SEQ&limit=N`.
    func addRoutes(to routes: Routes) {
        routes.on("/jobs/:id/history", .get) { _, context in try await self.jobHistory(context) }
        routes.on("/services/:id/history", .get) { _, context in try await self.serviceHistory(context) }
        routes.on("/events", .get) { request, _ in try await self.events(request) }
    }

    /// The job's service and schemas as at submission, its parameters and every event with times.
    func jobHistory(_ context: TopChefRequestContext) async throws -> Response {
        let job = try api.job(context)
        let history = try await ProvenanceReader(store: api.broker.store).jobHistory(job.id)
        return .json(ProvenanceJSON.jobHistory(history))
    }

    /// The service's registration and changes, and its jobs (from the projection).
    func serviceHistory(_ context: TopChefRequestContext) async throws -> Response {
        let service = try api.service(context)
        let jobs = api.broker.projection.read { $0.jobs(ofService: service.id, after: nil, limit: .max) } ?? []
        let history = try await ProvenanceReader(store: api.broker.store)
            .serviceHistory(service.id, jobs: jobs.map(ServiceJobSummary.init))
        return .json(ProvenanceJSON.serviceHistory(history))
    }

    /// Up to `limit` (default 100, at most 1000) durable events after sequence number `after` (default 0).
    func events(_ request: Request) async throws -> Response {
        let query = request.uri.queryParameters
        var after: UInt64 = 0
        if let text = query.get("after") {
            guard let value = UInt64(text) else {
                throw APIError.deserialization(key: "after", message: "Not a valid sequence number.")
            }
            after = value
        }
        var limit = 100
        if let text = query.get("limit") {
            guard let value = Int(text), value >= 1 else {
                throw APIError.deserialization(key: "limit", message: "Not a valid positive integer.")
            }
            limit = min(value, Self.maximumPage)
        }
        let store = api.broker.store
        let last = store.lastSequence
        let events = after >= last ? [] : try await store.read(from: after + 1, limit: limit)
        return .json(
            try ProvenanceJSON.eventsPage(events, after: after, lastSequence: max(last, events.last?.sequence ?? 0)))
    }
}
