import ArgumentParser
import TopChefHTTP
import TopChefTools

/// The `topchef` command: the server and the tools that read its event log.
@main
struct TopChefCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "topchef",
        abstract: "TopChef: a job broker with an append-only, auditable event log.",
        version: TopChefVersion.current,
        subcommands: [ServeCommand.self, ValidateCommand.self] + provenanceCommands
    )

    /// ArgumentParser's own entry point, except that a command line that does not parse is one line on
    /// stderr (as every other error of `topchef` is), not the message and the usage text: exit 7, the tools'
    /// "bad argument", for the log tools, and ArgumentParser's usage code 64 for `serve` and `validate`,
    /// whose documented codes keep 1 and 2 for other meanings.
    static func main() async {
        var command: any ParsableCommand
        do {
            command = try parseAsRoot()
        } catch {
            // Help, version and the exits the parser chose stay ArgumentParser's.
            if error is ExitCode || exitCode(for: error) == .success { exit(withError: error) }
            writeLineToStandardError("topchef: " + message(for: error).split(separator: "\n").joined(separator: " "))
            let subcommand = CommandLine.arguments.dropFirst().first ?? ""
            let isLogTool = provenanceCommands.contains { $0.configuration.commandName == subcommand }
            let code = isLogTool ? ToolError.Kind.invalidArgument.rawValue : ExitCode.validationFailure.rawValue
            exit(withError: ExitCode(code))
        }
        // What a command throws once running is reported as ArgumentParser reports it.
        do {
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}
