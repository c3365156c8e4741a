/// What an appender believes about a stream's version; the store refuses the append when it is wrong.
public enum ExpectedVersion: Sendable, Hashable, CustomStringConvertible {
    /// Append whatever the stream's version is.
    case any
    /// The stream must not exist yet (version 0).
    case noStream
    /// The stream's last event must have exactly this version.
    case exact(UInt64)

    /// `true` when a stream whose current version is `actual` satisfies this expectation.
    public func isSatisfied(by actual: UInt64) -> Bool {
        switch self {
        case .any: true
        case .noStream: actual == 0
        case .exact(let expected): actual == expected
        }
    }

    public var description: String {
        switch self {
        case .any: "any version"
        case .noStream: "no stream"
        case .exact(let version): "version \(version)"
        }
    }
}
