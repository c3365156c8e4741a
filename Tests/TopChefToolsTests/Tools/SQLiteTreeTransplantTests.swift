import Foundation
import TestSupport
import Testing

@testable import TopChefTools

/// ``SQLiteTreeTransplant`` moves tables and indexes between databases by rewriting page numbers: the result
/// must be a database SQLite finds whole (`PRAGMA integrity_check`: every page used once, every index entry
/// matching its row) with the same rows, for trees several levels deep and cells spilling onto overflow pages.
struct SQLiteTreeTransplantTests {
    static let schema = """
        CREATE TABLE jobs (id TEXT NOT NULL, service_id TEXT NOT NULL, payload TEXT);
        CREATE UNIQUE INDEX jobs_id ON jobs (id);
        CREATE INDEX jobs_service ON jobs (service_id, id);
        """
    static let trees = ["jobs", "jobs_id", "jobs_service"]

    /// The settings of both databases: `pageSize` bytes a page, no journal.
    static func settings(pageSize: Int) -> String {
        "PRAGMA page_size = \(pageSize); PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;"
    }

    /// A destination with a table of its own before and after the empty `jobs` table and indexes.
    static func destination(_ path: String, pageSize: Int) throws -> [UInt32] {
        let database = try SQLiteDatabase(path: path)
        try database.execute(
            settings(pageSize: pageSize) + "BEGIN; CREATE TABLE before (n INTEGER, text TEXT);" + schema
                + "CREATE TABLE after (n INTEGER);")
        do {
            // Released before the database is closed.
            let insert = try database.prepare("INSERT INTO before VALUES (?1, ?2)")
            for row in 0..<500 {
                try insert.bind(1, Int64(row))
                try insert.bind(2, String(repeating: "b", count: row * 7))
                try insert.run()
            }
        }
        try database.execute("INSERT INTO after VALUES (1), (2); COMMIT;")
        let roots = try database.rootPages(trees)
        try database.close()
        return roots
    }

    /// Rows of every size: small ones (several levels of interior pages), payloads and one index key longer
    /// than a page (overflow chains in the table and in both indexes).
    static func rows(pageSize: Int) -> [(id: String, service: String, payload: String?)] {
        (0..<3000).map { row in
            let id = String(format: "job-%06d", row) + (row == 1234 ? String(repeating: "k", count: 3 * pageSize) : "")
            let payload: String? =
                row % 500 == 7
                ? String(repeating: "p", count: 5 * pageSize + row) : row % 3 == 0 ? nil : "{\"n\":\(row)}"
            return (id, "service-\(row % 7)", payload)
        }
    }

    @Test(arguments: [1024, 65536])
    func movedTreesAreWholeAndHoldTheSameRows(pageSize: Int) throws {
        let scratch = TemporaryDirectory()
        let path = scratch.appending("destination.sqlite")
        let destinationRoots = try Self.destination(path, pageSize: pageSize)

        let source = try SQLiteDatabase(path: "file:transplant-test?vfs=memdb", uri: true)
        try source.execute(Self.settings(pageSize: pageSize) + "BEGIN;" + Self.schema)
        let insert = try source.prepare("INSERT INTO jobs VALUES (?1, ?2, ?3)")
        for row in Self.rows(pageSize: pageSize) {
            try insert.bind(1, row.id)
            try insert.bind(2, row.service)
            try insert.bind(3, row.payload)
            try insert.run()
        }
        try source.execute("COMMIT;")
        let image = try #require(source.inMemoryImage())
        let trees = zip(try source.rootPages(Self.trees), destinationRoots).map {
            SQLiteTreeTransplant.Tree(sourceRoot: $0, destinationRoot: $1)
        }
        try SQLiteTreeTransplant.run(from: image, trees: trees, into: path)

        let moved = try SQLiteDatabase(path: path, readOnly: true)
        #expect(try moved.query("PRAGMA integrity_check") == [[.text("ok")]])
        let all = "SELECT rowid, id, service_id, payload FROM jobs ORDER BY rowid"
        #expect(try moved.query(all) == (try source.query(all)))
        #expect(try moved.query(all).count == 3000)
        // Through each index.
        let byID = "SELECT id FROM jobs INDEXED BY jobs_id WHERE id > '' ORDER BY id"
        #expect(try moved.query(byID) == (try source.query(byID)))
        let byService = "SELECT rowid FROM jobs INDEXED BY jobs_service WHERE service_id = 'service-3' ORDER BY id"
        #expect(try moved.query(byService) == (try source.query(byService)))
        // The destination's own tables are as they were.
        #expect(
            try moved.query("SELECT count(*), sum(length(text)) FROM before") == [[.integer(500), .integer(873_250)]])
        #expect(try moved.query("SELECT n FROM after") == [[.integer(1)], [.integer(2)]])
    }

    @Test func aSourceWithPagesOutsideTheTreesIsRefusedAndTheFileLeftAlone() throws {
        let scratch = TemporaryDirectory()
        let path = scratch.appending("destination.sqlite")
        let destinationRoots = try Self.destination(path, pageSize: 4096)
        let before = try Data(contentsOf: URL(fileURLWithPath: path))

        let source = try SQLiteDatabase(path: "file:transplant-refused?vfs=memdb", uri: true)
        try source.execute(
            Self.settings(pageSize: 4096) + Self.schema + "CREATE TABLE extra (x); INSERT INTO extra VALUES (1);")
        let image = try #require(source.inMemoryImage())
        let trees = zip(try source.rootPages(Self.trees), destinationRoots).map {
            SQLiteTreeTransplant.Tree(sourceRoot: $0, destinationRoot: $1)
        }
        #expect(throws: SQLiteError.self) { try SQLiteTreeTransplant.run(from: image, trees: trees, into: path) }
        // A tree moved onto a page the destination does not have.
        let outside = trees.map { SQLiteTreeTransplant.Tree(sourceRoot: $0.sourceRoot, destinationRoot: 10_000) }
        #expect(throws: SQLiteError.self) { try SQLiteTreeTransplant.run(from: image, trees: outside, into: path) }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    }
}
