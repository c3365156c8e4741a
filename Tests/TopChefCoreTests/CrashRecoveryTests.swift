import EventStore
import Foundation
import TestSupport
import Testing
import TopChefCore

/// Kills a real writer process with SIGKILL at random moments and checks that every acknowledged write
/// survived, the log is intact, and the projections equal a replay from scratch.
struct CrashRecoveryTests {
    struct Acknowledged {
        var jobs: [UUID: String] = [:]
        var statusVersions: [UUID: UInt64] = [:]
    }

    @Test(.timeLimit(.minutes(5)))
    func acknowledgedWritesSurviveSIGKILL() async throws {
        let writer = try #require(builtExecutable(named: "CrashWriter"), "the CrashWriter executable was not built")
        let directory = TemporaryDirectory()
        var acknowledged = Acknowledged()
        var generator = SystemRandomNumberGenerator()
        for round in 1...20 {
            let delay = Int.random(in: 30...400, using: &generator)
            // The child runs for up to half a second: waited for on a thread of its own, not on the pool.
            let (output, reason) = try await onThread {
                try Self.runAndKill(writer, arguments: [directory.path], afterMilliseconds: delay)
            }
            #expect(reason == .uncaughtSignal, "round \(round): the writer was not killed by the signal")
            let parsed = parse(output)
            #expect(parsed.sawService, "round \(round): the writer never started")
            acknowledged.jobs.merge(parsed.jobs) { $1 }
            acknowledged.statusVersions.merge(parsed.statusVersions) { max($0, $1) }
            try checkLog(at: directory.path, against: acknowledged, round: round)
        }
        #expect(acknowledged.jobs.count > 100, "the writer acknowledged too little to prove anything")
    }

    /// Starts `path`, lets it run, kills it with SIGKILL and returns what it printed and how it ended.
    private static func runAndKill(_ path: String, arguments: [String], afterMilliseconds delay: Int) throws -> (
        String, Process.TerminationReason
    ) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Wait for the first acknowledgement so that every round kills a process that is writing.
        let reader = output.fileHandleForReading
        var collected = Data()
        while !String(decoding: collected, as: UTF8.self).contains("\nJOB ") && process.isRunning {
            collected.append(reader.availableData)
        }
        usleep(useconds_t(delay * 1000))
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        collected.append(reader.readDataToEndOfFile())
        return (String(decoding: collected, as: UTF8.self), process.terminationReason)
    }

    /// Every event's hash, in order.
    private static func hashes(_ store: LMDBEventStore) throws -> [[UInt8]] {
        var hashes: [[UInt8]] = []
        try store.forEachEvent(from: 1) { event in
            hashes.append(event.hash)
            return true
        }
        return hashes
    }

    private func parse(_ output: String) -> (sawService: Bool, jobs: [UUID: String], statusVersions: [UUID: UInt64]) {
        var jobs: [UUID: String] = [:]
        var versions: [UUID: UInt64] = [:]
        var sawService = false
        // The last line may be cut by the kill; only complete lines were acknowledged.
        for line in output.split(separator: "\n", omittingEmptySubsequences: false).dropLast() {
            let fields = line.split(separator: " ", maxSplits: 2).map(String.init)
            switch fields.first {
            case "SERVICE": sawService = true
            case "JOB": jobs[UUID(uuidString: fields[1])!] = fields[2]
            case "STATUS":
                let rest = fields[2].split(separator: " ")
                versions[UUID(uuidString: fields[1])!] = UInt64(rest[1])!
            default: break
            }
        }
        return (sawService, jobs, versions)
    }

    private func checkLog(at path: String, against acknowledged: Acknowledged, round: Int) throws {
        // 0. What a read-only open sees of the killed log (data.mdb and the journal's tail, nothing written) is
        // what the writable open below finds after it has put the journal into data.mdb. Released before
        // that open: this process may not hold the log read-only while it writes.
        let seenReadOnly: [[UInt8]]
        do {
            let reader = try LMDBEventStore(path: path, options: .init(readOnly: true))
            seenReadOnly = try Self.hashes(reader)
        }
        let broker = try Broker.open(directory: path)
        defer { broker.close() }
        #expect(try Self.hashes(broker.store) == seenReadOnly, "round \(round)")
        // 1. Every acknowledged job is there with its parameters; acknowledged updates are there too.
        broker.projection.read { state in
            for (id, parameters) in acknowledged.jobs {
                #expect(
                    state.job(id).map { String(decoding: $0.parameters, as: UTF8.self) } == parameters,
                    "round \(round): job \(id)")
            }
            for (id, version) in acknowledged.statusVersions {
                #expect((state.job(id)?.streamVersion ?? 0) >= version, "round \(round): update of job \(id)")
            }
        }
        // 2. The log is contiguous, every hash verifies and chains, stream versions are consecutive.
        var expectedSequence: UInt64 = 1
        var previousHash = EventRecordCodec.genesisHash
        var versions: [StreamID: UInt64] = [:]
        try broker.store.forEachEvent(from: 1, verifyHashes: true) { event in
            #expect(event.sequence == expectedSequence && event.previousHash == previousHash, "round \(round)")
            #expect(event.streamVersion == (versions[event.streamID] ?? 0) + 1, "round \(round)")
            versions[event.streamID] = event.streamVersion
            expectedSequence += 1
            previousHash = event.hash
            return true
        }
        #expect(broker.store.lastSequence == expectedSequence - 1)
        // 3. The projection at open equals a replay from scratch.
        let replayed = try Broker.replay(broker.store)
        #expect(ProjectionViews(broker.projection.snapshot) == ProjectionViews(replayed), "round \(round)")
    }
}
