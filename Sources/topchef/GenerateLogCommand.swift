import ArgumentParser
import TopChefTools

/// `topchef generate-log` (hidden): a synthetic log for benchmarks.
struct GenerateLogCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate-log",
        abstract: "Write a synthetic log for benchmarks (3.5 events per job on average; no fsync).",
        shouldDisplay: false
    )

    @OptionGroup var location: LogLocation

    @Option(help: "About this many events in all (the number of jobs follows).")
    var events: Int?

    @Option(help: "This many jobs (instead of --events).")
    var jobs: Int?

    @Option(help: "The number of services.")
    var services = 10

    func run() async throws {
        try await runTool {
            guard (events == nil) != (jobs == nil) else {
                throw ToolError(.invalidArgument, "give either --events or --jobs")
            }
            let plan =
                jobs.map { LogGenerator.Plan(services: services, jobs: $0) }
                ?? LogGenerator.Plan.events(events ?? 0, services: services)
            let progress = ProgressBar(label: "generate", total: UInt64(plan.jobs) * 35 / 10)
            let written = try await LogGenerator.generate(directory: location.path, plan: plan) { progress.update($0) }
            progress.finish()
            print("Wrote \(written) events (\(plan.services) services, \(plan.jobs) jobs) to \(location.path)")
        }
    }
}
