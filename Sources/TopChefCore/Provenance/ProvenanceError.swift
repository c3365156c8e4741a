public import Foundation

/// Why a provenance query has no answer. Each case names the values involved.
public enum ProvenanceError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The text is not an id at all (not a UUID in any spelling the API accepts).
    case malformedID(String)
    /// Neither a job nor a service has this id.
    case unknownID(String)
    /// No job has this id.
    case jobNotFound(UUID)
    /// No service has this id.
    case serviceNotFound(UUID)
    /// The log says something the domain forbids, e.g. a job whose first event is not its submission.
    case inconsistent(sequence: UInt64, reason: String)

    public var description: String {
        switch self {
        case .malformedID(let text): "\(text) is not an id: expected a UUID, e.g. 01a22b4b-3b4f-74fb-9774-7f804e161900"
        case .unknownID(let id): "no job or service has the id \(id)"
        case .jobNotFound(let id): "no job has the id \(id.lowercasedString)"
        case .serviceNotFound(let id): "no service has the id \(id.lowercasedString)"
        case .inconsistent(let sequence, let reason):
            "the log is inconsistent at sequence number \(sequence): \(reason)"
        }
    }
}
