import EventStore
import Foundation
import TopChefCore

/// The `jobs` table of a SQLite export and its indexes, built in a scratch database of their own by a
/// second connection on another thread, while the export's connection indexes the events; the export then
/// attaches it and copies them in with `INSERT INTO jobs SELECT * FROM scratch.jobs`.
///
/// The scratch database is in memory (SQLite's `memdb`, shared by name within the process): written to a
/// file, its 350 MB (a million jobs) cost as much in the kernel's page cache copies as building it.
///
/// Why: one SQLite connection does one thing at a time, and a file has one writer, so inserting a million
/// jobs and building their two indexes (about 1.7 s) would otherwise follow the events' index (about 1.6 s)
/// on the same thread. Into an empty table with the same columns and indexes, SQLite copies rows and index
/// entries as they are stored, in order (its transfer optimization), without decoding, checking or sorting
/// them again: a fraction of building them.
enum SQLiteJobsTable {
    /// The table, the same in the export and in the scratch file (the copy needs them alike).
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

    /// The connection to a scratch database, handed from the thread that built it to the export's: it must
    /// stay open until the export has copied the table (an in-memory database lives as long as one does).
    struct Scratch: @unchecked Sendable {
        /// The URI to `ATTACH`.
        let uri: String
        let database: SQLiteDatabase
    }

    /// Writes `jobs` (in submission order) and the indexes into a new in-memory database.
    static func build(_ jobs: [JobRecord]) throws -> Scratch {
        let uri = "file:/topchef-export-jobs-\(UUID().uuidString)?vfs=memdb"
        let database = try SQLiteDatabase(path: uri, uri: true)
        try database.setSizeLimit(.max)
        // Not locking_mode = EXCLUSIVE: the export's connection reads it afterwards.
        try database.execute(
            """
            PRAGMA page_size = 65536;
            PRAGMA mmap_size = 2147418112;
            PRAGMA journal_mode = OFF;
            PRAGMA synchronous = OFF;
            PRAGMA cache_size = -262144;
            BEGIN;
            """ + schema)
        let insert = try database.prepare("INSERT INTO jobs VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)")
        let buffer = ByteBuffer(capacity: 1 << 12)
        for job in jobs {
            // The texts that are not in the record lie side by side in `buffer`, each bound where it lies.
            buffer.removeAll()
            buffer.uuid(job.id)
            let id = buffer.count
            buffer.uuid(job.serviceID)
            let service = buffer.count
            buffer.timestamp(job.submittedAt)
            let bytes = buffer.bytes
            try insert.bind(1, unsafeUTF8: UnsafeRawBufferPointer(rebasing: bytes[1..<id - 1]))
            try insert.bind(2, unsafeUTF8: UnsafeRawBufferPointer(rebasing: bytes[id + 1..<service - 1]))
            try insert.bind(3, job.status.rawValue)
            try insert.bind(6, unsafeUTF8: UnsafeRawBufferPointer(rebasing: bytes[service + 1..<bytes.count - 1]))
            try insert.bind(7, Int64(job.submissionSequence))
            try insert.bind(8, Int64(job.streamVersion))
            try job.parameters.withUnsafeBytes { parameters in
                try insert.bind(4, unsafeUTF8: parameters)
                if let results = job.results {
                    try results.withUnsafeBytes { results in
                        try insert.bind(5, unsafeUTF8: results)
                        try insert.run()
                    }
                } else {
                    try insert.bindNull(5)
                    try insert.run()
                }
            }
        }
        try database.execute(indexes + "COMMIT;")
        return Scratch(uri: uri, database: database)
    }
}
