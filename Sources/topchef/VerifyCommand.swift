import ArgumentParser
import EventStore
import TopChefTools

/// `topchef verify`: check the whole log.
struct VerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check the hash chain, the sequence numbers, the events and the stream versions of the log.",
        discussion: """
            Exits with code 0 when the whole log checks out. Otherwise exits with code 1 and names, on stderr, \
            the first bad sequence number and what is wrong with it.
            """
    )

    @OptionGroup var location: LogLocation

    func run() async throws {
        try await runTool {
            var progress: ProgressBar?
            if let store = try? LogAccess.openReadOnly(location.path) {
                progress = ProgressBar(label: "verify", total: store.lastSequence)
            }
            let report = try LogVerifier.verify(directory: location.path) { progress?.update($0) }
            progress?.finish()
            if let failure = report.failure {
                throw ToolError(
                    .checkFailed,
                    "verification failed at sequence number \(failure.sequence): \(failure.reason) "
                        + "(\(report.eventCount) events before it are sound)")
            }
            let seconds = ProgressBar.seconds(report.duration)
            let output = BufferedStandardOutput()
            // Events a crash left in the journal are sound too; the next writable open puts them into data.mdb.
            let journaled =
                report.journaledEventCount == 0
                ? "" : " (\(report.journaledEventCount) of them in the journal, not yet in data.mdb)"
            try output.write(
                "OK: \(report.eventCount) events in \(report.streamCount) streams verified in "
                    + "\(ReplayText.formatted(seconds, digits: 3)) s (\(Int(report.eventsPerSecond.rounded())) events/s)"
                    + journaled + "\nhead hash \(report.headHash)\n")
            try output.flush()
        }
    }
}
