import EventStore
import Logging
import Testing

@testable import TopChefHTTP

/// The server's log lines: time, level, label, message, then every metadata key in order, then the source.
struct StandardErrorLogHandlerTests {
    @Test func lineHasEveryMetadataSourceWithLaterOnesWinning() {
        var handler = StandardErrorLogHandler(
            label: "topchef", metadataProvider: Logger.MetadataProvider { ["trace": "t1", "shared": "provider"] })
        handler[metadataKey: "hb.request.id"] = "abc123"
        handler[metadataKey: "shared"] = "logger"
        #expect(handler[metadataKey: "hb.request.id"] == "abc123")
        let event = LogEvent(
            level: .warning, message: "request refused", metadata: ["shared": "call", "status": "404"],
            source: "TopChefHTTP", file: #fileID, function: #function, line: #line)
        let line = handler.line(for: event, at: Timestamp(microsecondsSinceEpoch: 1_764_454_200_123_456))
        #expect(
            line
                == "2025-11-29T22:10:00.123456Z warning topchef: request refused hb.request.id=abc123 shared=call "
                + "status=404 trace=t1 [TopChefHTTP]\n")
    }

    @Test func anErrorIsPartOfTheLine() {
        struct Refused: Error, CustomStringConvertible { var description: String { "disk full" } }
        let handler = StandardErrorLogHandler(label: "topchef")
        var event = LogEvent(
            level: .error, message: "the commit failed", metadata: nil, source: "EventStore", file: #fileID,
            function: #function, line: #line)
        event.error = Refused()
        let line = handler.line(for: event, at: Timestamp(microsecondsSinceEpoch: 0))
        #expect(line == "1970-01-01T00:00:00.000000Z error topchef: the commit failed error=disk full [EventStore]\n")
    }
}
