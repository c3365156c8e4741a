// Appends and acknowledges events as fast as it can, for the crash tests: they kill this process with
// SIGKILL at a random moment and then check that every acknowledged event survived.
//
// Usage: CrashWriter DIRECTORY [INITIAL-MAP-BYTES]
// (a small initial map makes the log grow its LMDB map while a test watches from another process)
// Prints one line per acknowledged command, written with a single write(2) so that a line is either
// complete or absent:
//   SERVICE <service id>
//   JOB <job id> <parameters as JSON>
//   STATUS <job id> <status> <job stream version>
import EventStore
import Foundation
import TopChefCore

#if canImport(Glibc)
    import Glibc
#endif

let arguments = CommandLine.arguments
guard arguments.count == 2 || (arguments.count == 3 && Int(arguments[2]) != nil) else {
    FileHandle.standardError.write(Data("usage: CrashWriter DIRECTORY [INITIAL-MAP-BYTES]\n".utf8))
    exit(2)
}
var options = LMDBEventStore.Options()
if arguments.count == 3, let mapSize = Int(arguments[2]) { options.initialMapSize = mapSize }

/// Writes one whole line to standard output with one system call.
func acknowledge(_ line: String) {
    let bytes = Array((line + "\n").utf8)
    bytes.withUnsafeBytes { buffer in
        var offset = 0
        while offset < buffer.count {
            let written = write(1, buffer.baseAddress! + offset, buffer.count - offset)
            if written <= 0 { exit(3) }
            offset += written
        }
    }
}

let broker: Broker
do {
    broker = try Broker.open(directory: arguments[1], options: options)
} catch {
    FileHandle.standardError.write(Data("CrashWriter: \(error)\n".utf8))
    exit(1)
}

let schema = Array(#"{"type":"object"}"#.utf8)
let service: ServiceRecord
if let existing = broker.projection.read({ $0.allServices.first }) {
    service = existing
} else {
    service = try await broker.registerService(
        RegisterService(name: "crash", description: "crash test", parametersSchema: schema, resultsSchema: schema))
}
acknowledge("SERVICE \(service.id.lowercasedString)")

await withTaskGroup(of: Void.self) { group in
    for writer in 0..<32 {
        group.addTask {
            var counter = 0
            while true {
                counter += 1
                let parameters = #"{"writer":\#(writer),"n":\#(counter),"pid":\#(getpid())}"#
                do {
                    let job = try await broker.submitJob(
                        SubmitJob(serviceID: service.id, parameters: Array(parameters.utf8)))
                    acknowledge("JOB \(job.id.lowercasedString) \(parameters)")
                    if counter % 3 == 0 {
                        let updated = try await broker.updateJob(
                            UpdateJob(jobID: job.id, status: .completed, results: Array(#"{"ok":true}"#.utf8)))
                        acknowledge(
                            "STATUS \(job.id.lowercasedString) \(updated.status.rawValue) \(updated.streamVersion)")
                    }
                } catch {
                    FileHandle.standardError.write(Data("CrashWriter: \(error)\n".utf8))
                    exit(1)
                }
            }
        }
    }
}
