public import EventStore
public import Foundation

/// The services and jobs of a log as of a point, for exports: the records ``ProjectionState`` holds, built
/// the same way, without its queues, counts by status and check-ins, and with ids looked up in a table made
/// for UUIDs, so that folding millions of events costs less. ``ProjectionState`` stays the reference; the
/// tests compare the two.
public struct SnapshotProjection: Sendable {
    /// Every service, in registration order.
    public private(set) var services: [ServiceRecord] = []
    /// Every job, in submission order.
    public private(set) var jobs: [JobRecord] = []
    private var jobsOfService: [[Int32]] = []
    private var serviceIndex = UUIDIndex(capacity: 64)
    private var jobIndex = UUIDIndex(capacity: 1 << 16)

    /// An empty projection.
    public init() {}

    /// Folds one event in, as ``ProjectionState/apply(_:sequence:streamVersion:)`` does.
    public mutating func apply(_ event: DomainEvent, sequence: UInt64, streamVersion: UInt64) {
        switch event {
        case .jobStatusChanged(let event):
            guard let index = jobIndex[event.jobID] else { return }
            jobs[index].status = event.to
            jobs[index].streamVersion = streamVersion
        case .jobSubmitted(let event):
            guard jobIndex[event.jobID] == nil, let owner = serviceIndex[event.serviceID] else { return }
            jobIndex.insert(event.jobID, jobs.count)
            jobsOfService[owner].append(Int32(jobs.count))
            jobs.append(
                JobRecord(
                    id: event.jobID, serviceID: event.serviceID, status: .registered, parameters: event.parameters,
                    results: nil, submittedAt: event.submittedAt, streamVersion: streamVersion,
                    submissionSequence: sequence))
        case .jobResultsRecorded(let event):
            guard let index = jobIndex[event.jobID] else { return }
            jobs[index].results = event.results
            jobs[index].streamVersion = streamVersion
        case .serviceRegistered(let event):
            guard serviceIndex[event.serviceID] == nil else { return }
            serviceIndex.insert(event.serviceID, services.count)
            jobsOfService.append([])
            services.append(
                ServiceRecord(
                    id: event.serviceID, name: event.name, description: event.description,
                    parametersSchema: event.parametersSchema, resultsSchema: event.resultsSchema,
                    timeoutSeconds: event.timeoutSeconds, isAvailable: false, registeredAt: event.registeredAt,
                    lastCheckIn: event.registeredAt, streamVersion: streamVersion, registrationSequence: sequence))
        case .serviceUpdated(let event):
            guard let index = serviceIndex[event.serviceID] else { return }
            if let name = event.name { services[index].name = name }
            if let description = event.description { services[index].description = description }
            if let timeout = event.timeoutSeconds { services[index].timeoutSeconds = timeout }
            if let available = event.isAvailable { services[index].isAvailable = available }
            services[index].streamVersion = streamVersion
        }
    }

    /// The service `id`, or nil.
    public func service(_ id: UUID) -> ServiceRecord? {
        serviceIndex[id].map { services[$0] }
    }

    /// The jobs of service `id` in submission order, or nil for an unknown service.
    public func jobs(ofService id: UUID) -> [JobRecord]? {
        serviceIndex[id].map { owner in jobsOfService[owner].map { jobs[Int($0)] } }
    }
}

/// Positions by UUID: open addressing over the id's own bits (random, or time and random for version 7),
/// mixed by one multiplication, so that a lookup hashes nothing.
struct UUIDIndex: Sendable {
    private var keys: [(UInt64, UInt64)]
    private var values: [Int32]
    private var mask: Int
    private var shift: UInt64
    private var count = 0

    init(capacity: Int) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        keys = Array(repeating: (0, 0), count: size)
        values = Array(repeating: -1, count: size)
        mask = size - 1
        shift = UInt64(64 - size.trailingZeroBitCount)
    }

    private static func halves(_ id: UUID) -> (UInt64, UInt64) {
        withUnsafeBytes(of: id.uuid) {
            ($0.loadUnaligned(as: UInt64.self), $0.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
        }
    }

    private func slot(_ key: (UInt64, UInt64)) -> Int {
        var index = Int(truncatingIfNeeded: ((key.0 ^ key.1) &* 0x9E37_79B9_7F4A_7C15) >> shift)
        while values[index] >= 0, keys[index] != key { index = (index + 1) & mask }
        return index
    }

    subscript(_ id: UUID) -> Int? {
        let index = slot(Self.halves(id))
        return values[index] >= 0 ? Int(values[index]) : nil
    }

    /// Adds `id` (which must not be there yet) at `position`.
    mutating func insert(_ id: UUID, _ position: Int) {
        if (count + 1) * 2 > values.count { grow() }
        let key = Self.halves(id)
        let index = slot(key)
        keys[index] = key
        values[index] = Int32(position)
        count += 1
    }

    private mutating func grow() {
        let oldKeys = keys
        let oldValues = values
        let size = values.count * 2
        keys = Array(repeating: (0, 0), count: size)
        values = Array(repeating: -1, count: size)
        mask = size - 1
        shift = UInt64(64 - size.trailingZeroBitCount)
        for index in oldValues.indices where oldValues[index] >= 0 {
            let slot = slot(oldKeys[index])
            keys[slot] = oldKeys[index]
            values[slot] = oldValues[index]
        }
    }
}
