// The group-commit benchmark's workload (64 appenders, one event each, durable, a fresh log) without
// package-benchmark, for interleaved A/B runs of two builds: besides events/s, which follows the host's
// disk, it prints the CPU per event of the whole process and of the log's writer thread (the bottleneck),
// and the bytes the process hands to write(2) per event (LMDB's pages and the preallocation zeros), and
// how many events each commit carried: throughput follows the commit count, and 64 appenders often split
// into a full group and a trickle, each paying a commit of its own.
//
//   [APPENDERS=N] .build/release/GroupCommitProbe [EVENTS]    (default 64 appenders, 1,000,000 events;
//   Linux only: reads /proc). One appender shows the fixed cost of a durable commit.
import EventStore
import Foundation
import Synchronization
import TopChefCore

let parameters = Array(
    #"{"pulse_time":1e-05,"repetitions":500,"detuning_hz":12.5,"axis":"x","label":"rabi_01","calibrate":true,"amplitudes":[0.1,0.2,0.3,0.4],"laser":{"power_mw":2.5,"wavelength_nm":780.2},"seed":42,"notes":"run 7"}"#
        .utf8)
let total = Int(CommandLine.arguments.dropFirst().first ?? "") ?? 1_000_000
let appenders = Int(ProcessInfo.processInfo.environment["APPENDERS"] ?? "") ?? 64

/// CPU seconds of the whole process.
func processCPU() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    let seconds = usage.ru_utime.tv_sec + usage.ru_stime.tv_sec
    return Double(seconds) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
}

/// CPU seconds of the log's writer thread, which names itself `topchef-writer`.
func writerCPU() -> Double? { threadCPU(named: "topchef-writer") }

/// CPU seconds of the thread of this process named `threadName` (the first one found).
func threadCPU(named threadName: String) -> Double? {
    let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task")) ?? []
    for task in tasks {
        guard
            let name = try? String(contentsOfFile: "/proc/self/task/\(task)/comm", encoding: .utf8),
            name.trimmingCharacters(in: .newlines) == threadName,
            let stat = try? String(contentsOfFile: "/proc/self/task/\(task)/stat", encoding: .utf8),
            let fields = stat.split(separator: ")").last?.split(separator: " "), fields.count > 12,
            let user = Double(fields[11]), let system = Double(fields[12])
        else { continue }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }
    return nil
}

/// Bytes this process has passed to write(2) and its relatives.
func bytesWritten() -> Double {
    let io = (try? String(contentsOfFile: "/proc/self/io", encoding: .utf8)) ?? ""
    for line in io.split(separator: "\n") where line.hasPrefix("wchar:") {
        return Double(line.dropFirst(6).trimmingCharacters(in: .whitespaces)) ?? 0
    }
    return 0
}

let path = FileManager.default.temporaryDirectory.path + "/group-commit-probe-\(UUID().uuidString)"
let store = try LMDBEventStore(path: path)
let event = ProposedEvent(type: "JobSubmitted", payload: parameters)
/// Commits by the number of events they carried.
let commitSizes = Mutex<[Int: Int]>([:])
store.addCommitObserver { events in commitSizes.withLock { $0[events.count, default: 0] += 1 } }
let cpuBefore = processCPU()
let writtenBefore = bytesWritten()
let start = ContinuousClock.now
try await withThrowingTaskGroup(of: Void.self) { group in
    for lane in 0..<appenders {
        group.addTask {
            for _ in stride(from: lane, to: total, by: appenders) {
                _ = try await store.append([event], to: .job(UUID.timeOrdered()), expectedVersion: .noStream)
            }
        }
    }
    try await group.waitForAll()
}
let elapsed = ContinuousClock.now - start
let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
let perEvent = { (value: Double) in String(format: "%.2f", value / Double(total) * 1e6) }
let writer = writerCPU().map(perEvent) ?? "?"
// The checkpointer puts the journal's generations into data.mdb on a thread of its own.
let checkpointer = threadCPU(named: "topchef-checkpt").map(perEvent) ?? "?"
let written = String(format: "%.0f", (bytesWritten() - writtenBefore) / Double(total))
print(
    "events=\(total) wall=\(String(format: "%.2f", seconds))s events/s=\(String(format: "%.0f", Double(total) / seconds))"
        + " cpu/event=\(perEvent(processCPU() - cpuBefore))us writer-cpu/event=\(writer)us checkpoint-cpu/event=\(checkpointer)us written/event=\(written)B"
)
store.close()
let sizes = commitSizes.withLock { $0 }
let commits = sizes.values.reduce(0, +)
let bounds = [1, 2, 16, 32, 48, 56, 64, 65]
let buckets = zip(bounds, bounds.dropFirst()).map { low, high in
    let count = sizes.filter { $0.key >= low && $0.key < high }.values.reduce(0, +)
    return high - low == 1 ? "\(low):\(count)" : "\(low)-\(high - 1):\(count)"
}
let larger = sizes.filter { $0.key > 64 }.values.reduce(0, +)
print(
    "commits=\(commits) events/commit=\(String(format: "%.1f", Double(total) / Double(max(commits, 1))))"
        + " by size: \(buckets.joined(separator: " "))" + (larger > 0 ? " >64:\(larger)" : ""))
try? FileManager.default.removeItem(atPath: path)
