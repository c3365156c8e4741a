import EventStore
import Foundation
import TopChefCore

/// Why a tool stopped: one line for stderr and a distinct exit code per kind, so that scripts can tell an
/// unknown id from a directory that is not a log or an output that cannot be written.
public struct ToolError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kinds of failure, each with its exit code.
    public enum Kind: Int32, Sendable, CaseIterable {
        /// `verify` found damage, or `replay` found a broken invariant (exit 1).
        case checkFailed = 1
        /// An id that names no job or service (exit 3).
        case unknownID = 3
        /// A directory that is missing, is not a TopChef log, or is of a newer format (exit 4).
        case notALog = 4
        /// A log that is damaged; `topchef verify` says where (exit 5).
        case damagedLog = 5
        /// An output path that cannot be written (exit 6).
        case unwritableOutput = 6
        /// An argument that makes no sense, e.g. a point in the log that is neither a number nor a time (exit 7).
        case invalidArgument = 7
        /// Anything else: a storage error, a failed write (exit 8).
        case failed = 8
    }

    /// What kind of failure.
    public var kind: Kind
    /// One line that says what went wrong and names the values involved.
    public var message: String

    /// An error of `kind`.
    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    /// The process's exit code.
    public var exitCode: Int32 { kind.rawValue }

    public var description: String { message }

    /// Classifies any error thrown by the store, the domain or the tools.
    public init(_ error: any Error) {
        switch error {
        case let error as ToolError:
            self = error
        case let error as EventStoreError:
            switch error {
            case .missingDirectory, .notAnEventLog, .unsupportedFormat: self.init(.notALog, error.description)
            // The damaged error itself advises `topchef verify`.
            case .damaged: self.init(.damagedLog, error.description)
            // `verify` could say no more: there are no events to look into past the end of the file.
            case .truncated: self.init(.damagedLog, error.description)
            default: self.init(.failed, error.description)
            }
        case let error as ProvenanceError:
            switch error {
            case .malformedID: self.init(.invalidArgument, error.description)
            case .unknownID, .jobNotFound, .serviceNotFound: self.init(.unknownID, error.description)
            case .inconsistent: self.init(.damagedLog, error.description)
            }
        case let error as DomainEventDecodingError:
            self.init(.damagedLog, error.description)
        default:
            self.init(.failed, "\(error)")
        }
    }
}
