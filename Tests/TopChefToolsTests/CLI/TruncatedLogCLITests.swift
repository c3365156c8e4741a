import Foundation
import LMDB
import TestSupport
import Testing
import TopChefTools

/// Every tool refuses a log whose data.mdb was cut short with exit 5 and one line, and writes nothing.
/// Without the check at open LMDB maps the file and the tools die with SIGBUS (exit 135 in a shell).
@Suite(.enabled(if: TopChefProcess.executable != nil, "the topchef executable is not built beside the tests"))
struct TruncatedLogCLITests {
    /// Every file in `path` with its bytes.
    func contents(of path: String) throws -> [String: Data] {
        var result: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: path) {
            result[name] = FileManager.default.contents(atPath: path + "/" + name)
        }
        return result
    }

    /// Generates a log of a few MiB in `path` and returns the bytes of data.mdb its pages use.
    func generateLog(_ path: String) async throws -> Int {
        _ = try await LogGenerator.generate(directory: path, plan: .init(services: 3, jobs: 2000))
        return try LMDBEnvironment(path: path, options: .init(readOnly: true)).usedSize
    }

    func truncate(_ path: String, to size: Int) throws {
        let handle = try #require(FileHandle(forWritingAtPath: path + "/data.mdb"))
        try handle.truncate(atOffset: UInt64(size))
        try handle.close()
    }

    /// Runs each tool on `path` and expects `status` with one line on stderr containing `message`.
    func expectEveryToolRefuses(_ path: String, status: Int32, message: String, scratch: TemporaryDirectory)
        async throws
    {
        let before = try contents(of: path)
        let output = scratch.appending("export-\(UUID().uuidString)")
        for arguments in [
            ["verify"], ["log"], ["replay"], ["export", "--format", "jsonl", "--out", output],
            ["history", "00000000-0000-0000-0000-000000000000"],
        ] {
            let outcome = try await TopChefProcess.run(arguments + ["--data-dir", path])
            #expect(outcome.status == status, "\(arguments): \(outcome.standardError)")
            #expect(outcome.standardError.hasPrefix("topchef: \(path): "), "\(arguments)")
            #expect(outcome.standardError.contains(message), "\(arguments): \(outcome.standardError)")
            #expect(
                outcome.standardError.split(separator: "\n").count == 1
                    && outcome.standardError.hasSuffix("\n"), "\(arguments): \(outcome.standardError)")
            #expect(outcome.standardOutput.isEmpty, "\(arguments)")
        }
        #expect(!FileManager.default.fileExists(atPath: output))
        #expect(try contents(of: path) == before, "the tools must not write to the log's directory")
    }

    @Test func aLogCutShortOfItsUsedPagesExitsFive() async throws {
        let scratch = TemporaryDirectory()
        let path = scratch.appending("log")
        let used = try await generateLog(path)
        #expect(used > 2_000_000)
        for size in [used - 1, 1_000_000, 20000, 8192] {
            try truncate(path, to: size)
            try await expectEveryToolRefuses(
                path, status: 5,
                message: "the event log is damaged: data.mdb is \(size) bytes, shorter than the \(used) bytes the log "
                    + "uses (the file was truncated)", scratch: scratch)
        }
    }

    @Test func aLogShorterThanItsMetaPagesExitsFiveAndAnEmptyOneFour() async throws {
        let scratch = TemporaryDirectory()
        let path = scratch.appending("log")
        _ = try await generateLog(path)
        let pages = 2 * Int(sysconf(Int32(_SC_PAGESIZE)))
        for size in [4096, 100] {
            try truncate(path, to: size)
            try await expectEveryToolRefuses(
                path, status: 5, message: "data.mdb is \(size) bytes, shorter than the \(pages) bytes",
                scratch: scratch)
        }
        try truncate(path, to: 0)
        try await expectEveryToolRefuses(
            path, status: 4, message: "not a TopChef event log (data.mdb is empty)", scratch: scratch)
    }
}
