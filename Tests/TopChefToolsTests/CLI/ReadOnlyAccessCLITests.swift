import EventStore
import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

private let setprivPath = "/usr/bin/setpriv"
/// Whether this process can run others as nobody: it runs as root and setpriv is there.
private let canSwitchToNobody = getuid() == 0 && FileManager.default.isExecutableFile(atPath: setprivPath)

/// A user with read-only access to a log's directory (an auditor) can run the tools while no writer runs:
/// unable to write LMDB's lock.mdb, they read without it under a shared lock on writer.lock. The tools run
/// as `nobody` through `setpriv`, which needs root; the suite is skipped otherwise.
@Suite(
    .enabled(if: TopChefProcess.executable != nil, "the topchef executable is not built beside the tests"),
    .enabled(if: canSwitchToNobody, "switching to the user nobody needs root and setpriv"),
    .serialized)
struct ReadOnlyAccessCLITests {
    /// Runs `topchef arguments…` as the user and group nobody (65534), without supplementary groups.
    func runAsNobody(_ arguments: [String]) async throws -> TopChefProcess.Outcome {
        try await TopChefProcess.run(
            program: setprivPath,
            ["--reuid=65534", "--regid=65534", "--clear-groups", TopChefProcess.executable!] + arguments)
    }

    /// Every file in `path` with its bytes.
    func contents(of path: String) throws -> [String: Data] {
        var result: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: path) {
            result[name] = FileManager.default.contents(atPath: path + "/" + name)
        }
        return result
    }

    /// The scenario's log, readable by everyone and writable by root only.
    func readOnlyLog(_ scratch: TemporaryDirectory) async throws -> String {
        let scenario = try await Scenario.write(into: scratch.appending("log"))
        let path = scenario.directory
        chmod(scratch.path, 0o755)
        for name in try FileManager.default.contentsOfDirectory(atPath: path) { chmod(path + "/" + name, 0o444) }
        chmod(path, 0o555)
        return path
    }

    @Test func verifyAndLogRunWithoutLockMDBAndWriteNothing() async throws {
        let scratch = TemporaryDirectory()
        let path = try await readOnlyLog(scratch)
        // With a lock.mdb this user cannot write, then with none (which this user cannot create).
        for removeLockFile in [false, true] {
            if removeLockFile { try FileManager.default.removeItem(atPath: path + "/lock.mdb") }
            let before = try contents(of: path)
            let verify = try await runAsNobody(["verify", "--data-dir", path])
            #expect(verify.status == 0, "\(verify.standardError)")
            #expect(verify.standardOutput.hasPrefix("OK: 11 events in 6 streams verified"))
            let log = try await runAsNobody(["log", "--data-dir", path])
            #expect(log.status == 0, "\(log.standardError)")
            #expect(log.standardOutput.split(separator: "\n").count == 11)
            #expect(try contents(of: path) == before, "a reader must not write to the log's directory")
        }
    }

    @Test func aReaderWithoutLockMDBIsRefusedWhileAWriterRuns() async throws {
        let scratch = TemporaryDirectory()
        let path = try await readOnlyLog(scratch)
        // Root writes; nobody still cannot write lock.mdb, which root's store keeps.
        let writer = try LMDBEventStore(path: path)
        defer { writer.close() }
        let verify = try await runAsNobody(["verify", "--data-dir", path])
        #expect(verify.status == 8)
        #expect(
            verify.standardError
                == "topchef: \(path): cannot read the log without LMDB's reader table (this user cannot write "
                + "lock.mdb), and the log is being written (\(path)/writer.lock is held)\n")
    }

    @Test func aReaderWithoutLockMDBNeedsWriterLock() async throws {
        let scratch = TemporaryDirectory()
        let path = try await readOnlyLog(scratch)
        try FileManager.default.removeItem(atPath: path + "/writer.lock")
        for command in ["verify", "log"] {
            let outcome = try await runAsNobody([command, "--data-dir", path])
            #expect(outcome.status == 8)
            #expect(
                outcome.standardError
                    == "topchef: \(path): cannot read the log without LMDB's reader table (this user cannot write "
                    + "lock.mdb), and there is no \(path)/writer.lock to keep writers out with\n")
        }
    }
}
