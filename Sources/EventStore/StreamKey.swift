/// A stream id with its hash computed once, on the appender's task: the writer thread looks every append's
/// stream up in dictionaries (the versions journaled but not yet checkpointed), and hashing the string
/// there, several times per event, showed in its profile.
struct StreamKey: Hashable, Sendable {
    let name: String
    private let precomputedHash: Int

    init(_ name: String) {
        self.name = name
        var hasher = Hasher()
        hasher.combine(name)
        precomputedHash = hasher.finalize()
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(precomputedHash)
    }

    static func == (left: StreamKey, right: StreamKey) -> Bool {
        left.precomputedHash == right.precomputedHash && left.name == right.name
    }
}
