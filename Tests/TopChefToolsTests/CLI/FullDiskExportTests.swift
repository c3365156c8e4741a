import Foundation
import TestSupport
import Testing

/// An export that runs out of room (a file-size limit stands in for a full disk: `ulimit -f`, with
/// SIGXFSZ ignored so that the write fails instead of killing the process) stops with exit 6, one line on
/// stderr naming the output, and leaves nothing at the output path, whatever the format and wherever in
/// the export the room runs out.
@Suite(
    .enabled(if: TopChefProcess.executable != nil, "the topchef executable is not built beside the tests"),
    .enabled(if: FileManager.default.isExecutableFile(atPath: "/bin/sh"), "needs /bin/sh"))
struct FullDiskExportTests {
    /// Runs `topchef arguments…` under a file-size limit of `kibibytes`.
    func runLimited(_ arguments: [String], kibibytes: Int) async throws -> TopChefProcess.Outcome {
        let executable = try #require(TopChefProcess.executable)
        // POSIX sh's `ulimit -f` counts 512-byte blocks; the command comes after the script, as "$@".
        return try await TopChefProcess.run(
            program: "/bin/sh",
            ["-c", "trap '' XFSZ; ulimit -f \(kibibytes * 2); exec \"$@\"", "sh", executable] + arguments)
    }

    @Test func everyFormatStopsWithExitSixAndLeavesNothing() async throws {
        let scratch = TemporaryDirectory()
        let log = scratch.appending("log")
        // 20,000 jobs: enough that SQLite writes pages while the events go in, long before its commit.
        let generated = try await TopChefProcess.run(["generate-log", "--data-dir", log, "--jobs", "20000"])
        try #require(generated.status == 0, "\(generated.standardError)")
        // The limit is per file: CSV's files are one per service, a tenth of the jobs each.
        for (format, output, limit) in [("sqlite", "out.sqlite", 1024), ("jsonl", "jsonl", 1024), ("csv", "csv", 64)] {
            let path = scratch.appending(output)
            let outcome = try await runLimited(
                ["export", "--format", format, "--out", path, "--data-dir", log], kibibytes: limit)
            #expect(outcome.status == 6, "\(format): \(outcome.standardError)")
            #expect(outcome.standardError.hasPrefix("topchef: \(path)"), "\(format): \(outcome.standardError)")
            #expect(outcome.standardError.split(separator: "\n").count == 1, "\(format): \(outcome.standardError)")
            let left = try FileManager.default.contentsOfDirectory(atPath: scratch.path).filter { $0 != "log" }
            let inside = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
            #expect(left.allSatisfy { !$0.hasPrefix(output + ".partial") }, "\(format): \(left)")
            #expect(!FileManager.default.fileExists(atPath: path) || inside.isEmpty, "\(format): \(inside)")
        }
    }
}
