import Foundation
import TestSupport
import Testing
import TopChefTools

/// The `topchef` provenance commands as a user runs them: exit codes, stdout and stderr.
@Suite(.enabled(if: TopChefProcess.executable != nil, "the topchef executable is not built beside the tests"))
struct CLITests {
    @Test func commandsSucceedOnAGoodLogAndWriteNothingToIt() async throws {
        let scratch = TemporaryDirectory()
        let scenario = try await Scenario.write(into: scratch.appending("log"))
        let before = try Data(contentsOf: URL(fileURLWithPath: scenario.directory + "/data.mdb"))
        let log = ["--data-dir", scenario.directory]

        let verify = try await TopChefProcess.run(["verify"] + log)
        #expect(verify.status == 0)
        #expect(verify.standardOutput.hasPrefix("OK: 11 events in 6 streams verified"))
        #expect(verify.standardError.isEmpty)

        let lines = try await TopChefProcess.run(["log", "--json", "--type", "JobStatusChanged"] + log)
        #expect(lines.status == 0)
        let sequences = try lines.standardOutput.split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])["sequence"] as? Int
        }
        #expect(sequences == [4, 6, 9])

        let history = try await TopChefProcess.run(["history", scenario.jobA.uuidString, "--json"] + log)
        #expect(history.status == 0)
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(history.standardOutput.utf8)) as? [String: Any])
        #expect((object["history"] as? [Any])?.count == 4)
        // Any spelling the HTTP API accepts: upper case without dashes, braces, `urn:uuid:`.
        for spelling in [
            scenario.jobA.uuidString.replacingOccurrences(of: "-", with: ""), "{\(scenario.jobA.uuidString)}",
            "urn:uuid:" + scenario.jobA.uuidString.lowercased(),
        ] {
            let lenient = try await TopChefProcess.run(["history", spelling, "--json"] + log)
            #expect(lenient.status == 0, "\(spelling): \(lenient.standardError)")
            #expect(lenient.standardOutput == history.standardOutput, "\(spelling)")
        }

        let replay = try await TopChefProcess.run(["replay", "--until", "2026-03-01T12:00:05.5Z"] + log)
        #expect(replay.status == 0)
        #expect(replay.standardOutput.hasPrefix("Replayed 6 events up to 2026-03-01T12:00:05.500000Z"))

        let export = try await TopChefProcess.run(
            ["export", "--format", "sqlite", "--out", scratch.appending("s.sqlite")] + log)
        #expect(export.status == 0)
        #expect(export.standardOutput.hasPrefix("Exported 2 services, 4 jobs and 11 events as of #11"))
        #expect(export.standardError.isEmpty)

        #expect(try Data(contentsOf: URL(fileURLWithPath: scenario.directory + "/data.mdb")) == before)
    }

    /// Output that cannot be written (a full disk) is one line on stderr and exit 8, not a trap.
    @Test func aFullStandardOutputIsOneLineAndExitEight() async throws {
        let scratch = TemporaryDirectory()
        let scenario = try await Scenario.write(into: scratch.appending("log"))
        let log = ["--data-dir", scenario.directory]
        for arguments in [["log"], ["history", scenario.jobA.uuidString], ["verify"], ["replay"]] {
            let outcome = try await TopChefProcess.run(arguments + log, standardOutputPath: "/dev/full")
            #expect(outcome.status == 8, "\(arguments): \(outcome.standardError)")
            #expect(outcome.standardError.hasPrefix("topchef: cannot write to standard output"), "\(arguments)")
            #expect(outcome.standardError.split(separator: "\n").count == 1, "\(arguments): \(outcome.standardError)")
        }
    }

    @Test func eachKindOfFailureHasItsExitCodeAndOneLineOnStderr() async throws {
        let scratch = TemporaryDirectory()
        let scenario = try await Scenario.write(into: scratch.appending("log"))
        let log = ["--data-dir", scenario.directory]
        let cases: [(arguments: [String], status: Int32, message: String)] = [
            (["history", "00000000-0000-0000-0000-000000000000"] + log, 3, "no job or service has the id"),
            (["verify", "--data-dir", scratch.path], 4, "not a TopChef event log"),
            (["log", "--data-dir", scratch.appending("nowhere")], 4, "no such directory"),
            (["export", "--format", "csv", "--out", "/proc/topchef-export"] + log, 6, "/proc/topchef-export"),
            (["replay", "--until", "soon"] + log, 7, "--until soon"),
            (["export", "--format", "jsonl", "--out", scratch.appending("x"), "--service", "nope"] + log, 7, "nope"),
            (["history", "nope"] + log, 7, "nope is not an id"),
            // What ArgumentParser refuses is one line too, and the tools' "bad argument".
            (["log", "--from", "x"] + log, 7, "'x' is invalid for '--from <from>'"),
            (["history"] + log, 7, "Missing expected argument '<id>'"),
            (
                ["export", "--format", "sqlite", "--out", scenario.directory + "/data.mdb"] + log, 6,
                "inside the log's directory"
            ),
            (
                ["export", "--format", "jsonl", "--out", scratch.appending("y"), "--service", UUID().uuidString] + log,
                3, "no service has the id"
            ),
        ]
        for (arguments, status, message) in cases {
            let outcome = try await TopChefProcess.run(arguments)
            #expect(outcome.status == status, "\(arguments)")
            #expect(outcome.standardError.hasPrefix("topchef: "), "\(arguments)")
            #expect(outcome.standardError.contains(message), "\(arguments): \(outcome.standardError)")
            #expect(outcome.standardError.split(separator: "\n").count == 1, "\(arguments)")
        }
    }

    @Test func verifyExitsWithOneNamingTheFirstBadEvent() async throws {
        let scratch = TemporaryDirectory()
        let scenario = try await Scenario.write(into: scratch.appending("log"))
        try VerifyTests.tamper(scenario.directory, sequence: 8) { $0[20] ^= 0x40 }
        let outcome = try await TopChefProcess.run(["verify", "--data-dir", scenario.directory])
        #expect(outcome.status == 1)
        #expect(outcome.standardError.hasPrefix("topchef: verification failed at sequence number 8: "))
        #expect(outcome.standardOutput.isEmpty)
    }
}
