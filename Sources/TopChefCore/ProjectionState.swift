public import EventStore
public import Foundation
internal import HeapModule

/// The current views, rebuilt from the log: services in registration order, jobs in submission order,
/// each service's jobs, and each service's queue of REGISTERED jobs, oldest first.
///
/// It is a value with no I/O: ``apply(_:sequence:)`` folds one event in. ``Projection`` guards one
/// behind a lock and feeds it from the store.
public struct ProjectionState: DecisionState, Sendable {
    struct ServiceEntry: Sendable {
        var record: ServiceRecord
        /// Indices into `jobs`, in submission order.
        var jobIndices: [Int32] = []
        /// REGISTERED jobs by submission order; entries go stale when a job leaves REGISTERED and are
        /// dropped when they reach the top (see ``QueueEntry``).
        var queue = Heap<QueueEntry>()
        var registeredCount = 0
    }

    /// A place in a service's queue. It is current while the job is REGISTERED and `enqueuedAt` equals the
    /// job's; a job that leaves the queue and comes back gets a new entry, and the old one goes stale.
    struct QueueEntry: Comparable, Sendable {
        var submissionSequence: UInt64
        var jobIndex: Int32
        var enqueuedAt: UInt64

        static func < (lhs: Self, rhs: Self) -> Bool {
            (lhs.submissionSequence, lhs.enqueuedAt) < (rhs.submissionSequence, rhs.enqueuedAt)
        }
    }

    private(set) var services: [ServiceEntry] = []
    private var serviceIndex: [UUID: Int32] = [:]
    /// Every job in submission order; chunked, so that adding one never copies the others.
    private(set) var jobs = ChunkedArray<JobRecord>()
    /// Where each job is in `jobs`; sharded, so that growing it never rehashes every job at once.
    private var jobIndex = ShardedIndex()
    /// For each job, the sequence number at which it last entered REGISTERED.
    private var enqueuedAt = ChunkedArray<UInt64>()
    /// For each job, its position in its service's job list (for paging with `after`).
    private var positionInService = ChunkedArray<Int32>()
    /// The sequence number of the last event applied.
    public private(set) var lastSequence: UInt64 = 0
    /// How many jobs are in each status, indexed by the status's code (an array: replay updates it for
    /// every job event, and a dictionary's hashing showed up there).
    private var countsByStatusCode = [Int](repeating: 0, count: JobStatus.allCases.count)

    /// How many jobs are in each status.
    public var jobCounts: [JobStatus: Int] {
        Dictionary(uniqueKeysWithValues: JobStatus.allCases.map { ($0, countsByStatusCode[Int($0.code)]) })
    }

    /// An empty state.
    public init() {}

    // MARK: - Folding events in

    /// Applies one decoded event recorded at `sequence`. Events must come in sequence order.
    public mutating func apply(_ event: DomainEvent, sequence: UInt64, streamVersion: UInt64) {
        lastSequence = sequence
        switch event {
        case .serviceRegistered(let event):
            guard serviceIndex[event.serviceID] == nil else { return }
            serviceIndex[event.serviceID] = Int32(services.count)
            services.append(
                ServiceEntry(
                    record: ServiceRecord(
                        id: event.serviceID, name: event.name, description: event.description,
                        parametersSchema: event.parametersSchema, resultsSchema: event.resultsSchema,
                        timeoutSeconds: event.timeoutSeconds, isAvailable: false, registeredAt: event.registeredAt,
                        lastCheckIn: event.registeredAt, streamVersion: streamVersion,
                        registrationSequence: sequence)))
        case .serviceUpdated(let event):
            guard let index = serviceIndex[event.serviceID].map(Int.init) else { return }
            if let name = event.name { services[index].record.name = name }
            if let description = event.description { services[index].record.description = description }
            if let timeout = event.timeoutSeconds { services[index].record.timeoutSeconds = timeout }
            if let available = event.isAvailable { services[index].record.isAvailable = available }
            services[index].record.streamVersion = streamVersion
        case .jobSubmitted(let event):
            guard jobIndex[event.jobID] == nil, let owner = serviceIndex[event.serviceID].map(Int.init) else { return }
            let index = Int32(jobs.count)
            jobIndex[event.jobID] = index
            jobs.append(
                JobRecord(
                    id: event.jobID, serviceID: event.serviceID, status: .registered, parameters: event.parameters,
                    results: nil, submittedAt: event.submittedAt, streamVersion: streamVersion,
                    submissionSequence: sequence))
            enqueuedAt.append(sequence)
            positionInService.append(Int32(services[owner].jobIndices.count))
            services[owner].jobIndices.append(index)
            services[owner].queue.insert(
                QueueEntry(submissionSequence: sequence, jobIndex: index, enqueuedAt: sequence))
            services[owner].registeredCount += 1
            countsByStatusCode[Int(JobStatus.registered.code)] += 1
        case .jobStatusChanged(let event):
            guard let index = jobIndex[event.jobID].map(Int.init) else { return }
            let old = jobs[index].status
            jobs[index].status = event.to
            jobs[index].streamVersion = streamVersion
            countsByStatusCode[Int(old.code)] -= 1
            countsByStatusCode[Int(event.to.code)] += 1
            guard old != event.to, let owner = serviceIndex[jobs[index].serviceID].map(Int.init) else { return }
            if old == .registered {
                services[owner].registeredCount -= 1
                compactQueueIfMostlyStale(owner)
            }
            if event.to == .registered {
                enqueuedAt[index] = sequence
                services[owner].registeredCount += 1
                services[owner].queue.insert(
                    QueueEntry(
                        submissionSequence: jobs[index].submissionSequence, jobIndex: Int32(index),
                        enqueuedAt: sequence))
            }
        case .jobResultsRecorded(let event):
            guard let index = jobIndex[event.jobID].map(Int.init) else { return }
            jobs[index].results = event.results
            jobs[index].streamVersion = streamVersion
        }
    }

    /// Rebuilds a queue whose stale entries outnumber its live ones, so that memory follows the number of
    /// REGISTERED jobs, not the number ever submitted. Amortized O(1) per job.
    private mutating func compactQueueIfMostlyStale(_ owner: Int) {
        let entries = services[owner].queue.count
        guard entries > 64, entries > 2 * services[owner].registeredCount else { return }
        let live = services[owner].queue.unordered.filter { entry in
            jobs[Int(entry.jobIndex)].status == .registered && enqueuedAt[Int(entry.jobIndex)] == entry.enqueuedAt
        }
        services[owner].queue = Heap(live)
    }

    /// Records a check-in (not an event: liveness is kept beside the log).
    public mutating func recordCheckIn(of serviceID: UUID, at time: Timestamp) {
        guard let index = serviceIndex[serviceID].map(Int.init) else { return }
        services[index].record.lastCheckIn = max(services[index].record.lastCheckIn, time)
    }

    // MARK: - Reading

    /// The service with `id`.
    public func service(_ id: UUID) -> ServiceRecord? {
        serviceIndex[id].map { services[Int($0)].record }
    }

    /// The job with `id`.
    public func job(_ id: UUID) -> JobRecord? {
        jobIndex[id].map { jobs[Int($0)] }
    }

    /// Whether a service with `id` is registered, without copying its record.
    public func hasService(_ id: UUID) -> Bool {
        serviceIndex[id] != nil
    }

    /// Whether a job with `id` was submitted, without copying its record.
    public func hasJob(_ id: UUID) -> Bool {
        jobIndex[id] != nil
    }

    /// Every service, in registration order.
    public var allServices: [ServiceRecord] { services.map(\.record) }

    /// The number of services.
    public var serviceCount: Int { services.count }

    /// The number of jobs.
    public var jobCount: Int { jobs.count }

    /// The number of jobs of `serviceID`, or nil for an unknown service.
    public func jobCount(ofService serviceID: UUID) -> Int? {
        serviceIndex[serviceID].map { services[Int($0)].jobIndices.count }
    }

    /// Up to `limit` jobs in submission order, starting after the job `after` (from the first when nil).
    /// Returns nil when `after` is not a job.
    public func jobs(after: UUID?, limit: Int) -> [JobRecord]? {
        var start = 0
        if let after {
            guard let index = jobIndex[after] else { return nil }
            start = Int(index) + 1
        }
        let end = start + min(max(limit, 0), max(jobs.count - start, 0))
        return start < end ? Array(jobs[start..<end]) : []
    }

    /// Up to `limit` jobs of `serviceID` in submission order, after the job `after`. Returns nil for an
    /// unknown service or an `after` that is not one of its jobs.
    public func jobs(ofService serviceID: UUID, after: UUID?, limit: Int) -> [JobRecord]? {
        guard let owner = serviceIndex[serviceID].map(Int.init) else { return nil }
        let indices = services[owner].jobIndices
        var start = 0
        if let after {
            guard let index = jobIndex[after].map(Int.init), jobs[index].serviceID == serviceID else { return nil }
            start = Int(positionInService[index]) + 1
        }
        let end = start + min(max(limit, 0), max(indices.count - start, 0))
        return start < end ? indices[start..<end].map { jobs[Int($0)] } : []
    }

    /// The `limit` oldest REGISTERED jobs of `serviceID`, oldest first (nil for an unknown service).
    ///
    /// Mutating only to drop stale queue entries on the way: O(limit · log n), whatever the number of jobs.
    public mutating func queue(ofService serviceID: UUID, limit: Int) -> [JobRecord]? {
        guard let owner = serviceIndex[serviceID].map(Int.init) else { return nil }
        var taken: [QueueEntry] = []
        var result: [JobRecord] = []
        while result.count < limit, let entry = services[owner].queue.popMin() {
            let job = jobs[Int(entry.jobIndex)]
            guard job.status == .registered, enqueuedAt[Int(entry.jobIndex)] == entry.enqueuedAt else { continue }
            taken.append(entry)
            result.append(job)
        }
        for entry in taken { services[owner].queue.insert(entry) }
        return result
    }

    /// The number of REGISTERED jobs of `serviceID`.
    public func queueLength(ofService serviceID: UUID) -> Int? {
        serviceIndex[serviceID].map { services[Int($0)].registeredCount }
    }
}
