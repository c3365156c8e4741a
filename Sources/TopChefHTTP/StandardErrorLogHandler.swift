import EventStore
import Foundation
import Logging

/// Writes log lines to standard error, and renders metadata as text only for lines it writes.
///
/// Why not swift-log's `StreamLogHandler`: it renders all its metadata to text whenever the metadata
/// changes, and Hummingbird gives every request's logger a request id, so every request paid for text
/// that at the usual levels is never written (about 1 % of the server's CPU under load).
///
/// A line: `2026-11-29T22:10:00.123456Z info topchef: message hb.request.id=… key=value [source]`, with the
/// metadata keys sorted, the logger's first, then the metadata provider's, then the call's.
struct StandardErrorLogHandler: LogHandler {
    /// The logger's label.
    let label: String
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]
    var metadataProvider: Logger.MetadataProvider?

    /// A handler for the logger `label`.
    init(label: String, metadataProvider: Logger.MetadataProvider? = nil) {
        self.label = label
        self.metadataProvider = metadataProvider
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        FileHandle.standardError.write(Data(line(for: event, at: Timestamp.now()).utf8))
    }

    /// The text written for `event` logged at `time`, newline included.
    func line(for event: LogEvent, at time: Timestamp) -> String {
        var all = metadata
        if let provided = metadataProvider?.get() { all.merge(provided) { $1 } }
        if let own = event.metadata { all.merge(own) { $1 } }
        if let error = event.error { all["error"] = .string("\(error)") }
        var text = time.description + " \(event.level) \(label): \(event.message)"
        for key in all.keys.sorted() { text += " \(key)=\(all[key]!)" }
        text += " [\(event.source)]\n"
        return text
    }
}
