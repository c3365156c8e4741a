import ArgumentParser
import TopChefHTTP

/// The `topchef` command: the server and the tools that read its event log.
@main
struct TopChefCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "topchef",
        abstract: "TopChef: a job broker with an append-only, auditable event log.",
        version: TopChefVersion.current,
        subcommands: [ServeCommand.self, ValidateCommand.self] + provenanceCommands
    )
}
