import Foundation
import TopChefCore

/// Everything a client can read from a projection, in a comparable form: two states that answer every
/// read the same are equal.
struct ProjectionViews: Equatable {
    var services: [ServiceRecord]
    var jobs: [JobRecord]
    var queues: [UUID: [UUID]]
    var lastSequence: UInt64
    var jobCounts: [JobStatus: Int]

    init(_ state: ProjectionState) {
        var state = state
        services = state.allServices
        jobs = state.jobs(after: nil, limit: .max) ?? []
        var queues: [UUID: [UUID]] = [:]
        for service in services {
            queues[service.id] = state.queue(ofService: service.id, limit: .max)?.map(\.id)
        }
        self.queues = queues
        lastSequence = state.lastSequence
        jobCounts = state.jobCounts.filter { $0.value != 0 }
    }
}
