import Foundation
import Hummingbird
import TopChefCore

/// The optional paging of the routes that list every job: `limit` (how many) and `after` (the id of the
/// last job of the previous page). A request without them gets every job, as the contract says; only a
/// request that uses them gets a `links.next` when more jobs follow.
struct Page {
    /// The job after which the page starts.
    var after: UUID?
    /// The most jobs in the page; nil for all the rest.
    var limit: Int?

    /// How many jobs one read of the projection takes, so that a long listing never holds it long.
    static let chunk = 4096

    /// The paging the request asks for, or nil when it uses neither parameter.
    static func of(_ request: Request) throws(APIError) -> Page? {
        let query = request.uri.queryParameters
        let limitText = query.get("limit")
        let afterText = query.get("after")
        guard limitText != nil || afterText != nil else { return nil }
        var page = Page()
        if let limitText {
            guard let limit = Int(limitText), limit >= 1 else {
                throw .deserialization(key: "limit", message: "Not a valid positive integer.")
            }
            page.limit = limit
        }
        if let afterText {
            guard let after = UUID(lenient: afterText) else {
                throw .deserialization(key: "after", message: "Not a valid UUID.")
            }
            page.after = after
        }
        return page
    }

    /// The jobs of the page and the id to continue after when more follow.
    ///
    /// `read(after, limit)` reads up to `limit` jobs after `after` (nil when `after` is unknown).
    static func jobs(
        _ page: Page?, read: (UUID?, Int) -> [JobRecord]?
    ) throws(APIError) -> (jobs: [JobRecord], next: UUID?) {
        var after = page?.after
        if let limit = page?.limit {
            guard var jobs = read(after, min(limit, Int.max - 1) + 1) else { throw unknownAfter(after) }
            guard jobs.count > limit else { return (jobs, nil) }
            jobs.removeLast(jobs.count - limit)
            return (jobs, jobs.last?.id)
        }
        var all: [JobRecord] = []
        while true {
            guard let chunk = read(after, chunk) else { throw unknownAfter(after) }
            all.append(contentsOf: chunk)
            guard chunk.count == Self.chunk, let last = chunk.last else { return (all, nil) }
            after = last.id
        }
    }

    private static func unknownAfter(_ after: UUID?) -> APIError {
        .deserialization(key: "after", message: "No job with id \(after?.uuidString.lowercased() ?? "") in this list.")
    }

    /// The path and query of the next page after `next`.
    func nextPath(_ path: String, after next: UUID) -> String {
        "\(path)?after=\(next.uuidString.lowercased())" + (limit.map { "&limit=\($0)" } ?? "")
    }
}
