import ArgumentParser
import EventStore
import Foundation
import TopChefCore
import TopChefTools

#if canImport(Glibc)
    import Glibc
#endif

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

/// Writes one line to stderr. Best effort: with stderr gone too, there is nobody left to tell.
func writeLineToStandardError(_ line: String) {
    _ = try? writeAll(Array((line + "\n").utf8), to: STDERR_FILENO)
}

/// Writes every byte of `bytes` to `descriptor`.
/// - Throws: ``ToolError`` of kind `failed` naming the system error (a full disk, a closed pipe).
func writeAll(_ bytes: [UInt8], to descriptor: Int32) throws(ToolError) {
    guard let failure = bytes.withUnsafeBytes({ DescriptorWriter.writeAll($0, to: descriptor) }) else { return }
    let target = descriptor == STDOUT_FILENO ? "standard output" : "descriptor \(descriptor)"
    throw ToolError(.failed, "cannot write to \(target): \(String(cString: strerror(failure)))")
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

/// Standard output through a large buffer: `log` prints millions of lines. A failed write (a full disk,
/// `> /dev/full`) is a ``ToolError``, one line on stderr, not a trap: Foundation's `FileHandle.write`
/// traps on errors.
final class BufferedStandardOutput {
    private var buffer: [UInt8] = []

    init() {
        buffer.reserveCapacity(1 << 16)
    }

    func write(_ bytes: some Collection<UInt8>) throws(ToolError) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= 1 << 16 { try flush() }
    }

    func write(_ text: String) throws(ToolError) {
        try write(text.utf8)
    }

    func flush() throws(ToolError) {
        guard !buffer.isEmpty else { return }
        defer { buffer.removeAll(keepingCapacity: true) }
        try writeAll(buffer, to: STDOUT_FILENO)
    }
}

/// The provenance tools, registered in ``TopChefCommand``'s subcommands.
let provenanceCommands: [any ParsableCommand.Type] = [
    LogCommand.self, HistoryCommand.self, ReplayCommand.self, VerifyCommand.self, ExportCommand.self,
    GenerateLogCommand.self,
]
