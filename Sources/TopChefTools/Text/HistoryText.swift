public import TopChefCore

/// The human-readable forms of histories, for `topchef history`.
public enum HistoryText {
    /// A job's story: its service as at submission, its parameters and results, then a table of its events.
    public static func job(_ history: JobHistory) -> String {
        let service = history.serviceAtSubmission
        var lines = [
            "Job \(history.jobID.lowercasedString)  \(history.status.rawValue)",
            "  service     \(EventText.quoted(service.name)) \(service.id.lowercasedString), as at submission "
                + "(version \(service.streamVersion), registered \(service.registeredAt) at #\(service.registrationSequence))",
            "  parameters schema  \(String(decoding: service.parametersSchema, as: UTF8.self))",
            "  results schema     \(String(decoding: service.resultsSchema, as: UTF8.self))",
            "  parameters  \(String(decoding: history.parameters, as: UTF8.self))",
            "  results     \(history.results.map { String(decoding: $0, as: UTF8.self) } ?? "none")",
            "",
        ]
        lines += table(history.entries)
        if let last = history.entries.last {
            lines.append("")
            lines.append(
                "  \(history.entries.count) events, \(duration(last.microsecondsSinceStart)) from submission to the last"
            )
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A service's story: its registration and changes, then its jobs.
    public static func service(_ history: ServiceHistory) -> String {
        let service = history.service
        var lines = [
            "Service \(service.id.lowercasedString)  \(EventText.quoted(service.name))",
            "  description  \(EventText.quoted(service.description))",
            "  timeout      \(service.timeoutSeconds) s, available: \(service.isAvailable)",
            "  parameters schema  \(String(decoding: service.parametersSchema, as: UTF8.self))",
            "  results schema     \(String(decoding: service.resultsSchema, as: UTF8.self))",
            "",
        ]
        lines += table(history.entries)
        lines.append("")
        var counts: [JobStatus: Int] = [:]
        for job in history.jobs { counts[job.status, default: 0] += 1 }
        let countText = JobStatus.allCases.compactMap { status in counts[status].map { "\($0) \(status.rawValue)" } }
        lines.append(
            "  \(history.jobs.count) jobs" + (countText.isEmpty ? "" : ": " + countText.joined(separator: ", ")))
        for job in history.jobs {
            lines.append(
                "  #\(job.submissionSequence)  \(job.submittedAt)  \(job.jobID.lowercasedString)  \(job.status.rawValue)"
                    + (job.hasResults ? "  (results)" : ""))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The entries as a table: sequence, version, time, time since the previous entry, what happened.
    static func table(_ entries: [HistoryEntry]) -> [String] {
        var lines = ["  seq       ver  time                         after prev   event"]
        for entry in entries {
            let sequence = "#\(entry.sequence)".padding(9)
            let version = "v\(entry.streamVersion)".padding(4)
            let after = (entry.microsecondsSincePrevious.map { "+" + duration($0) } ?? "").padding(12)
            lines.append(
                "  \(sequence) \(version) \(entry.time)  \(after) \(entry.event.typeName)  \(EventText.summary(entry.event))"
            )
        }
        return lines
    }

    /// `2.5 s`, `1 min 5.25 s`, `3 h 2 min 0 s`.
    static func duration(_ microseconds: Int64) -> String {
        let sign = microseconds < 0 ? "-" : ""
        let magnitude = Int64(microseconds.magnitude)
        let seconds = ProvenanceJSON.seconds(microseconds: magnitude % 60_000_000)
        let minutes = magnitude / 60_000_000
        if minutes == 0 { return "\(sign)\(seconds) s" }
        if minutes < 60 { return "\(sign)\(minutes) min \(seconds) s" }
        return "\(sign)\(minutes / 60) h \(minutes % 60) min \(seconds) s"
    }
}

extension String {
    fileprivate func padding(_ width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
