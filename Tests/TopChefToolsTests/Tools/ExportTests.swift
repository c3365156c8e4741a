import EventStore
import Foundation
import TestSupport
import Testing
import TopChefCore
import TopChefTools

struct ExportTests {
    /// Reads JSON Lines into objects.
    static func jsonLines(_ path: String) throws -> [[String: Any]] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        return try text.split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
    }

    /// Parses RFC 4180 CSV.
    static func csv(_ path: String) throws -> [[String]] {
        let text = Array(try String(contentsOfFile: path, encoding: .utf8))
        var rows: [[String]] = []
        var row: [String] = []
        var cell = ""
        var quoted = false
        var index = 0
        while index < text.count {
            let character = text[index]
            if quoted {
                if character == "\"" {
                    if index + 1 < text.count, text[index + 1] == "\"" {
                        cell.append("\"")
                        index += 1
                    } else {
                        quoted = false
                    }
                } else {
                    cell.append(character)
                }
            } else if character == "\"" {
                quoted = true
            } else if character == "," {
                row.append(cell)
                cell = ""
            } else if character == "\n" {
                row.append(cell)
                rows.append(row)
                row = []
                cell = ""
            } else {
                cell.append(character)
            }
            index += 1
        }
        return rows
    }

    static func files(_ directory: String) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: directory) {
            files[name] = try Data(contentsOf: URL(fileURLWithPath: directory + "/" + name))
        }
        return files
    }

    @Test func jsonlReadsBackAsTheProjections() async throws {
        let scratch = TemporaryDirectory()
        let scenario = try await Scenario.write(into: scratch.appending("log"))
        let store = try LogAccess.openReadOnly(scenario.directory)
        let state = try Replay.run(store).state
        let report = try Exporter.run(store, ExportRequest(format: .jsonl, output: scratch.appending("out")))
        #expect((report.serviceCount, report.jobCount, report.eventCount, report.lastSequence) == (2, 4, 11, 11))

        let services = try Self.jsonLines(scratch.appending("out/services.jsonl"))
        #expect(services.map { $0["name"] as? String } == state.allServices.map(\.name))
        let jobs = try Self.jsonLines(scratch.appending("out/jobs.jsonl"))
        let projected = state.jobs(after: nil, limit: .max) ?? []
        #expect(jobs.map { $0["id"] as? String } == projected.map(\.id.lowercasedString))
        #expect(jobs.map { $0["status"] as? String } == projected.map(\.status.rawValue))
        #expect((jobs[0]["results"] as? [String: Any])?["energy"] as? Double == -1.5)
        #expect(jobs[1]["results"] is NSNull)
        let events = try Self.jsonLines(scratch.appending("out/events.jsonl"))
        #expect(events.map { $0["sequence"] as? Int } == Array(1...11))
        let snapshot = try #require(
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: URL(fileURLWithPath: scratch.appending("out/snapshot.json"))))
                as? [String: Any])
        #expect(snapshot["last_sequence"] as? Int == 11)
        #expect((snapshot["last_hash"] as? String)?.count == 64)
    }

    @Test(arguments: ExportFormat.allCases)
    func theSameLogAndPointGiveIdenticalOutput(format: ExportFormat) async throws {
        let scratch = TemporaryDirectory()
        let scenario = try await Scenario.write(into: scratch.appending("log"))
        let store = try LogAccess.openReadOnly(scenario.directory)
        for name in ["first", "second"] {
            _ = try Exporter.run(
                store, ExportRequest(format: format, output: scratch.appending(name), point: .sequence(9)))
        }
        if format == .sqlite {
            let first = try Data(contentsOf: URL(fileURLWithPath: scratch.appending("first")))
            let second = try Data(contentsOf: URL(fileURLWithPath: scratch.appending("second")))
            #expect(first == second)
            #expect(first.count > 0)
        } else {
            let first = try Self.files(scratch.appending("first"))
            #expect(first == (try Self.files(scratch.appending("second"))))
            #expect(first.keys.allSatisfy { !$0.contains(".partial") })
        }
    }

    @Test func csvFlattensParametersAndResultsIntoDottedColumns() async throws {
        let scratch = TemporaryDirectory()
        let scenario = try await Scenario.write(into: scratch.appending("log"))
        let store = try LogAccess.openReadOnly(scenario.directory)
        _ = try Exporter.run(store, ExportRequest(format: .csv, output: scratch.appending("out")))
        let services = try Self.csv(scratch.appending("out/services.csv"))
        #expect(services.count == 3)
        #expect(services[1][1] == "fit v2")
        let fileColumn = try #require(services[0].firstIndex(of: "jobs_file"))
        #expect(services[1][fileColumn] == "jobs-fit-v2-11111111-1111-1111-1111-111111111111.csv")
        let rows = try Self.csv(scratch.appending("out/" + services[1][fileColumn]))
        #expect(
            rows[0] == [
                "id", "status", "date_submitted", "submission_sequence", "version", "parameters.a.b", "parameters.c",
                "parameters.d", "results.energy", "results.fit.ok",
            ])
        #expect(
            rows[1] == [
                scenario.jobA.lowercasedString, "COMPLETED", "2026-03-01T12:00:01.000000Z", "2", "4", "1", "x", "",
                "-1.5", "true",
            ])
        #expect(
            rows[2] == [
                scenario.jobB.lowercasedString, "ERROR", "2026-03-01T12:00:02.000000Z", "3", "2", "2.50", "y", "[1,2]",
                "", "",
            ])
        #expect(rows[3][1] == "REGISTERED")
        #expect(rows.count == 4)
        let other = try Self.csv(scratch.appending("out/" + services[2][fileColumn]))
        #expect(
            other == [
                ["id", "status", "date_submitted", "submission_sequence", "version", "parameters.n"],
                [scenario.jobD.lowercasedString, "REGISTERED", "2026-03-01T12:00:10.000000Z", "11", "1", "1"],
            ])
    }

    @Test func sqliteIsQueryableAndMatchesTheProjections() async throws {
        let scratch = TemporaryDirectory()
        let scenario = try await Scenario.write(into: scratch.appending("log"))
        let store = try LogAccess.openReadOnly(scenario.directory)
        let state = try Replay.run(store).state
        let path = scratch.appending("snapshot.sqlite")
        _ = try Exporter.run(store, ExportRequest(format: .sqlite, output: path))
        let database = try SQLiteDatabase(path: path, readOnly: true)
        // The jobs table and indexes are moved in page by page (SQLiteTreeTransplant): the file must be whole.
        #expect(try database.query("PRAGMA integrity_check") == [[.text("ok")]])
        let jobs = try database.query("SELECT id, status, parameters, results FROM jobs ORDER BY submission_sequence")
        let projected = state.jobs(after: nil, limit: .max) ?? []
        #expect(jobs.map { $0[0].text } == projected.map(\.id.lowercasedString))
        #expect(jobs.map { $0[1].text } == projected.map(\.status.rawValue))
        #expect(jobs.map { $0[2].text } == projected.map { String(decoding: $0.parameters, as: UTF8.self) })
        #expect(
            jobs.map { $0[3] }
                == projected.map { $0.results.map { .text(String(decoding: $0, as: UTF8.self)) } ?? .null })
        #expect(try database.query("SELECT count(*) FROM events") == [[.integer(11)]])
        #expect(
            try database.query("SELECT name FROM services ORDER BY registration_sequence") == [
                [.text("fit v2")], [.text("other")],
            ])
        #expect(
            try database.query(
                "SELECT json_extract(data, '$.to') FROM events WHERE type = 'JobStatusChanged' ORDER BY sequence")
                == [[.text("WORKING")], [.text("COMPLETED")], [.text("ERROR")]])
        let flat = try database.query(
            #"SELECT id, "parameters.a.b", "parameters.c", "parameters.d", "results.energy", "results.fit.ok" "#
                + "FROM jobs_fit_v2_11111111111111111111111111111111")
        #expect(
            flat == [
                [.text(scenario.jobA.lowercasedString), .integer(1), .text("x"), .null, .real(-1.5), .integer(1)],
                [.text(scenario.jobB.lowercasedString), .real(2.5), .text("y"), .text("[1,2]"), .null, .null],
                [.text(scenario.jobC.lowercasedString), .integer(3), .text("z"), .null, .null, .null],
            ])
        let leaves = try database.query(
            "SELECT path, value FROM job_parameters WHERE job_id = '\(scenario.jobB.lowercasedString)' ORDER BY path")
        #expect(leaves == [[.text("a.b"), .real(2.5)], [.text("c"), .text("y")], [.text("d"), .text("[1,2]")]])
        #expect(
            try database.query("SELECT path, value FROM job_results") == [
                [.text("energy"), .real(-1.5)], [.text("fit.ok"), .integer(1)],
            ])
        #expect(try database.query("SELECT value FROM snapshot WHERE key = 'last_sequence'") == [[.text("11")]])
    }

    @Test func asOfAPointAndOneServiceExportThatSnapshot() async throws {
        let scratch = TemporaryDirectory()
        let scenario = try await Scenario.write(into: scratch.appending("log"))
        let store = try LogAccess.openReadOnly(scenario.directory)
        let asOf = try Exporter.run(
            store, ExportRequest(format: .jsonl, output: scratch.appending("six"), point: .sequence(6)))
        #expect((asOf.serviceCount, asOf.jobCount, asOf.eventCount) == (1, 2, 6))
        let services = try Self.jsonLines(scratch.appending("six/services.jsonl"))
        #expect(services.first?["name"] as? String == "fit")
        let byTime = try Exporter.run(
            store, ExportRequest(format: .jsonl, output: scratch.appending("time"), point: .time(Scenario.time(5.5))))
        #expect(byTime.lastSequence == 6)

        let other = try Exporter.run(
            store, ExportRequest(format: .sqlite, output: scratch.appending("other.sqlite"), serviceID: scenario.other))
        #expect((other.serviceCount, other.jobCount, other.eventCount) == (1, 1, 2))
        let database = try SQLiteDatabase(path: scratch.appending("other.sqlite"), readOnly: true)
        #expect(
            try database.query("SELECT sequence FROM events ORDER BY sequence") == [[.integer(10)], [.integer(11)]])
    }

    /// An export never writes into the log's directory: an SQLite file renamed over `data.mdb` would
    /// destroy the log (and a server still writing it would acknowledge jobs that are gone on restart).
    @Test func anOutputInsideTheLogsDirectoryIsRefusedAndTheLogIsUntouched() async throws {
        let scratch = TemporaryDirectory()
        let scenario = try await Scenario.write(into: scratch.appending("log"))
        let before = try Self.files(scenario.directory)
        try FileManager.default.createSymbolicLink(
            atPath: scratch.appending("alias"), withDestinationPath: scenario.directory)
        let store = try LogAccess.openReadOnly(scenario.directory)
        let cases: [(ExportFormat, String)] = [
            (.sqlite, scenario.directory + "/data.mdb"),
            (.sqlite, scenario.directory + "/new.sqlite"),
            (.jsonl, scenario.directory),
            (.csv, scenario.directory + "/sub/dir"),
            (.jsonl, scratch.appending("log/../log/.")),
            (.sqlite, scratch.appending("alias/data.mdb")),
        ]
        for (format, output) in cases {
            do {
                _ = try Exporter.run(store, ExportRequest(format: format, output: output))
                Issue.record("\(output) was accepted")
            } catch {
                #expect(error.kind == .unwritableOutput, "\(output)")
                #expect(error.message.contains("inside the log's directory"), "\(error.message)")
            }
        }
        let after = try Self.files(scenario.directory)
        #expect(after.keys.sorted() == before.keys.sorted())
        #expect(after["data.mdb"] == before["data.mdb"])
        // Beside the log is fine.
        _ = try Exporter.run(store, ExportRequest(format: .jsonl, output: scratch.appending("logs-export")))
    }

    @Test func badRequestsFailWithTheirKindAndWriteNothing() async throws {
        let scratch = TemporaryDirectory()
        let scenario = try await Scenario.write(into: scratch.appending("log"))
        let before = try Self.files(scenario.directory)["data.mdb"]
        let store = try LogAccess.openReadOnly(scenario.directory)
        #expect(
            throws: ToolError(
                .unwritableOutput,
                "\(scratch.path)/missing/out.sqlite: the directory \(scratch.path)/missing does not exist")
        ) {
            try Exporter.run(store, ExportRequest(format: .sqlite, output: scratch.appending("missing/out.sqlite")))
        }
        try Data().write(to: URL(fileURLWithPath: scratch.appending("plain-file")))
        do {
            _ = try Exporter.run(store, ExportRequest(format: .csv, output: scratch.appending("plain-file")))
            Issue.record("a file is not a directory")
        } catch {
            #expect(error.kind == .unwritableOutput)
        }
        do {
            _ = try Exporter.run(
                store, ExportRequest(format: .jsonl, output: scratch.appending("x"), serviceID: UUID()))
            Issue.record("an unknown service")
        } catch {
            #expect(error.kind == .unknownID)
        }
        // Registered later than the point asked for.
        do {
            _ = try Exporter.run(
                store,
                ExportRequest(
                    format: .sqlite, output: scratch.appending("y.sqlite"), point: .sequence(5),
                    serviceID: scenario.other))
            Issue.record("a service not yet registered")
        } catch {
            #expect(error.kind == .unknownID)
        }
        #expect(!FileManager.default.fileExists(atPath: scratch.appending("y.sqlite")))
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: scratch.path).allSatisfy { !$0.contains("partial") })
        #expect(try Self.files(scenario.directory)["data.mdb"] == before)
    }

    @Test func flattenerKeepsNumbersAsWrittenAndUnescapesStrings() throws {
        let entries = try JSONFlattener.flatten(
            Array(#"{"a":{"b":1.50e3,"c":"q\"\u00e9\n"},"d":[1,{"e":2}],"f":null,"g":{}}"#.utf8))
        #expect(entries.map(\.path) == [["a", "b"], ["a", "c"], ["d"], ["f"], ["g"]])
        #expect(
            entries.map(\.leaf) == [.number("1.50e3"), .string("q\"é\n"), .json(#"[1,{"e":2}]"#), .null, .json("{}")])
        let array = try JSONFlattener.flatten(Array("[1,2]".utf8))
        #expect(array.map(\.path) == [[]] && array.map(\.leaf) == [.json("[1,2]")])
        #expect(throws: JSONFlattener.MalformedJSON.self) { try JSONFlattener.flatten(Array(#"{"a":}"#.utf8)) }
    }
}
