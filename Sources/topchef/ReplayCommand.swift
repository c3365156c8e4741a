import ArgumentParser
import EventStore
import TopChefCore
import TopChefTools

/// `topchef replay`: rebuild the projections from the log, check the invariants, print a summary.
struct ReplayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Rebuild the projections from the log, check the invariants and print a summary.",
        discussion: """
            With --until, only the events up to that sequence number or time count: what the system looked \
            like then. Exits with code 1 when an invariant does not hold.
            """
    )

    @OptionGroup var location: LogLocation

    @Option(help: "Stop after this sequence number, or after the last event recorded at or before this ISO 8601 time.")
    var until: String?

    func run() async throws {
        try await runTool {
            let point = try parsePoint(until, option: "--until")
            let store = try LogAccess.openReadOnly(location.path)
            let progress = ProgressBar(label: "replay", total: store.lastSequence)
            let report = try Replay.run(store, until: point) { progress.update($0) }
            progress.finish()
            let output = BufferedStandardOutput()
            try output.write(ReplayText.summary(report, point: point))
            try output.flush()
            if report.violationCount > 0 {
                throw ToolError(
                    .checkFailed, "\(report.violationCount) invariant violation(s); the first: \(report.violations[0])")
            }
        }
    }
}
