#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A progress bar with the rate and the time left, drawn on stderr only when stderr is a terminal (so that
/// logs and pipes stay clean), at most ten times a second.
public final class ProgressBar {
    private let label: String
    private let total: UInt64
    private let isEnabled: Bool
    private let clock = ContinuousClock()
    private let start: ContinuousClock.Instant
    private var lastDraw: ContinuousClock.Instant

    /// A bar for `total` units of work (events), labelled `label`; silent unless stderr is a terminal.
    public init(label: String, total: UInt64, enabled: Bool? = nil) {
        self.label = label
        self.total = max(total, 1)
        self.isEnabled = enabled ?? (isatty(2) == 1)
        start = clock.now
        lastDraw = start
    }

    /// Reports that `done` units are done.
    public func update(_ done: UInt64) {
        guard isEnabled else { return }
        let now = clock.now
        guard now - lastDraw >= .milliseconds(100) else { return }
        lastDraw = now
        let elapsed = Self.seconds(now - start)
        let rate = elapsed > 0 ? Double(done) / elapsed : 0
        let fraction = min(Double(done) / Double(total), 1)
        let width = 30
        let filled = Int(fraction * Double(width))
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
        let left = rate > 0 ? Double(total - min(done, total)) / rate : 0
        let line =
            "\r\(label) [\(bar)] \(Int(fraction * 100))% \(done)/\(total) events, "
            + "\(Self.format(rate))/s, \(Self.format(seconds: left)) left  "
        writeToStandardError(line)
    }

    /// Clears the bar.
    public func finish() {
        guard isEnabled else { return }
        writeToStandardError("\r" + String(repeating: " ", count: 100) + "\r")
    }

    /// A duration in seconds.
    public static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    /// `1.2M`, `340k`, `12`.
    static func format(_ rate: Double) -> String {
        if rate >= 1e6 { return String(Int(rate / 1e5) / 10) + "." + String(Int(rate / 1e5) % 10) + "M" }
        if rate >= 1e3 { return String(Int(rate / 1e3)) + "k" }
        return String(Int(rate))
    }

    /// `1m05s`, `12s`.
    static func format(seconds: Double) -> String {
        let whole = Int(seconds.rounded(.up))
        return whole >= 60 ? "\(whole / 60)m\(whole % 60 < 10 ? "0" : "")\(whole % 60)s" : "\(whole)s"
    }
}

/// Writes `text` to file descriptor 2, unbuffered.
func writeToStandardError(_ text: String) {
    var text = text
    text.withUTF8 { bytes in _ = write(2, bytes.baseAddress, bytes.count) }
}
