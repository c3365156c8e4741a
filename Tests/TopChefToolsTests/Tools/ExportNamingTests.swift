import EventStore
import Foundation
import TestSupport
import Testing
import TopChefCore

@testable import TopChefTools

#if canImport(Glibc)
    import Glibc
#endif

/// The names an export gives per service (SQLite views, CSV files) for services whose names are alike:
/// service names are not unique, and ids minted within about a minute share their first eight hex digits.
struct ExportNamingTests {
    /// Services that a view name of `jobs_<slug>_<first 8 hex digits of the id>` could not tell apart.
    struct Log {
        let directory: String
        let services: [(id: UUID, name: String, job: UUID)]
    }

    /// The services' names and the slugs their views and files are named with: three alike ("fitter"), one
    /// with nothing a slug keeps, one with quotes, a dash and letters outside ASCII.
    static let names: [(name: String, slug: String)] = [
        ("fitter", "fitter"), ("fitter", "fitter"), ("Fitter!", "fitter"), ("Ωμέγα ⚗", "service"),
        (#"Fit "v2" – ß"#, "fit-v2"),
    ]

    /// Registers the services of ``names`` one second apart with time-ordered ids; each gets one job of its own.
    static func write(into directory: String) async throws -> Log {
        let clock = ManualClock(Scenario.start)
        let broker = try Broker.open(directory: directory, clock: clock.function)
        var services: [(id: UUID, name: String, job: UUID)] = []
        for (index, name) in names.map(\.name).enumerated() {
            clock.set(Scenario.time(Double(index)))
            let id = UUID.timeOrdered(now: Scenario.time(Double(index)))
            _ = try await broker.registerService(
                RegisterService(
                    serviceID: id, name: name, description: "", parametersSchema: Scenario.parametersSchema,
                    resultsSchema: Scenario.parametersSchema))
            let job = UUID.timeOrdered(now: Scenario.time(Double(index)))
            _ = try await broker.submitJob(
                SubmitJob(jobID: job, serviceID: id, parameters: Array(#"{"n":\#(index)}"#.utf8)))
            services.append((id, name, job))
        }
        broker.close()
        return Log(directory: directory, services: services)
    }

    /// The 32 hex digits of an id, as the view names carry them.
    static func hex(_ id: UUID) -> String {
        id.lowercasedString.replacingOccurrences(of: "-", with: "")
    }

    @Test func sqliteGivesEachServiceItsOwnViewOfItsOwnJobs() async throws {
        let scratch = TemporaryDirectory()
        let log = try await Self.write(into: scratch.appending("log"))
        // What made the old names collide: ids a second apart share their first eight hex digits.
        try #require(Set(log.services.map { $0.id.lowercasedString.prefix(8) }).count == 1)
        let store = try LogAccess.openReadOnly(log.directory)
        let path = scratch.appending("out.sqlite")
        let report = try Exporter.run(store, ExportRequest(format: .sqlite, output: path))
        #expect(report.serviceCount == Self.names.count)

        let database = try SQLiteDatabase(path: path, readOnly: true)
        let expected = zip(Self.names, log.services).map {
            "jobs_\($0.slug.replacingOccurrences(of: "-", with: "_"))_\(Self.hex($1.id))"
        }
        #expect(
            try database.query("SELECT name FROM sqlite_schema WHERE type = 'view' AND name LIKE 'jobs%' ORDER BY name")
                == expected.sorted().map { [.text($0)] })
        for (index, (view, service)) in zip(expected, log.services).enumerated() {
            #expect(
                try database.query(#"SELECT id, "parameters.n" FROM \#(view)"#) == [
                    [.text(service.job.lowercasedString), .integer(Int64(index))]
                ], "\(view)")
        }
    }

    @Test func sqliteViewNamesAreSluggedAndStable() async throws {
        let scratch = TemporaryDirectory()
        let log = try await Self.write(into: scratch.appending("log"))
        let store = try LogAccess.openReadOnly(log.directory)
        func views(_ output: String, _ point: LogPoint = .end) throws -> [String] {
            let path = scratch.appending(output)
            _ = try Exporter.run(store, ExportRequest(format: .sqlite, output: path, point: point))
            let database = try SQLiteDatabase(path: path, readOnly: true)
            return try database.query("SELECT name FROM sqlite_schema WHERE type = 'view' ORDER BY name")
                .compactMap { $0.first?.text }
        }
        let all = try views("first.sqlite")
        #expect(try views("second.sqlite") == all)
        // A view's name depends on its service alone, not on the others in the snapshot (event 2 is the first
        // service's job: the only service then).
        let first = "jobs_fitter_" + Self.hex(log.services[0].id)
        #expect(try views("early.sqlite", .sequence(2)) == ["job_parameters", "job_results", first])
        #expect(all.contains(first))
        #expect(all.contains("jobs_service_" + Self.hex(log.services[3].id)))
        // Letters outside ASCII and punctuation are dropped; what is left needs no quoting.
        for name in all {
            #expect(name.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "_") }, "\(name)")
        }
    }

    @Test func csvGivesEachServiceItsOwnJobsFile() async throws {
        let scratch = TemporaryDirectory()
        let log = try await Self.write(into: scratch.appending("log"))
        let store = try LogAccess.openReadOnly(log.directory)
        _ = try Exporter.run(store, ExportRequest(format: .csv, output: scratch.appending("out")))
        let services = try ExportTests.csv(scratch.appending("out/services.csv"))
        let fileColumn = try #require(services[0].firstIndex(of: "jobs_file"))
        let files = services.dropFirst().map { $0[fileColumn] }
        #expect(files == zip(Self.names, log.services).map { "jobs-\($0.slug)-\($1.id.lowercasedString).csv" })
        for (file, service) in zip(files, log.services) {
            let rows = try ExportTests.csv(scratch.appending("out/" + file))
            #expect(rows.dropFirst().map { $0[0] } == [service.job.lowercasedString], "\(file)")
        }
    }

    /// ``write(into:)``'s log in `scratch`, open read-only, and its whole CSV export in `scratch`/out.
    static func exportedCSV(in scratch: TemporaryDirectory) async throws -> (Log, LMDBEventStore, String) {
        let log = try await Self.write(into: scratch.appending("log"))
        let store = try LogAccess.openReadOnly(log.directory)
        let out = scratch.appending("out")
        _ = try Exporter.run(store, ExportRequest(format: .csv, output: out))
        return (log, store, out)
    }

    /// A CSV export into a directory that holds an earlier export replaces it: the jobs files this export
    /// did not write are removed, and nothing else in the directory is touched.
    @Test func csvReplacesTheJobsFilesOfAnEarlierExportAndNothingElse() async throws {
        let scratch = TemporaryDirectory()
        let (log, store, out) = try await Self.exportedCSV(in: scratch)
        let everyService = try FileManager.default.contentsOfDirectory(atPath: out).filter { $0.hasPrefix("jobs-") }
        #expect(everyService.count == Self.names.count)
        // Files of the user's beside the export, two of them named much like jobs files.
        // The last is a name of the jobs files' form: a copy the user kept, which no export listed.
        let others = [
            "notes.txt", "jobs-summary.csv", "jobs-fitter-\(log.services[0].id.uuidString).csv",
            "jobs-copy-of-fitter-\(log.services[0].id.lowercasedString).csv",
        ]
        for name in others { #expect(FileManager.default.createFile(atPath: out + "/" + name, contents: Data())) }

        let kept = log.services[1]
        let report = try Exporter.run(store, ExportRequest(format: .csv, output: out, serviceID: kept.id))
        let jobsFile = "jobs-fitter-\(kept.id.lowercasedString).csv"
        #expect(
            report.files.map { ($0 as NSString).lastPathComponent }.sorted()
                == [jobsFile, "services.csv", "snapshot.json"])
        let names = try FileManager.default.contentsOfDirectory(atPath: out).sorted()
        #expect(names == ([jobsFile, "services.csv", "snapshot.json"] + others).sorted())
        let rows = try ExportTests.csv(out + "/" + jobsFile)
        #expect(rows.dropFirst().map { $0[0] } == [kept.job.lowercasedString])
    }

    @Test func jobsFileNamesAreRecognisedExactly() {
        let id = "5e000000-0000-4000-8000-000000000001"
        #expect(CSVSnapshotWriter.isJobsFileName("jobs-fitter-\(id).csv"))
        #expect(CSVSnapshotWriter.isJobsFileName("jobs-fit-v2_x-\(id).csv"))
        #expect(!CSVSnapshotWriter.isJobsFileName("jobs-\(id).csv"))
        #expect(!CSVSnapshotWriter.isJobsFileName("jobs-fitter-\(id.uppercased()).csv"))
        #expect(!CSVSnapshotWriter.isJobsFileName("jobs-Fitter-\(id).csv"))
        #expect(!CSVSnapshotWriter.isJobsFileName("jobs-fitter-\(id).csv.partial-12"))
        #expect(!CSVSnapshotWriter.isJobsFileName("jobs-fitter-not-an-id-at-all-0000000000000.csv"))
    }

    /// A CSV export whose files cannot all be moved into place (here a directory stands where its last
    /// jobs file goes) fails and leaves the earlier export's files as they were.
    @Test func aCSVExportThatCannotMoveEveryFileLeavesTheEarlierExportAsItWas() async throws {
        let scratch = TemporaryDirectory()
        let (log, store, out) = try await Self.exportedCSV(in: scratch)
        let last = out + "/jobs-fit-v2-\(log.services[4].id.lowercasedString).csv"
        try FileManager.default.removeItem(atPath: last)
        try FileManager.default.createDirectory(atPath: last + "/kept", withIntermediateDirectories: true)
        func contents() throws -> [String: Data] {
            var files: [String: Data] = [:]
            for name in try FileManager.default.contentsOfDirectory(atPath: out)
            where name != (last as NSString).lastPathComponent {
                files[name] = try Data(contentsOf: URL(fileURLWithPath: out + "/" + name))
            }
            return files
        }
        let before = try contents()

        // Up to the last service's registration: every file differs from the first export's.
        #expect(throws: ToolError.self) {
            try Exporter.run(store, ExportRequest(format: .csv, output: out, point: .sequence(9)))
        }
        #expect(try contents() == before)
        #expect(FileManager.default.fileExists(atPath: last + "/kept"))
    }

    /// An export moves its files into place only while it holds the output directory's lock, so that two
    /// exports into one directory replace each other whole (unlocked, each could remove the other's files).
    @Test func anExportWaitsForTheDirectoryLockBeforeMovingItsFilesIn() async throws {
        let scratch = TemporaryDirectory()
        let log = try await Self.write(into: scratch.appending("log"))
        let out = scratch.appending("out")
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let held = open(out, O_RDONLY | O_DIRECTORY)
        try #require(held >= 0 && flock(held, LOCK_EX) == 0)
        let directory = log.directory
        async let exported = onThread {
            try Exporter.run(LogAccess.openReadOnly(directory), ExportRequest(format: .csv, output: out)).files.count
        }
        try await Task.sleep(for: .milliseconds(500))
        #expect(!FileManager.default.fileExists(atPath: out + "/services.csv"), "moved in while the lock was held")
        close(held)
        #expect(try await exported == Self.names.count + 2)
        #expect(FileManager.default.fileExists(atPath: out + "/services.csv"))
    }
}
