import Foundation
import LMDB
import TestSupport
import Testing

struct LMDBEnvironmentTests {
    @Test func putGetDeleteRoundTrip() throws {
        let directory = TemporaryDirectory()
        let environment = try LMDBEnvironment(path: directory.path)
        let database = try environment.openDatabase(named: "things", create: true)
        try environment.write { transaction in
            try transaction.put(Array("value".utf8), forKey: Array("key".utf8), in: database)
        }
        let value = try environment.read { try $0.value(in: database, forKey: Array("key".utf8)) }
        #expect(value == Array("value".utf8))
        let deleted = try environment.write { try $0.delete(key: Array("key".utf8), in: database) }
        #expect(deleted)
        #expect(try environment.read { try $0.value(in: database, forKey: Array("key".utf8)) } == nil)
    }

    @Test func aThrowingWriteIsAborted() throws {
        struct Stop: Error {}
        let directory = TemporaryDirectory()
        let environment = try LMDBEnvironment(path: directory.path)
        let database = try environment.openDatabase(named: "things", create: true)
        #expect(throws: Stop.self) {
            try environment.write { transaction in
                try transaction.put([1], forKey: [1], in: database)
                throw Stop()
            }
        }
        #expect(try environment.read { try $0.count(of: database) } == 0)
    }

    @Test func bigEndianKeysIterateInNumericOrder() throws {
        let directory = TemporaryDirectory()
        let environment = try LMDBEnvironment(path: directory.path)
        let database = try environment.openDatabase(named: "numbers", create: true)
        let numbers: [UInt64] = [300, 1, 70_000, 2, 1 << 40, 255, 256]
        try environment.write { transaction in
            for number in numbers { try transaction.put([0], forKey: BigEndianKey.bytes(number), in: database) }
        }
        var seen: [UInt64] = []
        try environment.read { transaction in
            try transaction.withCursor(on: database) { cursor in
                try cursor.forEach(from: BigEndianKey.bytes(2)) { key, _ in
                    seen.append(BigEndianKey.uint64(key)!)
                    return true
                }
            }
        }
        #expect(seen == numbers.sorted().filter { $0 >= 2 })
    }

    @Test func theMapGrowsPastItsInitialSize() throws {
        let directory = TemporaryDirectory()
        let environment = try LMDBEnvironment(path: directory.path, options: .init(mapSize: 256 << 10))
        let database = try environment.openDatabase(named: "blobs", create: true)
        let blob = [UInt8](repeating: 7, count: 64 << 10)
        // 16 MiB into a 256 KiB map: every MDB_MAP_FULL on the way must be absorbed by growing.
        for index in 0..<256 {
            try environment.write { try $0.put(blob, forKey: BigEndianKey.bytes(UInt64(index)), in: database) }
        }
        #expect(environment.mapSize >= 16 << 20)
        #expect(try environment.read { try $0.count(of: database) } == 256)
    }

    @Test func errorsCarryCodeMessageAndOperation() throws {
        let directory = TemporaryDirectory()
        do {
            _ = try LMDBEnvironment(path: directory.appending("missing"))
            Issue.record("opening a missing directory should fail")
        } catch let error as LMDBError {
            #expect(error.code != 0)
            #expect(error.operation.hasPrefix("mdb_env_open"))
            #expect(error.description.contains("No such file or directory"))
        } catch {
            Issue.record("unexpected error: \(error)")
        }
    }

    @Test func readOnlyDatabaseOpenOfAMissingNameIsNotFound() throws {
        let directory = TemporaryDirectory()
        _ = try LMDBEnvironment(path: directory.path).openDatabase(named: "present", create: true)
        let readOnly = try LMDBEnvironment(path: directory.path, options: .init(readOnly: true))
        #expect(try readOnly.openDatabase(named: "present", create: false).name == "present")
        #expect {
            _ = try readOnly.openDatabase(named: "absent", create: false)
        } throws: { error in
            (error as? LMDBError)?.isNotFound == true
        }
    }
}

struct FilePreallocationTests {
    /// The size of `data.mdb` in `directory`.
    func fileSize(_ directory: TemporaryDirectory) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: directory.appending("data.mdb"))
        return (attributes[.size] as? Int) ?? 0
    }

    @Test func zeroedSpaceIsKeptAheadOfTheDataAndNeverOverwritesIt() throws {
        let directory = TemporaryDirectory()
        var options = LMDBEnvironment.Options(mapSize: 1 << 20)
        options.preallocation = 256 << 10
        var values: [[UInt8]] = []
        do {
            let environment = try LMDBEnvironment(path: directory.path, options: options)
            let database = try environment.openDatabase(named: "blobs", create: true)
            // 600 commits of 3 KiB each: the file passes the first map size, the headroom is topped up
            // many times, and every commit lands in space that was zeroed before it.
            for index in 0..<600 {
                let value = (0..<3072).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ index) }
                values.append(value)
                try environment.write { try $0.put(value, forKey: BigEndianKey.bytes(UInt64(index)), in: database) }
                let size = try fileSize(directory)
                #expect(size >= environment.usedSize)
            }
            let used = environment.usedSize
            let size = try fileSize(directory)
            #expect(size > used, "the file keeps zeroed space after the last used page")
            #expect(size - used <= 256 << 10 + (1 << 20), "and not much more than the headroom asked for")
            let handle = try #require(FileHandle(forReadingAtPath: directory.appending("data.mdb")))
            try handle.seek(toOffset: UInt64(used))
            let tail = try handle.read(upToCount: size - used) ?? Data()
            #expect(tail.allSatisfy { $0 == 0 })
        }
        // Reopened (the file is longer than the pages LMDB uses), every value is intact.
        let environment = try LMDBEnvironment(path: directory.path, options: options)
        let database = try environment.openDatabase(named: "blobs", create: false)
        let stored = try environment.read { transaction in
            try values.indices.map { try transaction.value(in: database, forKey: BigEndianKey.bytes(UInt64($0))) }
        }
        #expect(stored == values)
    }

    @Test func nonDurableEnvironmentsWriteNoZeros() throws {
        let directory = TemporaryDirectory()
        var options = LMDBEnvironment.Options(durable: false)
        options.preallocation = 1 << 20
        let environment = try LMDBEnvironment(path: directory.path, options: options)
        let database = try environment.openDatabase(named: "blobs", create: true)
        try environment.write { try $0.put([UInt8](repeating: 1, count: 10_000), forKey: [1], in: database) }
        try environment.sync()
        #expect(try fileSize(directory) == environment.usedSize)
    }
}
