import ArgumentParser
import EventStore
import TopChefCore
import TopChefTools

/// `topchef log`: the events of the log, one per line.
struct LogCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log",
        abstract: "Print the events of the log, one per line (JSON Lines with --json).",
        discussion: "The log is opened read-only: it is safe to run while the server is up."
    )

    @OptionGroup var location: LogLocation

    @Option(help: "The first sequence number to print.")
    var from: UInt64 = 1

    @Option(help: "The last sequence number to print.")
    var to: UInt64?

    @Option(help: "Only the events of this stream: a job's or service's id, or a stream name such as job-<id>.")
    var stream: String?

    @Option(help: "Only events of this type, e.g. JobStatusChanged.")
    var type: String?

    @Option(help: "Only events recorded at or after this ISO 8601 time.")
    var since: String?

    @Flag(help: "Print each event as one JSON object per line.")
    var json = false

    func run() async throws {
        try await runTool {
            var sinceTime: Timestamp?
            if let since {
                guard let time = Timestamp(iso8601: since) else {
                    throw ToolError(.invalidArgument, "--since \(since): expected an ISO 8601 time")
                }
                sinceTime = time
            }
            let filter = try EventFilter(from: from, to: to, stream: stream, type: type, since: sinceTime)
            let store = try LogAccess.openReadOnly(location.path)
            let output = BufferedStandardOutput()
            var writer = JSONWriter(capacity: 4096)
            try filter.forEach(in: store) { recorded, event in
                if json {
                    writer.event(recorded, event)
                    writer.newline()
                    try output.write(writer.bytes)
                    writer = JSONWriter(capacity: 4096)
                } else {
                    try output.write(EventText.line(recorded, event) + "\n")
                }
            }
            try output.flush()
        }
    }
}
