import Foundation

/// Reads what the ``CommitJournal`` files of a log hold beyond `data.mdb`: at a writable open, to put it in
/// `data.mdb` before anything else happens; at a read-only open (or a later look), to show it to readers.
enum JournalRecovery {
    /// What the journal adds to a `data.mdb` that ends at some head.
    struct Found {
        /// The events after the head, in order, each one's hash and place in the chain verified.
        var tail = JournalTail.Contents()
        /// The newest generation in either file (0 when there is none).
        var newestGeneration: UInt64 = 0
        /// The file whose generation is older (or that holds none): the one to write next.
        var olderFile = 0
        /// The last event found, if any: the log's head after the tail.
        var last: (sequence: UInt64, hash: [UInt8], recordedAt: Timestamp)?
    }

    /// The journal of the log in `directory` after an event log whose last event is `sequence` with
    /// `hash`. Frames of events `data.mdb` has are skipped; events are taken while each continues the chain
    /// (the first one that does not is where the last commit before a crash was cut short, and nothing after
    /// it was acknowledged); annotations are taken in order up to there. A frame that does not check out
    /// ends its file, not the search: the newer file is still read, and must then continue the chain.
    ///
    /// - Throws: ``EventStoreError/damaged(path:sequence:reason:)`` when the journal skips events (it holds
    ///   later events but not the next one: acknowledged events are missing from both files).
    static func read(directory: String, after sequence: UInt64, hash: [UInt8]) throws(EventStoreError) -> Found {
        var files: [(index: Int, frames: [JournalFrame])] = []
        for (index, name) in CommitJournal.fileNames.enumerated() {
            let path = directory + "/" + name
            guard FileManager.default.fileExists(atPath: path) else {
                files.append((index, []))
                continue
            }
            guard let data = FileManager.default.contents(atPath: path) else {
                throw .storage(path: directory, message: "\(name) cannot be read")
            }
            files.append((index, JournalFrame.readFile([UInt8](data))))
        }
        var found = Found()
        let ordered = files.sorted { ($0.frames.first?.generation ?? 0) < ($1.frames.first?.generation ?? 0) }
        found.olderFile = ordered[0].index
        found.newestGeneration = ordered.last?.frames.first?.generation ?? 0
        var recovered: [JournaledEvent] = []
        var expected = sequence + 1
        var previousHash = hash
        for file in ordered {
            frames: for (index, frame) in file.frames.enumerated() {
                switch frame.kind {
                case .padding:
                    continue  // `readFile` skips them already.
                case .annotation:
                    guard let (key, value) = JournalFrame.annotation(in: frame.payload) else {
                        try checkTornTail(file.frames, at: index, directory: directory, expected: expected)
                        break frames
                    }
                    found.tail.annotations.append(JournaledAnnotation(key: key, value: value))
                case .event:
                    guard let event = Self.event(frame.payload) else {
                        try checkTornTail(file.frames, at: index, directory: directory, expected: expected)
                        break frames
                    }
                    if event.sequence < expected { continue }
                    if event.sequence > expected {
                        throw .damaged(
                            path: directory, sequence: expected,
                            reason:
                                "the journal goes on at event \(event.sequence), but data.mdb and the journal end at \(expected - 1)"
                        )
                    }
                    guard event.previousHash == previousHash else {
                        try checkTornTail(file.frames, at: index, directory: directory, expected: expected)
                        break frames
                    }
                    recovered.append(
                        JournaledEvent(
                            sequence: event.sequence, streamName: event.streamID.name,
                            streamVersion: event.streamVersion,
                            record: frame.payload))
                    found.last = (event.sequence, event.hash, event.recordedAt)
                    previousHash = event.hash
                    expected += 1
                }
            }
        }
        if !recovered.isEmpty { found.tail.commits = [recovered] }
        return found
    }

    /// Throws when the frame at `index`, which does not check out, is not the torn tail a crash leaves: when
    /// a later commit in the same file holds events that `data.mdb` lacks. That commit was written only after
    /// the damaged one had been flushed and acknowledged, so events were lost, and saying nothing would
    /// drop them. (Damage to entries `data.mdb` has already, or to annotations alone, loses nothing that
    /// is provenance.)
    private static func checkTornTail(
        _ frames: [JournalFrame], at index: Int, directory: String, expected: UInt64
    ) throws(EventStoreError) {
        guard let nextCommit = frames[(index + 1)...].firstIndex(where: \.startsCommit) else { return }
        for later in frames[nextCommit...] where later.kind == .event {
            if let event = event(later.payload), event.sequence >= expected {
                throw .damaged(
                    path: directory, sequence: expected,
                    reason: "the journal holds a damaged entry before event \(event.sequence), which was acknowledged")
            }
        }
    }

    /// The event a frame holds, when its record decodes and its hash matches.
    private static func event(_ record: [UInt8]) -> RecordedEvent? {
        record.withUnsafeBytes { try? EventRecordCodec.decode($0, verifyHash: true) }
    }
}
