import EventStore
import Foundation
import TopChefCore

/// The `jobs` table of a SQLite export and its indexes, built in a scratch database of their own by a
/// second connection on another thread, while the export's connection indexes the events; their pages are
/// then moved into the export's file (``SQLiteTreeTransplant``), over the empty `jobs` table and indexes it
/// created with the same statements.
///
/// The scratch database is in memory (SQLite's `memdb`, one contiguous image that the move reads in place):
/// written to a file, its 350 MB (a million jobs) cost as much in the kernel's page cache copies as building it.
///
/// Why: one SQLite connection does one thing at a time, and a file has one writer, so inserting a million
/// jobs and building their two indexes (about 1.6 s) would otherwise follow the events' index (about 1.4 s)
/// on the same thread. Copying them in with `INSERT INTO jobs SELECT * FROM scratch.jobs` (before: 0.65 s on
/// one thread at the very end, SQLite seeking each index entry's place) cost more than moving their pages.
enum SQLiteJobsTable {
    /// The table, the same in the export and in the scratch database (their pages are interchangeable).
    static let schema = """
        CREATE TABLE jobs (
            id TEXT NOT NULL, service_id TEXT NOT NULL, status TEXT NOT NULL, parameters TEXT NOT NULL, results TEXT,
            date_submitted TEXT NOT NULL, submission_sequence INTEGER NOT NULL, version INTEGER NOT NULL);
        """

    /// A job by id, and a service's jobs in submission order (the per-service views).
    static let indexes = """
        CREATE UNIQUE INDEX jobs_id ON jobs (id);
        CREATE INDEX jobs_service ON jobs (service_id, submission_sequence);
        """

    /// The tables and indexes moved, by name.
    static let treeNames = ["jobs", "jobs_id", "jobs_service"]

    /// The connection to a scratch database, handed from the thread that built it to the export's: it must
    /// stay open until its pages are moved (an in-memory database lives as long as its connection).
    struct Scratch: @unchecked Sendable {
        let database: SQLiteDatabase

        /// Moves the table and its indexes into the database file at `path`, whose own (empty) ones have the
        /// root pages `destinationRoots` (in the order of ``treeNames``); no connection may have it open.
        func move(into path: String, destinationRoots: [UInt32]) throws(SQLiteError) {
            guard let image = database.inMemoryImage() else {
                throw SQLiteTreeTransplant.failure("the scratch database is not in memory")
            }
            let trees = zip(try database.rootPages(treeNames), destinationRoots).map {
                SQLiteTreeTransplant.Tree(sourceRoot: $0, destinationRoot: $1)
            }
            try SQLiteTreeTransplant.run(from: image, trees: trees, into: path)
        }
    }

    /// The rows of one multi-row `INSERT`: one statement start, halt and reset per so many jobs, not per job.
    static let rowsPerInsert = 32

    /// `INSERT INTO jobs VALUES (?, …), …` for `rows` rows.
    static func insertSQL(rows: Int) -> String {
        let row = "(" + Array(repeating: "?", count: 8).joined(separator: ", ") + ")"
        return "INSERT INTO jobs VALUES " + Array(repeating: row, count: rows).joined(separator: ", ")
    }

    /// Inserts `jobs` with `statement`, made by ``insertSQL(rows:)`` for as many rows. Their texts are rendered
    /// or copied side by side into `buffer` and bound where they lie, once all are there (the buffer may move
    /// while it grows).
    private static func insert(
        _ jobs: ArraySlice<JobRecord>, with statement: SQLiteStatement, buffer: ByteBuffer
    ) throws(SQLiteError) {
        buffer.removeAll()
        // Per job: the ends of its id (quoted), service id (quoted), status, parameters, results and
        // submission time (quoted), one after the other in `buffer`.
        var ends: [Int] = []
        ends.reserveCapacity(6 * jobs.count)
        for job in jobs {
            buffer.uuid(job.id)
            ends.append(buffer.count)
            buffer.uuid(job.serviceID)
            ends.append(buffer.count)
            buffer.string(job.status.rawValue)
            ends.append(buffer.count)
            buffer.append(job.parameters)
            ends.append(buffer.count)
            if let results = job.results { buffer.append(results) }
            ends.append(buffer.count)
            buffer.timestamp(job.submittedAt)
            ends.append(buffer.count)
        }
        let bytes = buffer.bytes
        func text(_ start: Int, _ end: Int) -> UnsafeRawBufferPointer {
            UnsafeRawBufferPointer(rebasing: bytes[start..<end])
        }
        var start = 0
        for (row, job) in jobs.enumerated() {
            let first = Int32(8 * row)
            let ends = ends[6 * row..<6 * row + 6]
            let e = ends.startIndex
            try statement.bind(first + 1, unsafeUTF8: text(start + 1, ends[e] - 1))
            try statement.bind(first + 2, unsafeUTF8: text(ends[e] + 1, ends[e + 1] - 1))
            try statement.bind(first + 3, unsafeUTF8: text(ends[e + 1] + 1, ends[e + 2] - 1))
            try statement.bind(first + 4, unsafeUTF8: text(ends[e + 2], ends[e + 3]))
            if job.results == nil {
                try statement.bindNull(first + 5)
            } else {
                try statement.bind(first + 5, unsafeUTF8: text(ends[e + 3], ends[e + 4]))
            }
            try statement.bind(first + 6, unsafeUTF8: text(ends[e + 4] + 1, ends[e + 5] - 1))
            try statement.bind(first + 7, Int64(job.submissionSequence))
            try statement.bind(first + 8, Int64(job.streamVersion))
            start = ends[e + 5]
        }
        try statement.run()
    }

    /// Writes `jobs` (in submission order) and the indexes into a new in-memory database.
    static func build(_ jobs: [JobRecord]) throws -> Scratch {
        // A name without a leading "/": private to this connection.
        let database = try SQLiteDatabase(path: "file:jobs?vfs=memdb", uri: true)
        try database.setSizeLimit(.max)
        try database.execute(
            """
            PRAGMA page_size = 65536;
            PRAGMA mmap_size = 2147418112;
            PRAGMA journal_mode = OFF;
            PRAGMA synchronous = OFF;
            PRAGMA locking_mode = EXCLUSIVE;
            \(SQLiteSnapshotWriter.insertingCacheSize)
            BEGIN;
            """ + schema)
        let insertMany = try database.prepare(insertSQL(rows: rowsPerInsert))
        let insertOne = try database.prepare(insertSQL(rows: 1))
        let buffer = ByteBuffer(capacity: 1 << 16)
        var first = 0
        while first < jobs.count {
            let count = jobs.count - first >= rowsPerInsert ? rowsPerInsert : 1
            let statement = count == rowsPerInsert ? insertMany : insertOne
            try insert(jobs[first..<first + count], with: statement, buffer: buffer)
            first += count
        }
        try database.execute(SQLiteSnapshotWriter.indexingCacheSize + indexes + "COMMIT;")
        return Scratch(database: database)
    }
}
