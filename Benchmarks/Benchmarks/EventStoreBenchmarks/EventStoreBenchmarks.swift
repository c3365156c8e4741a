import Benchmark
import EventStore
import Foundation
import TopChefCore

/// Removes a benchmark's log directory (a million-event log is about 700 MB).
func removeLog(_ path: String) {
    try? FileManager.default.removeItem(atPath: path)
}

/// Runs `body` with a durable store on a fresh log, then closes the store and removes the log.
func withFreshStore(_ name: String, _ body: (LMDBEventStore) async throws -> Void) async throws {
    let path = temporaryLogPath(name)
    let store = try LMDBEventStore(path: path)
    defer {
        store.close()
        removeLog(path)
    }
    try await body(store)
}

/// A fresh directory for one benchmark's log; remove it with ``removeLog(_:)``.
func temporaryLogPath(_ name: String) -> String {
    let path = FileManager.default.temporaryDirectory.path + "/topchef-bench-\(name)-\(UUID().uuidString)"
    try? FileManager.default.removeItem(atPath: path)
    return path
}

let parameters = Array(
    #"{"pulse_time":1e-05,"repetitions":500,"detuning_hz":12.5,"axis":"x","label":"rabi_01","calibrate":true,"amplitudes":[0.1,0.2,0.3,0.4],"laser":{"power_mw":2.5,"wavelength_nm":780.2},"seed":42,"notes":"run 7"}"#
        .utf8)
let schema = Array(#"{"type":"object"}"#.utf8)

/// Where the replay benchmark's log lives, so that its teardown can remove it.
let replayLogPath = temporaryLogPath("replay")

/// Writes a log of `jobs` jobs, a third of them completed with results (about 1.7 events per job).
func makeLog(jobs: Int) async throws -> (path: String, events: UInt64) {
    let path = replayLogPath
    let broker = try Broker.open(directory: path, options: .init(durable: false))
    let service = try await broker.registerService(
        RegisterService(name: "bench", description: "", parametersSchema: schema, resultsSchema: schema))
    try await withThrowingTaskGroup(of: Void.self) { group in
        for lane in 0..<64 {
            group.addTask {
                for index in stride(from: lane, to: jobs, by: 64) {
                    let job = try await broker.submitJob(SubmitJob(serviceID: service.id, parameters: parameters))
                    if index % 3 == 0 {
                        _ = try await broker.updateJob(
                            UpdateJob(jobID: job.id, status: .completed, results: Array(#"{"fidelity":0.99}"#.utf8)))
                    }
                }
            }
        }
        try await group.waitForAll()
    }
    let events = broker.store.lastSequence
    broker.close()
    return (path, events)
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .cpuTotal, .throughput, .peakMemoryResident], warmupIterations: 1,
        maxDuration: .seconds(5),
        maxIterations: 1_000_000)

    // One appender, one event per durable commit: the latency of a lone write (two flushes). An iteration
    // is 1,000 appends in a row on one log, so the figure is the steady state, not a fresh log's first
    // write; time per append = wall clock / 1,000.
    Benchmark(
        "Append one event per commit (durable)",
        configuration: .init(scalingFactor: .kilo, maxDuration: .seconds(10), maxIterations: 20)
    ) { benchmark in
        try await withFreshStore("single") { store in
            let event = ProposedEvent(type: "JobSubmitted", payload: parameters)
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations {
                _ = try await store.append([event], to: .job(UUID.timeOrdered()), expectedVersion: .noStream)
            }
        }
    }

    // 64 appenders at once, one event per append: group commit shares each durable commit. One iteration
    // is a million events on a fresh log, so that the figure is the steady state (bursts of a thousand
    // mostly measure the ramp-up and the tail). Throughput is durable events per second (scaled by 10^6).
    Benchmark(
        "Group commit, 64 concurrent appenders (durable)",
        configuration: .init(scalingFactor: .mega, maxDuration: .seconds(30), maxIterations: 3)
    ) { benchmark in
        try await withFreshStore("group") { store in
            let event = ProposedEvent(type: "JobSubmitted", payload: parameters)
            let total = benchmark.scaledIterations.count
            benchmark.startMeasurement()
            try await withThrowingTaskGroup(of: Void.self) { group in
                for lane in 0..<64 {
                    group.addTask {
                        for _ in stride(from: lane, to: total, by: 64) {
                            _ = try await store.append(
                                [event], to: .job(UUID.timeOrdered()), expectedVersion: .noStream)
                        }
                    }
                }
                try await group.waitForAll()
            }
        }
    }

    // Replay of a log of 200,000 jobs (~333,000 events) into fresh projections, as a server's start does it:
    // every event's hash and the chain verified on a second thread meanwhile. One iteration is one whole
    // replay; events/s = events / wall clock. CPU is both threads'.
    // The second case replays without the verification (the replay before it was added), for comparison
    // in the same run.
    for (name, verifies) in [
        ("Replay 200k jobs (333k events) into projections", true),
        ("Replay 200k jobs (333k events) into projections, chain not verified", false),
    ] {
        Benchmark(
            name,
            configuration: .init(
                metrics: [.wallClock, .cpuTotal, .peakMemoryResident], maxDuration: .seconds(20), maxIterations: 5)
        ) { benchmark, log in
            let store = try LMDBEventStore(path: log.path, options: .init(readOnly: true))
            for _ in benchmark.scaledIterations {
                let state = try Broker.replay(store, verifyingChain: verifies)
                precondition(state.lastSequence == log.events)
                blackHole(state)
            }
        } setup: {
            try await makeLog(jobs: 200_000)
        } teardown: {
            removeLog(replayLogPath)
        }
    }

    /// Projections of one service and `jobs` jobs, built from events. Parameters are shared storage here, so
    /// what the jobs add is the projection's own cost per job.
    func projection(jobs: Int) -> ProjectionState {
        var state = ProjectionState()
        let service = UUID()
        state.apply(
            .serviceRegistered(
                ServiceRegistered(
                    serviceID: service, name: "s", description: "", parametersSchema: schema,
                    resultsSchema: schema, timeoutSeconds: 30, registeredAt: .now())), sequence: 1,
            streamVersion: 1)
        for index in 0..<jobs {
            state.apply(
                .jobSubmitted(
                    JobSubmitted(jobID: UUID(), serviceID: service, parameters: parameters, submittedAt: .now())),
                sequence: UInt64(index + 2), streamVersion: 1)
        }
        return state
    }

    // Memory of the projections for 100,000 jobs: compare peak resident memory with the baseline below.
    Benchmark(
        "Projection of 100k jobs (memory)",
        configuration: .init(metrics: [.peakMemoryResident, .mallocCountTotal], maxIterations: 3)
    ) { benchmark in
        for _ in benchmark.scaledIterations { blackHole(projection(jobs: 100_000)) }
    }

    // The baseline for the case above: the same process and state with no jobs. The difference in peak
    // resident memory, over 100,000, is the projection's cost per job.
    Benchmark(
        "Projection of no jobs (memory baseline)",
        configuration: .init(metrics: [.peakMemoryResident, .mallocCountTotal], maxIterations: 3)
    ) { benchmark in
        for _ in benchmark.scaledIterations { blackHole(projection(jobs: 0)) }
    }
}
