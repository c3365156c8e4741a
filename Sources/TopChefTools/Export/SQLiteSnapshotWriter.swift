import EventStore
import Foundation
import TopChefCore

/// Writes one SQLite database:
///
/// - `snapshot(key, value)`: the last sequence number, its time and hash, the point asked for;
/// - `services`, `jobs`: the projections, JSON documents kept as text (SQLite's JSON functions read them);
/// - `events`: every event of the snapshot, its data as JSON;
/// - views `job_parameters` and `job_results` (one row per leaf: job, service, path, value, type) and, per
///   service, `jobs_<name>_<id>` (``viewName(of:)``) with one column per leaf of its parameters and results
///   (`"parameters.a.b"`).
///
/// The same log and point give a byte-identical file: fixed order, fixed statements, no timestamps.
///
/// How the file is built, for speed (a million jobs, 3.5 million events, 1.8 GB):
/// - it is a fresh file under a temporary name, renamed into place when complete, so it needs no rollback
///   journal, no syncs and no locking by others (`journal_mode = OFF`, `synchronous = OFF`,
///   `locking_mode = EXCLUSIVE`): a failed export deletes it;
/// - 64 KiB pages: a sixteenth of the `pwrite`s of 4 KiB pages (the kernel's per-call cost of writing into
///   the page cache was a third of the time) and fewer B-tree pages to balance; analysts reading whole
///   tables read fewer, larger pages too;
/// - the file is memory-mapped (`mmap_size`), so that building the indexes reads the tables without a
///   copy per page;
/// - events are inserted in sequence order (the `INTEGER PRIMARY KEY`, so each row is appended to the
///   table's B-tree), ``SQLiteEventRows/rowsPerInsert`` rows per `INSERT`, on the export's second thread;
///   their rows are rendered on the first, the reading thread (``SQLiteEventRows`` is the pipeline's batch);
/// - the indexes are built once, after the tables are filled (one sort each instead of an insertion per
///   row); the `jobs` table and its indexes are built by a second connection in a scratch database in
///   memory while this one indexes the events, and their pages moved into the file once it is closed
///   (``SQLiteJobsTable``, ``SQLiteTreeTransplant``); a third thread works out the per-service views'
///   columns meanwhile.
struct SQLiteSnapshotWriter: SnapshotWriter {
    let path: String
    let temporaryPath: String
    private let pending: PendingFile
    private let database: SQLiteDatabase
    /// The statements that insert events, until ``finish(info:services:jobs:)`` closes the database.
    private var eventInserts: EventInserts?

    /// ``SQLiteEventRows/rowsPerInsert`` rows, and one row (the end of a batch that is not full).
    private struct EventInserts {
        let many: SQLiteStatement
        let one: SQLiteStatement
    }

    /// SQLite's page cache while rows are inserted: 16 MiB. Rows are appended, so a page once full is not
    /// needed again: a small cache writes it out soon, on the inserting thread (the events' writer thread,
    /// which has time to spare), where a large one kept 256 MB of them for the commit at the end, when every
    /// thread is busy, and made the process fault in and clear 256 MB more memory.
    static let insertingCacheSize = "PRAGMA cache_size = -16384;"

    /// The cache while indexes are built: SQLite's sorter keeps keys in memory up to this size (the events'
    /// index needs about 230 MB for 3.5 million events) before it sorts them in runs in temporary files.
    static let indexingCacheSize = "PRAGMA cache_size = -262144;"

    /// The settings and tables; everything is written in one transaction, committed by ``finish(info:services:jobs:)``.
    static let schema = """
        PRAGMA page_size = 65536;
        PRAGMA mmap_size = 2147418112;
        PRAGMA journal_mode = OFF;
        PRAGMA synchronous = OFF;
        PRAGMA locking_mode = EXCLUSIVE;
        \(insertingCacheSize)
        BEGIN;
        CREATE TABLE snapshot (key TEXT NOT NULL, value TEXT);
        CREATE TABLE services (
            id TEXT NOT NULL, name TEXT NOT NULL, description TEXT NOT NULL,
            job_registration_schema TEXT NOT NULL, job_result_schema TEXT NOT NULL, timeout INTEGER NOT NULL,
            is_service_available INTEGER NOT NULL, registered_at TEXT NOT NULL,
            registration_sequence INTEGER NOT NULL, version INTEGER NOT NULL);
        CREATE TABLE events (
            sequence INTEGER PRIMARY KEY, stream TEXT NOT NULL, version INTEGER NOT NULL, type TEXT NOT NULL,
            type_version INTEGER NOT NULL, recorded_at TEXT NOT NULL, request_id TEXT, idempotency_key TEXT,
            actor TEXT, data TEXT NOT NULL, hash TEXT NOT NULL);
        """

    /// The indexes (a service by id, a stream's events; the jobs' are ``SQLiteJobsTable/indexes``), built
    /// after the rows are in.
    ///
    /// `events_stream` is on `stream` alone: an index entry ends with the rowid, the sequence number, and
    /// within a stream sequence order is version order, so `WHERE stream = ? ORDER BY sequence` reads a
    /// stream's events in order from the index without a sort. Leaving `version` out makes the index smaller
    /// and its sort cheaper.
    static let indexes = """
        CREATE UNIQUE INDEX services_id ON services (id);
        CREATE INDEX events_stream ON events (stream);
        """

    /// The views that flatten the jobs' documents, one row per leaf.
    static let leafViews = """
        CREATE VIEW job_parameters AS
            SELECT jobs.id AS job_id, jobs.service_id AS service_id,
                CASE tree.fullkey WHEN '$' THEN 'value' ELSE substr(tree.fullkey, 3) END AS path,
                tree.value AS value, tree.type AS type
            FROM jobs, json_tree(jobs.parameters) AS tree
            WHERE tree.type != 'object' AND tree.fullkey NOT LIKE '%]%';
        CREATE VIEW job_results AS
            SELECT jobs.id AS job_id, jobs.service_id AS service_id,
                CASE tree.fullkey WHEN '$' THEN 'value' ELSE substr(tree.fullkey, 3) END AS path,
                tree.value AS value, tree.type AS type
            FROM jobs, json_tree(jobs.results) AS tree
            WHERE jobs.results IS NOT NULL AND tree.type != 'object' AND tree.fullkey NOT LIKE '%]%';
        """

    init(path: String) throws(ToolError) {
        self.path = path
        temporaryPath = path + ".partial-\(getpid())"
        pending = PendingFile(temporaryPath)
        try? FileManager.default.removeItem(atPath: temporaryPath)
        do {
            database = try SQLiteDatabase(path: temporaryPath)
            try database.execute(Self.schema + SQLiteJobsTable.schema)
            eventInserts = EventInserts(
                many: try database.prepare(SQLiteEventRows.insertSQL(rows: SQLiteEventRows.rowsPerInsert)),
                one: try database.prepare(SQLiteEventRows.insertSQL(rows: 1)))
        } catch {
            try? FileManager.default.removeItem(atPath: temporaryPath)
            throw ToolError(.unwritableOutput, "\(path): cannot be written (\(error.message))")
        }
    }

    var keepsEvents: Bool { true }

    func makeEventBatch() -> any EventBatch { SQLiteEventRows() }

    /// Inserts one event (the pipeline uses ``write(_:)``).
    mutating func event(_ parts: RecordParts, _ event: DomainEvent) throws {
        let rows = SQLiteEventRows(capacity: 1)
        rows.append(parts, event)
        try write(rows)
    }

    /// Inserts a batch of rows rendered on the reading thread, ``SQLiteEventRows/rowsPerInsert`` at a time and
    /// the rest one by one.
    mutating func write(_ batch: any EventBatch) throws {
        // Only ever given the batches it made.
        let rows = batch as! SQLiteEventRows
        // Set from init until finish, the last call.
        let inserts = eventInserts!
        let perInsert = SQLiteEventRows.rowsPerInsert
        var row = 0
        while row + perInsert <= rows.count {
            try rows.bind(row..<row + perInsert, to: inserts.many)
            try inserts.many.run()
            row += perInsert
        }
        while row < rows.count {
            try rows.bind(row..<row + 1, to: inserts.one)
            try inserts.one.run()
            row += 1
        }
    }

    mutating func finish(info: SnapshotInfo, services: [ServiceRecord], jobs: [JobRecord]) throws -> [String] {
        // An SQLite error here is the output's: Exporter reports it as one (exit 6), as it does for the rows.
        try write(info: info, services: services, jobs: jobs)
        guard rename(temporaryPath, path) == 0 else {
            throw ToolError(.unwritableOutput, "\(path): cannot be written (\(String(cString: strerror(errno))))")
        }
        pending.isCommitted = true
        return [path]
    }

    private mutating func write(info: SnapshotInfo, services: [ServiceRecord], jobs: [JobRecord]) throws {
        try insert(info: info, services: services)
        // Three things at once: this connection indexes the events, a second one builds the jobs table and its
        // indexes in a scratch database in memory, and a third thread works out the per-service views' columns.
        let jobsTable = BackgroundResult(name: "export-jobs") { try SQLiteJobsTable.build(jobs) }
        let views = BackgroundResult(name: "export-views") {
            // Indices, not copies of the jobs (FlatColumns).
            var jobsByService: [UUID: [Int]] = [:]
            for index in jobs.indices { jobsByService[jobs[index].serviceID, default: []].append(index) }
            return try services.map { try Self.flatView($0, jobs: jobs, indices: jobsByService[$0.id] ?? []) }
        }
        // The jobs' indexes too, on the empty table: their root pages are where the scratch's go.
        try database.execute(Self.indexingCacheSize + Self.indexes + SQLiteJobsTable.indexes + Self.leafViews)
        for view in try views.value() { try database.execute(view) }
        try database.execute("COMMIT;")
        let roots = try database.rootPages(SQLiteJobsTable.treeNames)
        eventInserts = nil
        try database.close()
        try jobsTable.value().move(into: temporaryPath, destinationRoots: roots)
    }

    /// Inserts the snapshot's facts and the services.
    private func insert(info: SnapshotInfo, services: [ServiceRecord]) throws(SQLiteError) {
        let insertInfo = try database.prepare("INSERT INTO snapshot VALUES (?1, ?2)")
        let asOf: String =
            switch info.point {
            case .end: "end"
            case .sequence(let sequence): String(sequence)
            case .time(let time): time.description
            }
        for (key, value) in [
            ("last_sequence", String(info.lastSequence)), ("last_recorded_at", info.lastRecordedAt?.description),
            ("last_hash", info.lastHash), ("as_of", asOf), ("service_id", info.serviceID?.lowercasedString),
        ] {
            try insertInfo.bind(1, key)
            try insertInfo.bind(2, value)
            try insertInfo.run()
        }
        let insertService = try database.prepare(
            "INSERT INTO services VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)")
        for service in services {
            try insertService.bind(1, service.id.lowercasedString)
            try insertService.bind(2, service.name)
            try insertService.bind(3, service.description)
            try insertService.bind(4, utf8: service.parametersSchema)
            try insertService.bind(5, utf8: service.resultsSchema)
            try insertService.bind(6, service.timeoutSeconds)
            try insertService.bind(7, Int64(service.isAvailable ? 1 : 0))
            try insertService.bind(8, service.registeredAt.description)
            try insertService.bind(9, Int64(service.registrationSequence))
            try insertService.bind(10, Int64(service.streamVersion))
            try insertService.run()
        }
    }

    /// The view of one service's jobs (those at `indices` in `jobs`) with a column per leaf of their
    /// parameters and results.
    static func flatView(_ service: ServiceRecord, jobs: [JobRecord], indices: [Int]) throws -> String {
        let columns = try FlatColumns(jobs, indices)
        let name = viewName(of: service)
        var select = ["id", "status", "date_submitted", "submission_sequence", "version"]
        for (document, columns) in [("parameters", columns.parameters), ("results", columns.results)] {
            for column in columns where !column.path.contains(where: { $0.contains("\"") }) {
                let path = (["$"] + column.path.map { "\"\($0)\"" }).joined(separator: ".")
                select.append(
                    "json_extract(\(document), '\(path.replacingOccurrences(of: "'", with: "''"))') AS "
                        + quoted(document + "." + column.name))
            }
        }
        return "CREATE VIEW \(quoted(name)) AS SELECT \(select.joined(separator: ", ")) FROM jobs "
            + "WHERE service_id = '\(service.id.lowercasedString)' ORDER BY submission_sequence;"
    }

    static func quoted(_ identifier: String) -> String {
        "\"" + identifier.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

/// Removes a temporary file when released, unless it was moved into place.
final class PendingFile {
    let path: String
    var isCommitted = false

    init(_ path: String) {
        self.path = path
    }

    deinit {
        if !isCommitted { unlink(path) }
    }
}
