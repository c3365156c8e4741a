public import Foundation

/// A command that the current state does not allow. Each case names the values involved.
public enum DomainError: Error, Sendable, Hashable, CustomStringConvertible {
    /// No service has this id.
    case serviceNotFound(UUID)
    /// No job has this id.
    case jobNotFound(UUID)
    /// A service with this id exists already.
    case serviceAlreadyExists(UUID)
    /// A job with this id exists already.
    case jobAlreadyExists(UUID)
    /// A timeout must be a positive number of seconds.
    case invalidTimeout(Int64)
    /// Another writer kept changing the same stream; the command was tried several times and gave up.
    case contention(streamName: String, attempts: Int)

    public var description: String {
        switch self {
        case .serviceNotFound(let id): "A service with UUID \(id.lowercasedString) does not exist"
        case .jobNotFound(let id): "A job with id \(id.lowercasedString) was not found"
        case .serviceAlreadyExists(let id): "A service with UUID \(id.lowercasedString) exists already"
        case .jobAlreadyExists(let id): "A job with id \(id.lowercasedString) exists already"
        case .invalidTimeout(let value):
            "timeout must be a positive number of seconds up to \(ServiceRecord.maximumTimeoutSeconds), not \(value)"
        case .contention(let stream, let attempts):
            "the stream \(stream) kept changing; gave up after \(attempts) attempts"
        }
    }
}
