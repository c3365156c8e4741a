import EventStore
import Foundation
import TestSupport
import Testing
import TopChefCore
import TopChefTools

/// The tools that read a log's events never present a damaged log as sound: `replay` and `export` (which
/// read the whole log) fail on a record whose hash does not match or a broken chain, `history` and `log` on
/// a record whose hash does not match, each with the damaged-log exit code (5) and one line naming the
/// first bad event. `verify` stays the detailed diagnostic.
struct DamagedLogToolsTests {
    /// A copy of the scenario's log with one letter of job A's parameters (event 2) changed on disk.
    static func changedParameters(_ scratch: TemporaryDirectory) async throws -> (Scenario, String) {
        let scenario = try await Scenario.write(into: scratch.appending("log"))
        let copy = scratch.appending("changed")
        try FileManager.default.copyItem(atPath: scenario.directory, toPath: copy)
        try LogTampering.replace(#""c":"x""#, with: #""c":"q""#, in: copy, sequence: 2)
        return (scenario, copy)
    }

    /// A copy of the scenario's log whose event 6 was rewritten with a wrong previous hash and a hash that
    /// matches its new content: only the chain shows it.
    static func brokenChain(_ scratch: TemporaryDirectory) async throws -> (Scenario, String) {
        let scenario = try await Scenario.write(into: scratch.appending("log"))
        let copy = scratch.appending("relinked")
        try FileManager.default.copyItem(atPath: scenario.directory, toPath: copy)
        try LogTampering.relink(copy, sequence: 6, previousHash: [UInt8](repeating: 9, count: 32))
        return (scenario, copy)
    }

    /// Expects `body` to fail with the damaged-log error (exit code 5) naming `sequence`.
    static func expectDamaged(at sequence: UInt64, _ body: () async throws -> Void) async {
        do {
            try await body()
            Issue.record("damage at sequence number \(sequence) went unnoticed")
        } catch {
            let failure = ToolError(error)
            #expect(failure.kind == .damagedLog, "\(error)")
            #expect(failure.message.contains("damaged at sequence number \(sequence):"), "\(failure)")
        }
    }

    @Test func replayAndExportRefuseAChangedRecordAndABrokenChain() async throws {
        let scratch = TemporaryDirectory()
        let (changed, relinked) = (TemporaryDirectory(), TemporaryDirectory())
        for (directory, sequence) in [
            (try await Self.changedParameters(changed).1, 2 as UInt64), (try await Self.brokenChain(relinked).1, 6),
        ] {
            let store = try LogAccess.openReadOnly(directory)
            await Self.expectDamaged(at: sequence) { _ = try Replay.run(store) }
            let out = scratch.appending("export-\(sequence)")
            await Self.expectDamaged(at: sequence) {
                _ = try Exporter.run(store, ExportRequest(format: .jsonl, output: out))
            }
            #expect(!FileManager.default.fileExists(atPath: out + "/snapshot.json"))
            // Up to a point before the damage, what is read is sound.
            #expect(try Replay.run(store, until: .sequence(sequence - 1)).lastSequence == sequence - 1)
        }
    }

    @Test func historyRefusesAChangedRecordOfItsStream() async throws {
        let scratch = TemporaryDirectory()
        let (scenario, directory) = try await Self.changedParameters(scratch)
        let reader = ProvenanceReader(store: try LogAccess.openReadOnly(directory))
        await Self.expectDamaged(at: 2) { _ = try await reader.jobHistory(scenario.jobA) }
        // Its service's history reads the whole log to find the service's jobs.
        await Self.expectDamaged(at: 2) { _ = try await reader.serviceHistory(scenario.service) }
        // A job whose events are sound still has its history.
        #expect(try await reader.jobHistory(scenario.jobB).entries.count == 2)
    }
}

/// The same, as a user runs the tools: exit code 5 and exactly one line on stderr.
@Suite(.enabled(if: TopChefProcess.executable != nil, "the topchef executable is not built beside the tests"))
struct DamagedLogCommandTests {
    static func expectOneDamagedLine(
        _ outcome: TopChefProcess.Outcome, _ directory: String, at sequence: UInt64, _ command: String
    ) {
        #expect(outcome.status == 5, "\(command): \(outcome.standardError)")
        let lines = outcome.standardError.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 2 && lines[1].isEmpty, "\(command): \(outcome.standardError)")
        #expect(
            outcome.standardError.hasPrefix(
                "topchef: \(directory): the event log is damaged at sequence number \(sequence):")
                && outcome.standardError.hasSuffix("(run `topchef verify` for details)\n"),
            "\(command): \(outcome.standardError)")
    }

    @Test func toolsExitFiveOnAChangedRecord() async throws {
        let scratch = TemporaryDirectory()
        let (scenario, directory) = try await DamagedLogToolsTests.changedParameters(scratch)
        let log = ["--data-dir", directory]
        let out = scratch.appending("export")
        for arguments in [
            ["replay"], ["export", "--format", "jsonl", "--out", out], ["history", scenario.jobA.uuidString],
            ["history", scenario.service.uuidString], ["log"],
        ] {
            Self.expectOneDamagedLine(try await TopChefProcess.run(arguments + log), directory, at: 2, arguments[0])
        }
        #expect(!FileManager.default.fileExists(atPath: out + "/snapshot.json"))
        #expect(try await TopChefProcess.run(["verify"] + log).status == 1)
        #expect(try await TopChefProcess.run(["replay", "--until", "1"] + log).status == 0)
    }

    @Test func replayAndExportExitFiveOnABrokenChain() async throws {
        let scratch = TemporaryDirectory()
        let (_, directory) = try await DamagedLogToolsTests.brokenChain(scratch)
        let log = ["--data-dir", directory]
        for arguments in [["replay"], ["export", "--format", "sqlite", "--out", scratch.appending("out.sqlite")]] {
            Self.expectOneDamagedLine(try await TopChefProcess.run(arguments + log), directory, at: 6, arguments[0])
        }
        #expect(!FileManager.default.fileExists(atPath: scratch.appending("out.sqlite")))
    }
}
