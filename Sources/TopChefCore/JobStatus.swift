/// Where a job is in its life. The original server allows any transition, and its clients move jobs back
/// to ``registered``, so the domain does too.
public enum JobStatus: String, Sendable, Hashable, CaseIterable {
    /// Submitted and waiting for a worker.
    case registered = "REGISTERED"
    /// A worker is running it.
    case working = "WORKING"
    /// Finished successfully.
    case completed = "COMPLETED"
    /// Finished with an error.
    case error = "ERROR"

    /// Parses a status case-insensitively, as the original server does.
    public init?(caseInsensitive text: String) {
        self.init(rawValue: text.uppercased())
    }

    /// A compact code for the binary event payloads; stable forever.
    var code: UInt8 {
        switch self {
        case .registered: 0
        case .working: 1
        case .completed: 2
        case .error: 3
        }
    }

    init?(code: UInt8) {
        switch code {
        case 0: self = .registered
        case 1: self = .working
        case 2: self = .completed
        case 3: self = .error
        default: return nil
        }
    }
}
