/// What one commit journals, gathered by the writer while it stamps the batch, and how to take back the
/// version updates it made before the commit was written (the batch failed, or its read transaction has to
/// run again).
struct BatchWrites {
    var events: [JournaledEvent] = []
    var annotations: [JournaledAnnotation] = []
    /// Roughly the bytes the writes take (see ``JournalGeneration/bytes``).
    var bytes = 0
    /// Each stream whose entry in ``JournalWriterState/recentVersions`` the batch changed, and the entry
    /// before, in the order of the changes.
    var replacedVersions: [(key: StreamKey, previous: (version: UInt64, generation: UInt64)?)] = []

    /// Restores the version entries the batch changed, newest change first, and empties it.
    mutating func rollBack(_ state: JournalWriterState) {
        for (key, previous) in replacedVersions.reversed() {
            state.recentVersions[key] = previous
        }
        self = BatchWrites()
    }
}
