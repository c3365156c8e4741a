import Foundation
import TestSupport

/// Runs the built `topchef` executable, found beside the test bundle in the build directory.
enum TopChefProcess {
    /// The executable's path, or nil when it was not built.
    static let executable = builtExecutable(named: "topchef")

    struct Outcome: Sendable {
        var status: Int32
        var standardOutput: String
        var standardError: String
    }

    /// Runs `topchef arguments…` to completion, with `environment` added to this process's. With
    /// `standardOutputPath`, stdout goes to that file (e.g. `/dev/full`) and the outcome's is empty.
    static func run(
        _ arguments: [String], environment: [String: String] = [:], standardOutputPath: String? = nil
    ) async throws -> Outcome {
        try await run(program: executable!, arguments, environment: environment, standardOutputPath: standardOutputPath)
    }

    /// Runs `program arguments…` as ``run(_:environment:standardOutputPath:)`` runs `topchef`. The wait for
    /// the child happens on a thread of its own (see ``onThread(_:)``).
    static func run(
        program: String, _ arguments: [String], environment: [String: String] = [:],
        standardOutputPath: String? = nil
    ) async throws -> Outcome {
        try await onThread {
            try runBlocking(program, arguments, environment: environment, standardOutputPath: standardOutputPath)
        }
    }

    private static func runBlocking(
        _ path: String, _ arguments: [String], environment: [String: String], standardOutputPath: String?
    ) throws -> Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let output = Pipe()
        let error = Pipe()
        if let standardOutputPath {
            process.standardOutput = FileHandle(forWritingAtPath: standardOutputPath)
            try? output.fileHandleForWriting.close()
        } else {
            process.standardOutput = output
        }
        process.standardError = error
        try process.run()
        let outputData = standardOutputPath == nil ? output.fileHandleForReading.readDataToEndOfFile() : Data()
        let errorData = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(
            status: process.terminationStatus, standardOutput: String(decoding: outputData, as: UTF8.self),
            standardError: String(decoding: errorData, as: UTF8.self))
    }
}
