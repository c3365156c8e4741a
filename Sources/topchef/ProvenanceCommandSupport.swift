import ArgumentParser
import EventStore
import Foundation
import TopChefCore
import TopChefTools

/// Where the tools find the log: the same option and environment variable as `serve`.
struct LogLocation: ParsableArguments {
    @Option(
        name: .customLong("data-dir"),
        help: "The event log's directory (env TOPCHEF_DATA_DIR; default ./topchef-data). Opened read-only.")
    var dataDirectory: String?

    /// The directory to open.
    var path: String {
        dataDirectory ?? ProcessInfo.processInfo.environment["TOPCHEF_DATA_DIR"] ?? "./topchef-data"
    }
}

/// Runs a tool: any failure becomes one line on stderr and the exit code of its kind (see ``ToolError``).
func runTool(_ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch let error as ExitCode {
        throw error
    } catch {
        let failure = ToolError(error)
        writeLineToStandardError("topchef: \(failure.message)")
        throw ExitCode(failure.exitCode)
    }
}

/// Writes one line to stderr.
func writeLineToStandardError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}

/// Parses a point in the log given on the command line.
func parsePoint(_ text: String?, option: String) throws(ToolError) -> LogPoint {
    guard let text else { return .end }
    guard let point = LogPoint(parsing: text) else {
        throw ToolError(
            .invalidArgument,
            "\(option) \(text): expected a sequence number or an ISO 8601 time such as 2026-03-01T12:00:00Z")
    }
    return point
}

/// Standard output through a large buffer: `log` prints millions of lines.
final class BufferedStandardOutput {
    private var buffer: [UInt8] = []

    init() {
        buffer.reserveCapacity(1 << 16)
    }

    func write(_ bytes: some Collection<UInt8>) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= 1 << 16 { flush() }
    }

    func write(_ text: String) {
        write(text.utf8)
    }

    func flush() {
        guard !buffer.isEmpty else { return }
        FileHandle.standardOutput.write(Data(buffer))
        buffer.removeAll(keepingCapacity: true)
    }

    deinit {
        flush()
    }
}

/// The provenance tools, registered in ``TopChefCommand``'s subcommands.
let provenanceCommands: [any ParsableCommand.Type] = [
    LogCommand.self, HistoryCommand.self, ReplayCommand.self, VerifyCommand.self, ExportCommand.self,
    GenerateLogCommand.self,
]
