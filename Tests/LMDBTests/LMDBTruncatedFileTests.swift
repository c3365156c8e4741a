import Foundation
import LMDB
import TestSupport
import Testing

/// A `data.mdb` shorter than the environment it holds is refused at open with ``LMDBTruncatedFileError``,
/// read-only and writable alike. Without the check LMDB maps the file and the process dies with SIGBUS on
/// the first page past its end.
struct LMDBTruncatedFileTests {
    /// Writes about 1 MiB in many pages, closes the environment, and returns the bytes it uses.
    func writeEnvironment(_ directory: TemporaryDirectory) throws -> Int {
        let environment = try LMDBEnvironment(path: directory.path)
        let database = try environment.openDatabase(named: "blobs", create: true)
        for index in 0..<300 {
            let value = [UInt8](repeating: UInt8(truncatingIfNeeded: index), count: 3000)
            try environment.write { try $0.put(value, forKey: BigEndianKey.bytes(UInt64(index)), in: database) }
        }
        return environment.usedSize
    }

    func truncate(_ directory: TemporaryDirectory, to size: Int) throws {
        let handle = try #require(FileHandle(forWritingAtPath: directory.appending("data.mdb")))
        try handle.truncate(atOffset: UInt64(size))
        try handle.close()
    }

    func expectTruncation(_ directory: TemporaryDirectory, size: Int, required: Int) {
        for readOnly in [true, false] {
            let expected = LMDBTruncatedFileError(
                path: directory.appending("data.mdb"), fileSize: size, requiredSize: required)
            #expect(throws: expected, "size \(size), read-only \(readOnly)") {
                _ = try LMDBEnvironment(path: directory.path, options: .init(readOnly: readOnly))
            }
        }
    }

    @Test(arguments: [8192, 20000, 500_000, -4096, -1])
    func aFileCutShortOfItsUsedPagesIsRefused(cut: Int) throws {
        let directory = TemporaryDirectory()
        let used = try writeEnvironment(directory)
        #expect(used > 1_000_000)
        // Negative: that many bytes short of the used size, so that just the last page is (partly) missing.
        let size = cut > 0 ? cut : used + cut
        try truncate(directory, to: size)
        expectTruncation(directory, size: size, required: used)
    }

    @Test(arguments: [100, 4096, 4100])
    func aFileShorterThanItsTwoMetaPagesIsRefused(size: Int) throws {
        let directory = TemporaryDirectory()
        _ = try writeEnvironment(directory)
        try truncate(directory, to: size)
        expectTruncation(directory, size: size, required: 2 * Int(sysconf(Int32(_SC_PAGESIZE))))
    }

    @Test func aFileLongerThanItsUsedPagesOpens() throws {
        let directory = TemporaryDirectory()
        let used = try writeEnvironment(directory)
        // What the writer's preallocation leaves: written zeros beyond the used pages.
        let handle = try #require(FileHandle(forWritingAtPath: directory.appending("data.mdb")))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(count: 1 << 20))
        try handle.close()
        for readOnly in [true, false] {
            let environment = try LMDBEnvironment(path: directory.path, options: .init(readOnly: readOnly))
            let database = try environment.openDatabase(named: "blobs", create: false)
            #expect(try environment.read { try $0.count(of: database) } == 300)
            #expect(environment.usedSize == used)
        }
    }

    @Test func aFileOfExactlyItsUsedPagesOpens() throws {
        let directory = TemporaryDirectory()
        let used = try writeEnvironment(directory)
        try truncate(directory, to: used)
        let environment = try LMDBEnvironment(path: directory.path, options: .init(readOnly: true))
        let database = try environment.openDatabase(named: "blobs", create: false)
        #expect(try environment.read { try $0.value(in: database, forKey: BigEndianKey.bytes(299)) }?.count == 3000)
    }
}
