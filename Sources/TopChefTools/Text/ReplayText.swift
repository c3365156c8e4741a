public import TopChefCore

/// The human-readable summary of a replay, for `topchef replay`.
public enum ReplayText {
    /// Services, jobs by status, events, time taken and rate, then the invariants.
    public static func summary(_ report: ReplayReport, point: LogPoint) -> String {
        let state = report.state
        var lines = [
            "Replayed \(report.eventCount) events up to \(point == .end ? "the end of the log" : point.description)"
                + " (last: #\(report.lastSequence)\(report.lastRecordedAt.map { ", recorded \($0)" } ?? ""))",
            "  services  \(state.serviceCount)",
            "  jobs      \(state.jobCount)",
        ]
        for status in JobStatus.allCases {
            lines.append("    \(status.rawValue.padding(toLength: 11))\(state.jobCounts[status, default: 0])")
        }
        let seconds = Double(report.duration.components.seconds) + Double(report.duration.components.attoseconds) / 1e18
        lines.append(
            "  time      \(formatted(seconds, digits: 3)) s, \(Int(report.eventsPerSecond.rounded())) events/s")
        if report.violationCount == 0 {
            lines.append("  invariants hold")
        } else {
            lines.append("  \(report.violationCount) invariant violation(s):")
            for violation in report.violations { lines.append("    \(violation)") }
            if report.violationCount > report.violations.count {
                lines.append("    … and \(report.violationCount - report.violations.count) more")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `value` with exactly `digits` decimals.
    public static func formatted(_ value: Double, digits: Int) -> String {
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let scaled = Int64((value * scale).rounded())
        let whole = scaled / Int64(scale)
        let fraction = String(scaled % Int64(scale))
        return "\(whole)." + String(repeating: "0", count: digits - fraction.count) + fraction
    }
}

extension String {
    fileprivate func padding(toLength width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
