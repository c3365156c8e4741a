import EventStore
import Foundation
import TopChefCore

#if canImport(Glibc)
    import Glibc
#endif

/// Writes `snapshot.json`, `services.csv` and, per service, `jobs-<name>-<id>.csv` into a directory.
///
/// Each jobs file has the columns `id`, `status`, `date_submitted`, `submission_sequence`, `version`,
/// then one `parameters.<path>` column per leaf of the parameters (dotted object keys, sorted), then the
/// same for `results`. Arrays stay whole as JSON text; numbers are written as stored; null is an empty
/// cell. Files are RFC 4180 (quoted where needed) with `\n` line ends, UTF-8, with a header row.
struct CSVSnapshotWriter: SnapshotWriter {
    let directory: String

    var keepsEvents: Bool { false }

    mutating func event(_ parts: RecordParts, _ event: DomainEvent) throws {}

    mutating func finish(info: SnapshotInfo, services: [ServiceRecord], jobs: [JobRecord]) throws -> [String] {
        var jobsByService: [UUID: [JobRecord]] = [:]
        for job in jobs { jobsByService[job.serviceID, default: []].append(job) }
        let snapshot = try OutputFile(path: directory + "/snapshot.json")
        try snapshot.write(info.json + [UInt8(ascii: "\n")])
        var files = [snapshot]
        let servicesFile = try OutputFile(path: directory + "/services.csv")
        try servicesFile.write(
            Self.row([
                "id", "name", "description", "timeout", "is_service_available", "registered_at",
                "registration_sequence", "version", "job_count", "jobs_file", "job_registration_schema",
                "job_result_schema",
            ]))
        files.append(servicesFile)
        for service in services {
            let serviceJobs = jobsByService[service.id] ?? []
            let name = "jobs-\(Self.slug(service.name))-\(service.id.lowercasedString).csv"
            try servicesFile.write(
                Self.row([
                    service.id.lowercasedString, service.name, service.description, String(service.timeoutSeconds),
                    service.isAvailable ? "true" : "false", service.registeredAt.description,
                    String(service.registrationSequence), String(service.streamVersion), String(serviceJobs.count),
                    name, String(decoding: service.parametersSchema, as: UTF8.self),
                    String(decoding: service.resultsSchema, as: UTF8.self),
                ]))
            files.append(try Self.writeJobs(serviceJobs, to: directory + "/" + name))
        }
        try ExportDirectoryLock.holding(directory) {
            let earlierJobsFiles = Self.jobsFilesListed(in: directory + "/services.csv")
            try OutputFile.commit(files)
            removeJobsFiles(earlierJobsFiles, keeping: Set(files.map(\.path)))
        }
        return files.map(\.path)
    }

    /// The jobs files that the `services.csv` at `path` (an earlier export's) lists in its `jobs_file`
    /// column, as far as they are names of the form this writer gives; none when there is no such file.
    static func jobsFilesListed(in path: String) -> [String] {
        guard let data = FileManager.default.contents(atPath: path) else { return [] }
        let rows = CSVRows.parse(String(decoding: data, as: UTF8.self))
        guard let header = rows.first, let column = header.firstIndex(of: "jobs_file") else { return [] }
        return rows.dropFirst().compactMap { $0.indices.contains(column) ? $0[column] : nil }.filter(isJobsFileName)
    }

    /// Removes the files named in `names` (the jobs files the export before this one listed) that this
    /// export did not write: services of another log or of a later point, or left out by `--service`, so
    /// that a reader who globs `jobs-*.csv` does not mix two snapshots. Files the earlier export did not
    /// list (the user's, even named alike) are not touched. Best effort, after the commit.
    private func removeJobsFiles(_ names: [String], keeping written: Set<String>) {
        for name in names where !written.contains(directory + "/" + name) {
            unlink(directory + "/" + name)
        }
    }

    /// Whether `name` is a jobs file name as ``finish(info:services:jobs:)`` gives: `jobs-`, a slug,
    /// `-`, a lower-case dashed id, `.csv`.
    static func isJobsFileName(_ name: String) -> Bool {
        let idLength = 36
        guard name.hasPrefix("jobs-"), name.hasSuffix(".csv"), name.count > "jobs-".count + 1 + idLength + 4
        else { return false }
        let id = name.dropLast(4).suffix(idLength)
        let slug = name.dropFirst("jobs-".count).dropLast(4 + idLength)
        guard slug.hasSuffix("-"), let parsed = UUID(uuidString: String(id)) else { return false }
        let slugText = slug.dropLast()
        return parsed.lowercasedString == id
            && !slugText.isEmpty
            && slugText.unicodeScalars.allSatisfy {
                $0.isASCII && ($0.properties.isLowercase || ("0"..."9").contains($0) || $0 == "_" || $0 == "-")
            }
    }

    /// One service's jobs file.
    static func writeJobs(_ jobs: [JobRecord], to path: String) throws -> OutputFile {
        let file = try OutputFile(path: path)
        let columns = try FlatColumns(jobs)
        let fixed = ["id", "status", "date_submitted", "submission_sequence", "version"]
        try file.write(
            row(
                fixed + columns.parameters.map { "parameters." + $0.name }
                    + columns.results.map { "results." + $0.name }))
        for job in jobs {
            var cells = [
                job.id.lowercasedString, job.status.rawValue, job.submittedAt.description,
                String(job.submissionSequence), String(job.streamVersion),
            ]
            cells += try columns.cells(job.parameters, columns: columns.parameters)
            cells +=
                try job.results.map { try columns.cells($0, columns: columns.results) }
                ?? Array(repeating: "", count: columns.results.count)
            try file.write(row(cells))
        }
        return file
    }

    /// One CSV line.
    static func row(_ cells: [String]) -> String {
        var line = ""
        for (index, cell) in cells.enumerated() {
            if index > 0 { line += "," }
            if cell.utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) {
                line += "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            } else {
                line += cell
            }
        }
        return line + "\n"
    }

    /// A file-name-safe form of a service name: ASCII letters, digits, `-` and `_`, at most 40 characters.
    static func slug(_ name: String) -> String {
        let kept = name.lowercased().unicodeScalars.map { scalar -> Character in
            scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "_")
                ? Character(scalar) : "-"
        }
        let slug = String(kept.prefix(40)).split(separator: "-").joined(separator: "-")
        return slug.isEmpty ? "service" : slug
    }
}

/// The flattened columns of a set of jobs: every leaf path found in their parameters and in their results,
/// dotted and sorted.
struct FlatColumns {
    /// A column: its dotted name and the object keys that lead to its leaf.
    struct Column: Hashable, Comparable {
        let name: String
        let path: [String]

        static func < (lhs: Column, rhs: Column) -> Bool { lhs.name < rhs.name }
    }

    let parameters: [Column]
    let results: [Column]

    init(_ jobs: [JobRecord]) throws {
        try self.init(jobs, jobs.indices)
    }

    /// The columns of the jobs at `indices` in `jobs`. Indices rather than a subset's array: copying a
    /// million `JobRecord`s (retaining and releasing their documents) cost a third of the work.
    init(_ jobs: [JobRecord], _ indices: some Sequence<Int>) throws {
        var parameters = Set<Column>()
        var results = Set<Column>()
        // Jobs of a service mostly share a few shapes: one document of each shape is flattened.
        var seen = Set<Shape>()
        var shape: [UInt8] = []
        shape.reserveCapacity(256)
        func isNew(_ json: [UInt8], _ kind: UInt8) -> Bool {
            guard JSONFlattener.shape(of: json, into: &shape) else { return true }
            shape.append(kind)
            return seen.insert(Shape(bytes: shape)).inserted
        }
        for index in indices {
            if isNew(jobs[index].parameters, UInt8(ascii: "p")) {
                for entry in try JSONFlattener.flatten(jobs[index].parameters) {
                    parameters.insert(Self.column(entry.path))
                }
            }
            if let jobResults = jobs[index].results, isNew(jobResults, UInt8(ascii: "r")) {
                for entry in try JSONFlattener.flatten(jobResults) { results.insert(Self.column(entry.path)) }
            }
        }
        self.parameters = parameters.sorted()
        self.results = results.sorted()
    }

    /// A document's shape, hashed in one call over its bytes: `[UInt8]`'s own hashing feeds the hasher
    /// one byte at a time, which cost more than scanning the document for its shape.
    private struct Shape: Hashable {
        let bytes: [UInt8]

        func hash(into hasher: inout Hasher) {
            bytes.withUnsafeBytes { hasher.combine(bytes: $0) }
        }
    }

    /// The column of a path; the document itself (when it is not an object) is named `value`.
    static func column(_ path: [String]) -> Column {
        Column(name: path.isEmpty ? "value" : path.joined(separator: "."), path: path)
    }

    /// The cells of `json` under `columns`, empty where it has no such leaf.
    func cells(_ json: [UInt8], columns: [Column]) throws -> [String] {
        var byPath: [[String]: String] = [:]
        for entry in try JSONFlattener.flatten(json) { byPath[entry.path] = entry.leaf.text }
        return columns.map { byPath[$0.path] ?? "" }
    }
}
