import ArgumentParser
import TopChefCore
import TopChefTools

/// `topchef history ID`: the full story of one job or service.
struct HistoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Print the full story of a job or a service.",
        discussion: """
            For a job: its service and that service's schemas as they were at submission, its parameters, \
            every status change and result with times, durations between them and sequence numbers. For a \
            service: its registration, its changes and its jobs. An unknown id exits with code 3.
            """
    )

    @OptionGroup var location: LogLocation

    @Argument(help: "The id of a job or a service.")
    var id: String

    @Flag(help: "Print the history as JSON (the same document as GET /jobs/<id>/history).")
    var json = false

    func run() async throws {
        try await runTool {
            let store = try LogAccess.openReadOnly(location.path)
            let reader = ProvenanceReader(store: store)
            let output = BufferedStandardOutput()
            switch try reader.subject(id) {
            case .job(let jobID):
                let history = try await reader.jobHistory(jobID)
                try output.write(
                    json ? ProvenanceJSON.jobHistory(history) + [0x0A] : Array(HistoryText.job(history).utf8))
            case .service(let serviceID):
                let history = try await reader.serviceHistory(serviceID)
                try output.write(
                    json ? ProvenanceJSON.serviceHistory(history) + [0x0A] : Array(HistoryText.service(history).utf8))
            }
            try output.flush()
        }
    }
}
