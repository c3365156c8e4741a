/// An append found its stream at another version than expected; nothing was appended.
public struct WrongExpectedVersionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The stream appended to.
    public let streamID: StreamID
    /// What the appender expected.
    public let expected: ExpectedVersion
    /// The stream's version at the time of the append (0 when it does not exist).
    public let actual: UInt64

    /// An error naming the stream and both versions.
    public init(streamID: StreamID, expected: ExpectedVersion, actual: UInt64) {
        self.streamID = streamID
        self.expected = expected
        self.actual = actual
    }

    public var description: String {
        "wrong expected version for stream \(streamID): expected \(expected), but it is at version \(actual)"
    }
}
