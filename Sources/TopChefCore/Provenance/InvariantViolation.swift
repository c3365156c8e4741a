/// Something in the log or the projections that the domain's rules forbid.
public struct InvariantViolation: Sendable, Hashable, CustomStringConvertible {
    /// The sequence number of the event that breaks the rule, or nil for a rule about the final state.
    public var sequence: UInt64?
    /// What is wrong, naming the values involved.
    public var message: String

    /// A violation at `sequence`.
    public init(sequence: UInt64?, message: String) {
        self.sequence = sequence
        self.message = message
    }

    public var description: String {
        if let sequence { "sequence number \(sequence): \(message)" } else { message }
    }
}
