import ArgumentParser
import EventStore
import Foundation
import TopChefCore
import TopChefTools

/// `topchef export`: a snapshot of services, jobs and events for analysis.
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export a snapshot of services, jobs and events to JSONL, CSV or SQLite.",
        discussion: """
            jsonl: a directory with snapshot.json, services.jsonl, jobs.jsonl and events.jsonl. csv: a directory \
            with snapshot.json, services.csv and one jobs-<service>-<id>.csv per service, parameters and results \
            flattened into dotted columns. sqlite: one database file with tables snapshot, services, jobs and \
            events and views job_parameters, job_results and jobs_<service>_<id> (the id's 32 hex digits). The \
            same log and point always give identical output. Files appear only when complete.
            """
    )

    @OptionGroup var location: LogLocation

    @Option(help: "jsonl, csv or sqlite.")
    var format: String

    @Option(help: "The output: a directory for jsonl and csv, a file for sqlite.")
    var out: String

    @Option(name: .customLong("as-of"), help: "A sequence number or ISO 8601 time: the snapshot as it was then.")
    var asOf: String?

    @Option(help: "Only this service, its jobs and their events.")
    var service: String?

    func run() async throws {
        try await runTool {
            guard let format = ExportFormat(rawValue: format.lowercased()) else {
                throw ToolError(.invalidArgument, "--format \(format): expected jsonl, csv or sqlite")
            }
            let point = try parsePoint(asOf, option: "--as-of")
            var serviceID: UUID?
            if let service {
                guard let id = UUID(lenient: service) else {
                    throw ToolError(.invalidArgument, "--service \(service): not an id (expected a UUID)")
                }
                serviceID = id
            }
            let store = try LogAccess.openReadOnly(location.path)
            let progress = ProgressBar(label: "export", total: store.lastSequence)
            let report = try Exporter.run(
                store, ExportRequest(format: format, output: out, point: point, serviceID: serviceID)
            ) { progress.update($0) }
            progress.finish()
            let seconds = ProgressBar.seconds(report.duration)
            let output = BufferedStandardOutput()
            try output.write(
                "Exported \(report.serviceCount) services, \(report.jobCount) jobs and \(report.eventCount) events "
                    + "as of #\(report.lastSequence) to \(out) in \(ReplayText.formatted(seconds, digits: 3)) s "
                    + "(\(Int(report.jobsPerSecond.rounded())) jobs/s)\n")
            try output.flush()
        }
    }
}
