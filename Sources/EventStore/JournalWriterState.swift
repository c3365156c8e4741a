/// The writer's side of the ``CommitJournal``: what it has journaled and not yet handed to the
/// ``Checkpointer``, the generation being checkpointed, and whether the journal can still be trusted.
/// Touched only by the writer thread (and by ``LMDBEventStore/close()`` once that thread has ended).
final class JournalWriterState {
    let journal: CommitJournal
    let checkpointer: Checkpointer
    /// Journaled since the last seal.
    var active = JournalGeneration()
    /// Sealed and handed to the checkpointer; nil once the writer has seen it in `data.mdb`.
    var sealed: JournalGeneration?
    /// The version of each stream journaled in a generation that may not be in `data.mdb` yet, and that
    /// generation: the writer checks expected versions here first, then in `data.mdb`. One dictionary for
    /// both generations (one lookup per append), pruned when a checkpoint finishes.
    var recentVersions: [StreamKey: (version: UInt64, generation: UInt64)] = [:]
    /// Set when a journal write or flush failed: after a failed flush nothing is known about what reached
    /// the disk, so the store takes no more writes (a restart recovers what the journal holds).
    var failure: EventStoreError?
    /// See ``LMDBEventStore/Options/generationBytes``.
    let generationBytes: Int
    /// See ``LMDBEventStore/Options/checkpoints``.
    let checkpoints: Bool

    init(journal: CommitJournal, checkpointer: Checkpointer, generationBytes: Int, checkpoints: Bool) {
        self.journal = journal
        self.checkpointer = checkpointer
        self.generationBytes = generationBytes
        self.checkpoints = checkpoints
    }
}
