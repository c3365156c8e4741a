/// The name of one stream of events, e.g. `job-0b6e…` or `service-4f1a…`.
///
/// As in message-db, the part before the first `-` is the stream's category. The name is UTF-8, at most
/// 255 bytes, and has no NUL byte (the LMDB store uses NUL to separate a stream's name from its versions).
public struct StreamID: Sendable, Hashable, CustomStringConvertible, ExpressibleByStringLiteral {
    /// The stream's full name.
    public let name: String

    /// A stream named `name`. Call ``validate()`` (appends do) before storing it.
    public init(_ name: String) {
        self.name = name
    }

    /// A stream named by a string literal.
    public init(stringLiteral value: String) {
        self.init(value)
    }

    /// The stream of `category` whose id is `id`, e.g. `StreamID(category: "job", id: "…")`.
    public init(category: String, id: String) {
        self.init(category + "-" + id)
    }

    /// The part of the name before the first `-`, or the whole name.
    public var category: Substring {
        name.prefix { $0 != "-" }
    }

    public var description: String { name }

    /// Throws ``EventStoreError/invalidStreamID(_:reason:)`` when the name cannot be stored.
    public func validate() throws(EventStoreError) {
        if name.isEmpty { throw .invalidStreamID(name, reason: "it is empty") }
        if name.utf8.count > 255 { throw .invalidStreamID(name, reason: "it is longer than 255 bytes") }
        if name.containsNULByte { throw .invalidStreamID(name, reason: "it contains a NUL byte") }
    }
}
